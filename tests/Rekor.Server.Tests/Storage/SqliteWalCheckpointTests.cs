using Microsoft.Data.Sqlite;
using Rekor.Core.Signing;
using Rekor.Server.Storage.Sqlite;
using Rekor.Server.Tests.Log;

namespace Rekor.Server.Tests.Storage;

/// <summary>
/// Batch writes leave checkpointing to a background loop (their connections have the automatic checkpoint off): the
/// committed entries still reach the main database file soon after, without waiting for 1,000 WAL pages, and the
/// connections kept open for reads do not hold them back.
/// </summary>
public sealed class SqliteWalCheckpointTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly EcdsaLogSigner _key = EcdsaLogSigner.Generate();

    public void Dispose()
    {
        _key.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Committed_batches_reach_the_main_file_without_the_wal()
    {
        var path = Path.Combine(_directory.Path, "rekor.db");
        await using var storage = new SqliteLogStorage(path);
        await using var log = await TestLog.OpenAsync(storage, _key);
        for (var batch = 0; batch < 5; batch++)
        {
            await Task.WhenAll(Enumerable.Range(0, 20).Select(i => log.Sequencer.AppendAsync(TestLog.Leaf($"batch {batch} entry {i}"), [$"sha256:{batch:x2}{i:x2}"], CancellationToken.None)));

            // Reads between batches leave their connections idle in the store's read pool: an idle one must hold no
            // snapshot, or the checkpoint could not copy the batches committed after it.
            var head = await storage.ReadHeadAsync(log.Shards.ActiveTreeId, CancellationToken.None);
            Assert.NotNull(await storage.ReadEntryAsync(log.Shards.ActiveTreeId, head!.Size - 1, CancellationToken.None));
        }

        // The main file alone (copied without its -wal) holds all 100 once a checkpoint ran; the WAL is a few pages only,
        // far below the 1,000 at which SQLite's own checkpoint would have run.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        long inMainFile;
        do
        {
            await Task.Delay(50);
            inMainFile = CountEntriesInMainFileAlone(path);
        }
        while (inMainFile < 100 && DateTime.UtcNow < deadline);

        Assert.Equal(100, inMainFile);
    }

    private long CountEntriesInMainFileAlone(string path)
    {
        var copy = Path.Combine(_directory.Path, $"main-only-{Guid.NewGuid():N}.db");
        File.Copy(path, copy);
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM entries";
            return (long)command.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            return -1; // copied mid-checkpoint or before the schema reached the file: look again
        }
    }
}
