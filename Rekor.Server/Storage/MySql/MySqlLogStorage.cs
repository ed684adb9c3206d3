using MySqlConnector;
using Rekor.Core.Merkle;
using Rekor.Core.Verification;

namespace Rekor.Server.Storage.MySql;

/// <summary>
/// The log on MySQL (MySQL 8, Cloud SQL, MariaDB 10.11), for several server replicas on one database. Gives every
/// <see cref="ILogStorage"/> guarantee: a batch is one InnoDB transaction (durable at COMMIT with the server's
/// default <c>innodb_flush_log_at_trx_commit=1</c>), and writers take turns on a row lock of their tree's head
/// (<c>SELECT ... FOR UPDATE</c>) held from <see cref="BeginWriteAsync"/> to the commit; a writer that dies loses
/// its connection and with it the lock. When <paramref name="keepsSearchIndex"/> is set, the search index lives in
/// this database too (Rekor's <c>EntryIndex</c> table) and each batch's keys are written in its transaction.
/// An unreachable database surfaces as <see cref="StorageUnavailableException"/>.
/// </summary>
public sealed class MySqlLogStorage(GoMySqlDsn dsn, MySqlPoolOptions pool, bool keepsSearchIndex) : ILogStorage
{
    /// <summary>Room for an entry row's other columns (hash, SET, index keys) and the statement around it.</summary>
    private const long EntryRowOverheadBytes = 256 << 10;

    private readonly MySqlDataSource _source = new(pool.Apply(dsn.Builder).ConnectionString);

    /// <summary>Where this store is, as logs may show it (no password).</summary>
    public string Description => dsn.Description;

    public bool KeepsSearchIndex => keepsSearchIndex;

    /// <summary>The server's <c>max_allowed_packet</c> (one row travels in one packet) less room for the row's other columns.</summary>
    public long MaxEntryBytes { get; private set; } = 16L << 20;

    public Task InitializeAsync(CancellationToken cancellationToken) => GuardAsync("create the log's tables", async () =>
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        foreach (var statement in keepsSearchIndex ? [.. MySqlSchema.Create, MySqlSchema.EntryIndex] : MySqlSchema.Create)
        {
            await using var command = new MySqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var packet = new MySqlCommand("SELECT @@max_allowed_packet", connection))
        {
            MaxEntryBytes = Convert.ToInt64(await packet.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) - EntryRowOverheadBytes;
        }

        await using var version = new MySqlCommand("SELECT version FROM rekor_schema WHERE id = 1", connection);
        var found = Convert.ToInt32(await version.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        if (found > MySqlSchema.Version)
        {
            throw new InvalidOperationException($"the database {dsn.Description} holds schema version {found}, newer than this server's {MySqlSchema.Version}: run the newer server");
        }

        return true;
    });

    public Task<IReadOnlyList<TreeRecord>> ListTreesAsync(CancellationToken cancellationToken) => GuardAsync<IReadOnlyList<TreeRecord>>("list the trees", async () =>
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await using var command = new MySqlCommand(TreeRows.ListSql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var trees = new List<TreeRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            trees.Add(TreeRows.Tree(reader));
        }

        return trees;
    });

    public Task CreateTreeAsync(long treeId, TreeState state, Hash32 emptyRoot, string? emptyCheckpoint, TreeKey? key, CancellationToken cancellationToken) =>
        GuardAsync($"create tree {treeId}", async () =>
        {
            await using var connection = await _source.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await LockTreeListAsync(connection, transaction, cancellationToken);
            await InsertTreeAsync(connection, transaction, treeId, state, emptyRoot, emptyCheckpoint, key, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        });

    public Task<TreeKey> RecordTreeKeyAsync(long treeId, TreeKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return GuardAsync($"record the key of tree {treeId}", async () =>
        {
            await using var connection = await _source.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await InsertKeyAsync(connection, transaction, treeId, key, cancellationToken);
            await using var command = new MySqlCommand(TreeRows.KeySql("@tree"), connection, transaction);
            command.Parameters.AddWithValue("@tree", treeId);
            var recorded = await TreeRows.ReadKeyAsync(command, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return recorded;
        });
    }

    public Task<bool> CreateFirstTreeAsync(long treeId, Hash32 emptyRoot, string emptyCheckpoint, TreeKey? key, CancellationToken cancellationToken) =>
        GuardAsync($"create the first tree {treeId}", async () =>
        {
            await using var connection = await _source.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await LockTreeListAsync(connection, transaction, cancellationToken);
            await using var count = new MySqlCommand("SELECT COUNT(*) FROM trees", connection, transaction);
            if (Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                return false;
            }

            await InsertTreeAsync(connection, transaction, treeId, TreeState.Active, emptyRoot, emptyCheckpoint, key, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        });

    public Task<TreeHead?> ReadHeadAsync(long treeId, CancellationToken cancellationToken) => GuardAsync($"read the head of tree {treeId}", async () =>
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        return await ReadHeadAsync(connection, null, treeId, forUpdate: false, cancellationToken);
    });

    public Task<IReadOnlyDictionary<Hash32, long>> FindLeavesAsync(long treeId, IReadOnlyCollection<Hash32> leafHashes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        return GuardAsync<IReadOnlyDictionary<Hash32, long>>($"look up {leafHashes.Count} leaves in tree {treeId}", async () =>
        {
            var found = new Dictionary<Hash32, long>();
            if (leafHashes.Count == 0)
            {
                return found;
            }

            await using var connection = await _source.OpenConnectionAsync(cancellationToken);
            foreach (var chunk in leafHashes.Chunk(500))
            {
                await using var command = new MySqlCommand { Connection = connection };
                command.Parameters.AddWithValue("@tree", treeId);
                var names = new string[chunk.Length];
                for (var i = 0; i < chunk.Length; i++)
                {
                    names[i] = "@h" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    command.Parameters.AddWithValue(names[i], chunk[i].ToArray());
                }

                command.CommandText = $"SELECT leaf_hash, idx FROM entries WHERE tree_id = @tree AND leaf_hash IN ({string.Join(", ", names)})";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    found[new Hash32((byte[])reader[0])] = reader.GetInt64(1);
                }
            }

            return found;
        });
    }

    public Task<ILogWriteTransaction> BeginWriteAsync(long treeId, CancellationToken cancellationToken) => GuardAsync<ILogWriteTransaction>($"lock tree {treeId} for a write", async () =>
    {
        var connection = await _source.OpenConnectionAsync(cancellationToken);
        try
        {
            // READ COMMITTED: the head's row lock is the only lock a batch needs; no gap locks between writers.
            var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
            var head = await ReadHeadAsync(connection, transaction, treeId, forUpdate: true, cancellationToken)
                ?? throw new InvalidOperationException($"couldn't begin a write to tree {treeId}: the tree does not exist");

            // Read after the head's lock is held: a rotation changes the state under that same lock.
            await using var state = new MySqlCommand("SELECT state FROM trees WHERE tree_id = @tree", connection, transaction);
            state.Parameters.AddWithValue("@tree", treeId);
            var active = await state.ExecuteScalarAsync(cancellationToken) as string == "active";
            return new MySqlWriteTransaction(connection, transaction, head, active ? TreeState.Active : TreeState.Inactive, keepsSearchIndex, dsn.Description);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    });

    public Task<StoredEntry?> ReadEntryAsync(long treeId, long index, CancellationToken cancellationToken) => GuardAsync($"read entry {index} of tree {treeId}", async () =>
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await using var command = new MySqlCommand(
            """
            SELECT e.leaf_hash, e.body, e.integrated_time, e.set_signature FROM entries e
            JOIN heads h ON h.tree_id = e.tree_id
            WHERE e.tree_id = @tree AND e.idx = @index AND e.idx < h.size
            """,
            connection);
        command.Parameters.AddWithValue("@tree", treeId);
        command.Parameters.AddWithValue("@index", index);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredEntry(treeId, index, new Hash32((byte[])reader[0]), (byte[])reader[1], reader.GetInt64(2), (byte[])reader[3])
            : null;
    });

    public Task<Tile?> ReadTileAsync(long treeId, int level, long index, CancellationToken cancellationToken) => GuardAsync($"read tile {level}/{index} of tree {treeId}", async () =>
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await using var command = new MySqlCommand("SELECT width, hashes FROM tiles WHERE tree_id = @tree AND level = @level AND idx = @index", connection);
        command.Parameters.AddWithValue("@tree", treeId);
        command.Parameters.AddWithValue("@level", level);
        command.Parameters.AddWithValue("@index", index);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new Tile(level, index, reader.GetInt32(0), (byte[])reader[1]) : null;
    });

    public Task<string?> ReadCheckpointAsync(long treeId, long size, CancellationToken cancellationToken) => GuardAsync($"read the checkpoint of tree {treeId} at size {size}", async () =>
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await using var command = new MySqlCommand("SELECT checkpoint FROM checkpoints WHERE tree_id = @tree AND size = @size", connection);
        command.Parameters.AddWithValue("@tree", treeId);
        command.Parameters.AddWithValue("@size", size);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    });

    public Task<long> DiscardBeyondHeadAsync(long treeId, CancellationToken cancellationToken) => GuardAsync($"discard rows beyond the head of tree {treeId}", async () =>
    {
        // Under the head's lock, so a live writer's batch (committed whole or not at all) is never mistaken for debris.
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
        var head = await ReadHeadAsync(connection, transaction, treeId, forUpdate: true, cancellationToken);
        if (head is null)
        {
            return 0L;
        }

        await using var delete = new MySqlCommand("DELETE FROM entries WHERE tree_id = @tree AND idx >= @size", connection, transaction);
        delete.Parameters.AddWithValue("@tree", treeId);
        delete.Parameters.AddWithValue("@size", head.Size);
        long removed = await delete.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return removed;
    });

    public Task<IndexBacklog> ReadIndexBacklogAsync(string consumer, long treeId, int max, CancellationToken cancellationToken) =>
        GuardAsync($"read the index outbox of tree {treeId} for {consumer}", async () =>
        {
            await using var connection = await _source.OpenConnectionAsync(cancellationToken);
            await using var position = new MySqlCommand("SELECT next_idx FROM index_positions WHERE consumer = @consumer AND tree_id = @tree", connection);
            position.Parameters.AddWithValue("@consumer", consumer);
            position.Parameters.AddWithValue("@tree", treeId);
            var from = await position.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : 0L;
            await using var command = new MySqlCommand(
                """
                SELECT e.idx, e.leaf_hash, e.index_keys FROM entries e JOIN heads h ON h.tree_id = e.tree_id
                WHERE e.tree_id = @tree AND e.idx >= @from AND e.idx < h.size ORDER BY e.idx LIMIT @max
                """,
                connection);
            command.Parameters.AddWithValue("@tree", treeId);
            command.Parameters.AddWithValue("@from", from);
            command.Parameters.AddWithValue("@max", max);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var entries = new List<IndexedEntry>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = EntryId.ForTree(treeId, new Hash32((byte[])reader[1])).ToString();
                entries.Add(new IndexedEntry(id, IndexKeyList.Decode(reader.IsDBNull(2) ? null : reader.GetString(2))));
            }

            return new IndexBacklog(from, entries);
        });

    public Task<bool> AdvanceIndexPositionAsync(string consumer, long treeId, long fromPosition, long toPosition, CancellationToken cancellationToken) =>
        GuardAsync($"save the index position of tree {treeId} for {consumer}", async () =>
        {
            await using var connection = await _source.OpenConnectionAsync(cancellationToken);
            await using var command = new MySqlCommand { Connection = connection };
            command.Parameters.AddWithValue("@consumer", consumer);
            command.Parameters.AddWithValue("@tree", treeId);
            command.Parameters.AddWithValue("@from", fromPosition);
            command.Parameters.AddWithValue("@to", toPosition);
            if (fromPosition < 0)
            {
                command.CommandText = "INSERT INTO index_positions (consumer, tree_id, next_idx) VALUES (@consumer, @tree, @to) ON DUPLICATE KEY UPDATE next_idx = VALUES(next_idx)";
                await command.ExecuteNonQueryAsync(cancellationToken);
                return true;
            }

            // Compare-and-set: only the replica that read position @from moves it (a missing row counts as 0).
            command.CommandText = fromPosition == 0
                ? "INSERT IGNORE INTO index_positions (consumer, tree_id, next_idx) VALUES (@consumer, @tree, @to)"
                : "UPDATE index_positions SET next_idx = @to WHERE consumer = @consumer AND tree_id = @tree AND next_idx = @from";
            var changed = await command.ExecuteNonQueryAsync(cancellationToken);
            if (changed == 0 && fromPosition == 0)
            {
                command.CommandText = "UPDATE index_positions SET next_idx = @to WHERE consumer = @consumer AND tree_id = @tree AND next_idx = 0";
                changed = await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return changed > 0;
        });

    public async ValueTask DisposeAsync() => await _source.DisposeAsync();

    internal static async Task<TreeHead?> ReadHeadAsync(MySqlConnection connection, MySqlTransaction? transaction, long treeId, bool forUpdate, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand("SELECT size, root, checkpoint FROM heads WHERE tree_id = @tree" + (forUpdate ? " FOR UPDATE" : string.Empty), connection, transaction);
        command.Parameters.AddWithValue("@tree", treeId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new TreeHead(treeId, reader.GetInt64(0), new Hash32((byte[])reader[1]), reader.IsDBNull(2) ? null : reader.GetString(2))
            : null;
    }

    /// <summary>Serializes changes to the list of trees (the schema row is the lock), so two creators never both see none.</summary>
    internal static async Task LockTreeListAsync(MySqlConnection connection, MySqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand("SELECT version FROM rekor_schema WHERE id = 1 FOR UPDATE", connection, transaction);
        await command.ExecuteScalarAsync(cancellationToken);
    }

    internal static async Task InsertTreeAsync(MySqlConnection connection, MySqlTransaction transaction, long treeId, TreeState state, Hash32 emptyRoot, string? emptyCheckpoint, TreeKey? key, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand { Connection = connection, Transaction = transaction };
        command.Parameters.AddWithValue("@tree", treeId);
        command.Parameters.AddWithValue("@state", state == TreeState.Active ? "active" : "inactive");
        command.Parameters.AddWithValue("@created", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        command.Parameters.AddWithValue("@root", emptyRoot.ToArray());
        command.Parameters.AddWithValue("@checkpoint", emptyCheckpoint);
        if (state == TreeState.Active)
        {
            command.CommandText = "UPDATE trees SET state = 'inactive'";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        command.CommandText = "INSERT INTO trees (tree_id, state, created, position) SELECT @tree, @state, @created, COALESCE(MAX(position), 0) + 1 FROM trees";
        await command.ExecuteNonQueryAsync(cancellationToken);
        command.CommandText = "INSERT INTO heads (tree_id, size, root, checkpoint) VALUES (@tree, 0, @root, @checkpoint)";
        await command.ExecuteNonQueryAsync(cancellationToken);
        if (key is not null)
        {
            await InsertKeyAsync(connection, transaction, treeId, key, cancellationToken);
        }
    }

    /// <summary>Records a tree's key unless one is recorded already (the first recorded key stands).</summary>
    private static async Task InsertKeyAsync(MySqlConnection connection, MySqlTransaction transaction, long treeId, TreeKey key, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand("INSERT IGNORE INTO tree_keys (tree_id, public_key, signer) VALUES (@tree, @key, @signer)", connection, transaction);
        command.Parameters.AddWithValue("@tree", treeId);
        command.Parameters.AddWithValue("@key", key.PublicKeySpki);
        command.Parameters.AddWithValue("@signer", key.Signer);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private Task<T> GuardAsync<T>(string doing, Func<Task<T>> call) => MySqlFaults.GuardAsync(doing, dsn.Description, call);
}
