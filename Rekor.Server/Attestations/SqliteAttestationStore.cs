using Microsoft.Data.Sqlite;

namespace Rekor.Server.Attestations;

/// <summary>
/// The embedded default: attestations in their own SQLite file beside the log's (<c>attestations.db</c> in the data
/// directory), so that writing one never waits for the log's write lock nor holds it. WAL with
/// <c>synchronous=FULL</c>: a completed put is on disk.
/// </summary>
public sealed class SqliteAttestationStore : IAttestationStore
{
    private const string Pragmas = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;";

    private readonly string _connectionString;

    public SqliteAttestationStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = "PRAGMA journal_mode=WAL; " + Pragmas
            + "CREATE TABLE IF NOT EXISTS attestations (storage_key TEXT PRIMARY KEY NOT NULL, data BLOB NOT NULL) WITHOUT ROWID;";
        create.ExecuteNonQuery();
    }

    public async Task PutAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        AttestationKeys.Check(key);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO attestations (storage_key, data) VALUES ($key, $data) ON CONFLICT (storage_key) DO UPDATE SET data = excluded.data";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.Add("$data", SqliteType.Blob).Value = data.ToArray();
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        AttestationKeys.Check(key);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM attestations WHERE storage_key = $key";
        command.Parameters.AddWithValue("$key", key);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = Pragmas;
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
