using MySqlConnector;

namespace Rekor.Server.Storage.MySql;

/// <summary>
/// The search index in Rekor's MySQL layout (table <c>EntryIndex</c>: lowercased key, 80-hex entry ID, both the
/// primary key), so an index Rekor wrote is read here and the other way round. Either in the log's own database, written
/// in each batch's transaction (<see cref="WrittenInLogTransaction"/>: never drifts), or in another database
/// (<c>--search_index.mysql.dsn</c>), fed after commit from the log's outbox through <see cref="WriteAsync"/>.
/// Keys longer than the column's 512 characters cannot be kept in this layout and are left out of it.
/// </summary>
public sealed class MySqlSearchIndex(GoMySqlDsn dsn, MySqlPoolOptions pool, bool inLogTransaction) : ISearchIndex, ISearchIndexWriter, IAsyncDisposable
{
    /// <summary>The width of Rekor's <c>EntryKey</c> column.</summary>
    public const int MaxKeyLength = 512;

    private readonly MySqlDataSource _source = new(pool.Apply(dsn.Builder).ConnectionString);

    public bool WrittenInLogTransaction => inLogTransaction;

    public string Description => dsn.Description;

    public string Consumer => "mysql:" + dsn.Description;

    /// <summary>Creates <c>EntryIndex</c> if missing (the log's store does this itself when the index shares its database).</summary>
    public Task PrepareAsync(CancellationToken cancellationToken) => MySqlFaults.GuardAsync("create the EntryIndex table", dsn.Description, async () =>
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await using var command = new MySqlCommand(MySqlSchema.EntryIndex, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return true;
    });

    public Task<IReadOnlyList<string>> LookupAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return MySqlFaults.GuardAsync<IReadOnlyList<string>>($"look up {keys.Count} search keys", dsn.Description, async () =>
        {
            var found = new SortedSet<string>(StringComparer.Ordinal);
            var wanted = keys.Select(k => k.ToLowerInvariant()).Where(k => k.Length <= MaxKeyLength).Distinct().ToArray();
            if (wanted.Length == 0)
            {
                return [];
            }

            await using var connection = await _source.OpenConnectionAsync(cancellationToken);
            foreach (var chunk in wanted.Chunk(500))
            {
                await using var command = new MySqlCommand { Connection = connection };
                var names = chunk.Select((key, i) =>
                {
                    command.Parameters.AddWithValue("@k" + i, key);
                    return "@k" + i;
                }).ToList();
                command.CommandText = $"SELECT EntryUUID FROM EntryIndex WHERE EntryKey IN ({string.Join(", ", names)})";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    found.Add(reader.GetString(0));
                }
            }

            return [.. found];
        });
    }

    public Task WriteAsync(IReadOnlyList<IndexedEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return MySqlFaults.GuardAsync($"write the search keys of {entries.Count} entries", dsn.Description, async () =>
        {
            await using var connection = await _source.OpenConnectionAsync(cancellationToken);
            await InsertAsync(connection, null, entries.SelectMany(e => e.Keys.Select(k => (k, e.EntryId))), cancellationToken);
            return true;
        });
    }

    public async ValueTask DisposeAsync() => await _source.DisposeAsync();

    /// <summary>Files (key, entry ID) pairs, lowercasing keys; idempotent (<c>INSERT IGNORE</c> on the primary key), as Rekor writes.</summary>
    internal static async Task InsertAsync(MySqlConnection connection, MySqlTransaction? transaction, IEnumerable<(string Key, string EntryId)> rows, CancellationToken cancellationToken)
    {
        foreach (var chunk in rows.Select(r => (Key: r.Key.ToLowerInvariant(), r.EntryId)).Where(r => r.Key.Length <= MaxKeyLength).Chunk(500))
        {
            await using var command = new MySqlCommand { Connection = connection, Transaction = transaction };
            var values = chunk.Select((row, i) =>
            {
                command.Parameters.AddWithValue("@k" + i, row.Key);
                command.Parameters.AddWithValue("@u" + i, row.EntryId);
                return $"(@k{i}, @u{i})";
            }).ToList();
            command.CommandText = "INSERT IGNORE INTO EntryIndex (EntryKey, EntryUUID) VALUES " + string.Join(", ", values);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
