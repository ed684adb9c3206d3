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

    [Fact]
    public async Task Under_steady_reads_and_writes_the_wal_is_emptied_once_it_passes_its_limit()
    {
        // Commits with reads in between: the WAL rarely or never finds a moment to start over by itself (every frame
        // copied and no reader inside it), and even when it does, its file keeps its largest size. Only the TRUNCATE
        // checkpoint gives the space back, so the file's size after a large batch shows whether it ran.
        var path = Path.Combine(_directory.Path, "rekor.db");
        await using var storage = new SqliteLogStorage(path, walTruncateFrames: 64);
        await using var log = await TestLog.OpenAsync(storage, _key);
        using var stopReading = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!stopReading.IsCancellationRequested)
            {
                var head = await storage.ReadHeadAsync(log.Shards.ActiveTreeId, CancellationToken.None);
                if (head!.Size > 0)
                {
                    await storage.ReadEntryAsync(log.Shards.ActiveTreeId, head.Size - 1, CancellationToken.None);
                }

                await Task.Delay(1); // reads complete synchronously: let the writers' continuations run too
            }
        })).ToList();

        var body = new string('x', 4000);
        for (var batch = 0; batch < 40; batch++)
        {
            await Task.WhenAll(Enumerable.Range(0, 10).Select(i => log.Sequencer.AppendAsync(TestLog.Leaf($"{batch}/{i} {body}"), [], CancellationToken.None)));
        }

        // One commit of about 2 MB, far past the limit of 64 frames (256 KB).
        await Task.WhenAll(Enumerable.Range(0, 400).Select(i => log.Sequencer.AppendAsync(TestLog.Leaf($"large/{i} {body}"), [], CancellationToken.None)));
        await stopReading.CancelAsync();
        await Task.WhenAll(readers);
        await log.Sequencer.AppendAsync(TestLog.Leaf("after"), [], CancellationToken.None);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (WalBytes(path) >= 512 * 1024 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.InRange(WalBytes(path), 0, (512 * 1024) - 1);
        Assert.Equal(801, (await storage.ReadHeadAsync(log.Shards.ActiveTreeId, CancellationToken.None))!.Size);
    }

    private static long WalBytes(string path) => File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0;

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
