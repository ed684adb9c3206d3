using Microsoft.Data.Sqlite;
using Rekor.Server.Storage;
using Rekor.Server.Storage.Sqlite;

namespace Rekor.Server.Tests.Storage;

/// <summary>The storage contract on SQLite: each database a file of its own in the test's temporary directory.</summary>
public sealed class SqliteLogStorageContractTests : LogStorageContract, IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly Dictionary<ILogStorage, string> _fileOf = new(ReferenceEqualityComparer.Instance);
    private int _files;

    public void Dispose() => _directory.Dispose();

    protected override Task<ILogStorage> CreateStorageAsync() => Task.FromResult<ILogStorage>(Open(_directory.File($"log{++_files}.db")));

    protected override ILogStorage OpenAnother(ILogStorage storage) => Open(_fileOf[storage]);

    protected override Task<IReadOnlyList<string>> LookupAsync(ILogStorage storage, IReadOnlyCollection<string> keys) =>
        new SqliteSearchIndex(_fileOf[storage]).LookupAsync(keys, CancellationToken.None);

    protected override async Task WriteDebrisAsync(ILogStorage storage, long treeId, long index)
    {
        await using var connection = new SqliteConnection("Data Source=" + _fileOf[storage]);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO entries (tree_id, idx, leaf_hash, body, integrated_time, set_signature) VALUES ($tree, $index, randomblob(32), x'00', 0, x'00')";
        command.Parameters.AddWithValue("$tree", treeId);
        command.Parameters.AddWithValue("$index", index);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The files go with the directory, in <see cref="Dispose"/>.</summary>
    protected override Task DisposeDatabasesAsync() => Task.CompletedTask;

    private SqliteLogStorage Open(string file)
    {
        var storage = new SqliteLogStorage(file);
        _fileOf[storage] = file;
        return storage;
    }
}
