using System.Security.Cryptography;
using MySqlConnector;
using Rekor.Server.Storage;
using Rekor.Server.Storage.MySql;
using Rekor.Server.Tests.Services;

namespace Rekor.Server.Tests.Storage;

/// <summary>
/// The storage contract on MySQL/MariaDB: each test's databases are fresh ones on the test process's shared MariaDB
/// (or REKOR_TEST_MYSQL_DSN's server), with Rekor's EntryIndex kept in the log's database; dropped afterwards.
/// </summary>
public sealed class MariaDbLogStorageContractTests : LogStorageContract
{
    private readonly Dictionary<ILogStorage, string> _databaseOf = new(ReferenceEqualityComparer.Instance);
    private readonly List<string> _databases = [];
    private MariaDbInstance _server = null!;

    protected override async Task<ILogStorage> CreateStorageAsync()
    {
        _server ??= await MariaDbInstance.SharedAsync();
        var database = await _server.CreateDatabaseAsync("contract");
        _databases.Add(database);
        return Open(database);
    }

    protected override ILogStorage OpenAnother(ILogStorage storage) => Open(_databaseOf[storage]);

    protected override async Task<IReadOnlyList<string>> LookupAsync(ILogStorage storage, IReadOnlyCollection<string> keys)
    {
        await using var index = new MySqlSearchIndex(Dsn(_databaseOf[storage]), new MySqlPoolOptions(), inLogTransaction: true);
        return await index.LookupAsync(keys, CancellationToken.None);
    }

    protected override async Task WriteDebrisAsync(ILogStorage storage, long treeId, long index)
    {
        await using var connection = new MySqlConnection(_server.ConnectionString(_databaseOf[storage]).ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(
            "INSERT INTO entries (tree_id, idx, leaf_hash, body, integrated_time, set_signature) VALUES (@tree, @index, @leaf, x'00', 0, x'00')",
            connection);
        command.Parameters.AddWithValue("@tree", treeId);
        command.Parameters.AddWithValue("@index", index);
        command.Parameters.AddWithValue("@leaf", RandomNumberGenerator.GetBytes(32));
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task DisposeDatabasesAsync()
    {
        if (_databases.Count == 0)
        {
            return;
        }

        await using var connection = new MySqlConnection(_server.ConnectionString().ConnectionString);
        await connection.OpenAsync();
        foreach (var database in _databases)
        {
            await using var drop = new MySqlCommand($"DROP DATABASE IF EXISTS `{database}`", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private GoMySqlDsn Dsn(string database) => GoMySqlDsn.Parse(_server.GoDsn(database));

    private MySqlLogStorage Open(string database)
    {
        var storage = new MySqlLogStorage(Dsn(database), new MySqlPoolOptions(), keepsSearchIndex: true);
        _databaseOf[storage] = database;
        return storage;
    }
}
