using Microsoft.Data.Sqlite;
using Rekor.Core.Verification;

namespace Rekor.Server.Storage.Sqlite;

/// <summary>
/// The search index in the log's own SQLite database (table <c>search_index</c>), written in the log's transaction:
/// <see cref="SqliteLogStorage"/> hands each batch to <see cref="WriteAsync"/> inside the transaction that commits
/// it, so the index never drifts from the log. Lookups use their own connection and see committed rows only.
/// </summary>
public sealed class SqliteSearchIndex : ISearchIndex, ISearchIndexWriter
{
    private readonly string _connectionString;

    /// <summary>An index over the log database at <paramref name="path"/> (the file <see cref="SqliteLogStorage"/> opens).</summary>
    public SqliteSearchIndex(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
    }

    public bool WrittenInLogTransaction => true;

    public string Consumer => "sqlite";

    /// <summary>The log's store creates the table.</summary>
    public Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Files keys outside a batch (the reindex command); idempotent.</summary>
    public async Task WriteAsync(IReadOnlyList<IndexedEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA busy_timeout=10000;";
        await command.ExecuteNonQueryAsync(cancellationToken);
        await InsertAsync(command, entries.SelectMany(e => e.Keys.Select(k => (k, e.EntryId))), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> LookupAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var found = new SortedSet<string>(StringComparer.Ordinal);
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout=10000;"; // as the log's own connections wait for its lock
        await command.ExecuteNonQueryAsync(cancellationToken);
        command.CommandText = "SELECT entry_id FROM search_index WHERE entry_key = $key";
        var key = command.Parameters.Add("$key", SqliteType.Text);
        foreach (var value in keys)
        {
            key.Value = value.ToLowerInvariant();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add(reader.GetString(0));
            }
        }

        return [.. found];
    }

    /// <summary>Files the batch's index keys, in the caller's transaction (the one that commits the batch).</summary>
    internal static async Task WriteAsync(SqliteConnection connection, SqliteTransaction transaction, BatchWrite batch, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var rows = batch.Entries.SelectMany(e => e.IndexKeys.Select(k => (k, EntryId.ForTree(batch.TreeId, e.LeafHash).ToString())));
        await InsertAsync(command, rows, cancellationToken);
    }

    /// <summary>Files (key, entry ID) pairs with <paramref name="command"/>'s connection and transaction, lowercasing keys.</summary>
    private static async Task InsertAsync(SqliteCommand command, IEnumerable<(string Key, string EntryId)> rows, CancellationToken cancellationToken)
    {
        command.CommandText = "INSERT OR IGNORE INTO search_index (entry_key, entry_id) VALUES ($key, $id)";
        var key = command.Parameters.Add("$key", SqliteType.Text);
        var id = command.Parameters.Add("$id", SqliteType.Text);
        await command.PrepareAsync(cancellationToken);
        foreach (var (indexKey, entryId) in rows)
        {
            key.Value = indexKey.ToLowerInvariant();
            id.Value = entryId;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
