using Microsoft.Data.Sqlite;
using Rekor.Core.Merkle;

namespace Rekor.Server.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Writers serialize on SQLite's database lock
/// (<c>BEGIN IMMEDIATE</c>), readers never block them.
/// <para>
/// <c>synchronous=FULL</c>: in WAL mode this syncs the log on every commit, so an acknowledged batch survives a
/// power loss, not only a process crash (NORMAL would give up the most recent commits on power loss). The cost is
/// one fsync per batch, which the sequencer's batching amortizes.
/// </para>
/// The search index lives in the same file (<see cref="SqliteSearchIndex"/>); each batch's keys are written in the
/// batch's transaction.
/// </summary>
public sealed class SqliteLogStorage : ILogStorage
{
    private readonly string _connectionString;

    /// <summary>Checkpoints the WAL after batch writes, which leave it to this; made with the first batch write.</summary>
    private readonly Lazy<SqliteWalCheckpointer> _checkpointer;

    /// <summary>Connections with prepared statements for the frequent reads (heads, entries, tiles, leaf lookups).</summary>
    private readonly SqliteReadConnections _reads;

    public SqliteLogStorage(string path)
        : this(path, SqliteWalCheckpointer.TruncateFrames)
    {
    }

    /// <summary>A store whose WAL is emptied beyond <paramref name="walTruncateFrames"/> frames (tests use a small number).</summary>
    internal SqliteLogStorage(string path, long walTruncateFrames)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
        _checkpointer = new(() => new SqliteWalCheckpointer(_connectionString, walTruncateFrames), LazyThreadSafetyMode.ExecutionAndPublication);
        _reads = new SqliteReadConnections(_connectionString);
    }

    /// <summary>SQLite's default length limit of a value (SQLITE_MAX_LENGTH), less room for the rest of the row.</summary>
    public long MaxEntryBytes => 1_000_000_000 - (1 << 16);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var journal = connection.CreateCommand();
        journal.CommandText = "PRAGMA journal_mode=WAL;";
        await journal.ExecuteNonQueryAsync(cancellationToken);
        await using var create = connection.CreateCommand();
        create.CommandText = SqliteSchema.Create;
        await create.ExecuteNonQueryAsync(cancellationToken);
        foreach (var (table, column, definition) in SqliteSchema.AddedColumns)
        {
            await using var probe = connection.CreateCommand();
            probe.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";
            if ((long)(await probe.ExecuteScalarAsync(cancellationToken))! == 0)
            {
                await using var add = connection.CreateCommand();
                add.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} {definition}";
                await add.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    public async Task<IReadOnlyList<TreeRecord>> ListTreesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = TreeRows.ListSql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var trees = new List<TreeRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            trees.Add(TreeRows.Tree(reader));
        }

        return trees;
    }

    public async Task CreateTreeAsync(long treeId, TreeState state, Hash32 emptyRoot, string? emptyCheckpoint, TreeKey? key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginImmediateAsync(connection, cancellationToken);
        await InsertTreeAsync(connection, transaction, treeId, state, emptyRoot, emptyCheckpoint, key, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<TreeKey> RecordTreeKeyAsync(long treeId, TreeKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginImmediateAsync(connection, cancellationToken);
        await InsertKeyAsync(connection, transaction, treeId, key, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = TreeRows.KeySql("$tree");
        command.Parameters.AddWithValue("$tree", treeId);
        var recorded = await TreeRows.ReadKeyAsync(command, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return recorded;
    }

    public Task<TreeHead?> ReadHeadAsync(long treeId, CancellationToken cancellationToken) =>
        _reads.ReadAsync(
            async (connection, ct) =>
            {
                var command = connection.Command(ReadHeadSql);
                command.Parameters.AddWithValue("$tree", treeId);
                await using var reader = await command.ExecuteReaderAsync(ct);
                return await reader.ReadAsync(ct) ? HeadFrom(reader, treeId) : null;
            },
            cancellationToken);

    public async Task<IReadOnlyDictionary<Hash32, long>> FindLeavesAsync(long treeId, IReadOnlyCollection<Hash32> leafHashes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        if (leafHashes.Count == 0)
        {
            return new Dictionary<Hash32, long>();
        }

        return await _reads.ReadAsync(
            async (connection, ct) =>
            {
                var found = new Dictionary<Hash32, long>();
                var command = connection.Command("SELECT idx FROM entries WHERE tree_id = $tree AND leaf_hash = $leaf");
                command.Parameters.AddWithValue("$tree", treeId);
                var leaf = command.Parameters.Add("$leaf", SqliteType.Blob);
                foreach (var hash in leafHashes)
                {
                    leaf.Value = hash.ToArray();
                    if (await command.ExecuteScalarAsync(ct) is long index)
                    {
                        found[hash] = index;
                    }
                }

                return found;
            },
            cancellationToken);
    }

    public async Task<bool> CreateFirstTreeAsync(long treeId, Hash32 emptyRoot, string emptyCheckpoint, TreeKey? key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginImmediateAsync(connection, cancellationToken);
        await using var count = connection.CreateCommand();
        count.Transaction = transaction;
        count.CommandText = "SELECT COUNT(*) FROM trees";
        if ((long)(await count.ExecuteScalarAsync(cancellationToken))! > 0)
        {
            return false;
        }

        await InsertTreeAsync(connection, transaction, treeId, TreeState.Active, emptyRoot, emptyCheckpoint, key, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<ILogWriteTransaction> BeginWriteAsync(long treeId, CancellationToken cancellationToken)
    {
        var checkpointer = _checkpointer.Value;
        await checkpointer.TakeWriterTurnAsync(BusyTimeout, cancellationToken);
        SqliteConnection? connection = null;
        try
        {
            // This connection's commits leave the WAL to the checkpointer (see SqliteWalCheckpointer).
            connection = await OpenAsync(cancellationToken, walAutoCheckpointPages: 0);

            var transaction = await BeginImmediateAsync(connection, cancellationToken);
            var head = await ReadHeadAsync(connection, transaction, treeId, cancellationToken)
                ?? throw new InvalidOperationException($"couldn't begin a write to tree {treeId}: the tree does not exist");
            await using var state = connection.CreateCommand();
            state.Transaction = transaction;
            state.CommandText = "SELECT state FROM trees WHERE tree_id = $tree";
            state.Parameters.AddWithValue("$tree", treeId);
            var active = (string?)await state.ExecuteScalarAsync(cancellationToken) == "active";
            return new SqliteWriteTransaction(connection, transaction, head, active ? TreeState.Active : TreeState.Inactive, checkpointer);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            checkpointer.EndWriterTurn();
            throw;
        }
    }

    public Task<StoredEntry?> ReadEntryAsync(long treeId, long index, CancellationToken cancellationToken) =>
        _reads.ReadAsync(
            async (connection, ct) =>
            {
                var command = connection.Command("""
                    SELECT e.leaf_hash, e.body, e.integrated_time, e.set_signature FROM entries e
                    JOIN heads h ON h.tree_id = e.tree_id
                    WHERE e.tree_id = $tree AND e.idx = $index AND e.idx < h.size
                    """);
                command.Parameters.AddWithValue("$tree", treeId);
                command.Parameters.AddWithValue("$index", index);
                await using var reader = await command.ExecuteReaderAsync(ct);
                return await reader.ReadAsync(ct)
                    ? new StoredEntry(treeId, index, new Hash32((byte[])reader[0]), (byte[])reader[1], reader.GetInt64(2), (byte[])reader[3])
                    : null;
            },
            cancellationToken);

    public Task<Tile?> ReadTileAsync(long treeId, int level, long index, CancellationToken cancellationToken) =>
        _reads.ReadAsync(
            async (connection, ct) =>
            {
                var command = connection.Command("SELECT width, hashes FROM tiles WHERE tree_id = $tree AND level = $level AND idx = $index");
                command.Parameters.AddWithValue("$tree", treeId);
                command.Parameters.AddWithValue("$level", level);
                command.Parameters.AddWithValue("$index", index);
                await using var reader = await command.ExecuteReaderAsync(ct);
                return await reader.ReadAsync(ct) ? new Tile(level, index, reader.GetInt32(0), (byte[])reader[1]) : null;
            },
            cancellationToken);

    public Task<string?> ReadCheckpointAsync(long treeId, long size, CancellationToken cancellationToken) =>
        _reads.ReadAsync(
            async (connection, ct) =>
            {
                var command = connection.Command("SELECT checkpoint FROM checkpoints WHERE tree_id = $tree AND size = $size");
                command.Parameters.AddWithValue("$tree", treeId);
                command.Parameters.AddWithValue("$size", size);
                return await command.ExecuteScalarAsync(ct) as string;
            },
            cancellationToken);

    public async Task<long> DiscardBeyondHeadAsync(long treeId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginImmediateAsync(connection, cancellationToken);
        var removed = await ExecuteAsync(
            connection,
            transaction,
            "DELETE FROM entries WHERE tree_id = $tree AND idx >= (SELECT size FROM heads WHERE tree_id = $tree)",
            cancellationToken,
            ("$tree", treeId));
        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    public async Task<IndexBacklog> ReadIndexBacklogAsync(string consumer, long treeId, int max, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COALESCE((SELECT next_idx FROM index_positions WHERE consumer = $consumer AND tree_id = $tree), 0);
            SELECT e.idx, e.leaf_hash, e.index_keys FROM entries e JOIN heads h ON h.tree_id = e.tree_id
            WHERE e.tree_id = $tree AND e.idx < h.size
              AND e.idx >= COALESCE((SELECT next_idx FROM index_positions WHERE consumer = $consumer AND tree_id = $tree), 0)
            ORDER BY e.idx LIMIT $max;
            """;
        command.Parameters.AddWithValue("$consumer", consumer);
        command.Parameters.AddWithValue("$tree", treeId);
        command.Parameters.AddWithValue("$max", max);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var position = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        var entries = new List<IndexedEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = Rekor.Core.Verification.EntryId.ForTree(treeId, new Hash32((byte[])reader[1])).ToString();
            entries.Add(new IndexedEntry(id, IndexKeyList.Decode(reader.IsDBNull(2) ? null : reader.GetString(2))));
        }

        return new IndexBacklog(position, entries);
    }

    public async Task<bool> AdvanceIndexPositionAsync(string consumer, long treeId, long fromPosition, long toPosition, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginImmediateAsync(connection, cancellationToken);
        var changed = fromPosition < 0
            ? await ExecuteAsync(connection, transaction, "INSERT OR REPLACE INTO index_positions (consumer, tree_id, next_idx) VALUES ($consumer, $tree, $to)", cancellationToken, ("$consumer", consumer), ("$tree", treeId), ("$to", toPosition))
            : await ExecuteAsync(
                connection,
                transaction,
                """
                INSERT INTO index_positions (consumer, tree_id, next_idx) SELECT $consumer, $tree, $to
                WHERE $from = COALESCE((SELECT next_idx FROM index_positions WHERE consumer = $consumer AND tree_id = $tree), 0)
                ON CONFLICT (consumer, tree_id) DO UPDATE SET next_idx = excluded.next_idx
                """,
                cancellationToken,
                ("$consumer", consumer),
                ("$tree", treeId),
                ("$from", fromPosition),
                ("$to", toPosition));
        await transaction.CommitAsync(cancellationToken);
        return changed > 0;
    }

    public async ValueTask DisposeAsync()
    {
        _reads.Dispose();
        if (_checkpointer.IsValueCreated)
        {
            await _checkpointer.Value.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
    }

    internal static async Task InsertTreeAsync(SqliteConnection connection, SqliteTransaction transaction, long treeId, TreeState state, Hash32 emptyRoot, string? emptyCheckpoint, TreeKey? key, CancellationToken cancellationToken)
    {
        if (state == TreeState.Active)
        {
            await ExecuteAsync(connection, transaction, "UPDATE trees SET state = 'inactive'", cancellationToken);
        }

        await ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO trees (tree_id, state, created, position) VALUES ($tree, $state, $created, (SELECT COALESCE(MAX(position), 0) + 1 FROM trees))",
            cancellationToken,
            ("$tree", treeId),
            ("$state", state == TreeState.Active ? "active" : "inactive"),
            ("$created", DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        await ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO heads (tree_id, size, root, checkpoint) VALUES ($tree, 0, $root, $checkpoint)",
            cancellationToken,
            ("$tree", treeId),
            ("$root", emptyRoot.ToArray()),
            ("$checkpoint", (object?)emptyCheckpoint ?? DBNull.Value));
        if (key is not null)
        {
            await InsertKeyAsync(connection, transaction, treeId, key, cancellationToken);
        }
    }

    /// <summary>Records a tree's key unless one is recorded already (the first recorded key stands).</summary>
    private static Task<int> InsertKeyAsync(SqliteConnection connection, SqliteTransaction transaction, long treeId, TreeKey key, CancellationToken cancellationToken) =>
        ExecuteAsync(
            connection,
            transaction,
            "INSERT OR IGNORE INTO tree_keys (tree_id, public_key, signer) VALUES ($tree, $key, $signer)",
            cancellationToken,
            ("$tree", treeId),
            ("$key", key.PublicKeySpki),
            ("$signer", (object?)key.Signer ?? DBNull.Value));

    internal static async Task<TreeHead?> ReadHeadAsync(SqliteConnection connection, SqliteTransaction? transaction, long treeId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = ReadHeadSql;
        command.Parameters.AddWithValue("$tree", treeId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? HeadFrom(reader, treeId) : null;
    }

    internal static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>How long a write waits for the database (SQLite's busy_timeout, and this process's own writer turn).</summary>
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(10);

    private const string ReadHeadSql = "SELECT size, root, checkpoint FROM heads WHERE tree_id = $tree";

    private static TreeHead HeadFrom(SqliteDataReader reader, long treeId) =>
        new(treeId, reader.GetInt64(0), new Hash32((byte[])reader[1]), reader.IsDBNull(2) ? null : reader.GetString(2));

    private static Task<SqliteTransaction> BeginImmediateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        // Deferred transactions would let two writers both read the head and then fail on upgrade; IMMEDIATE takes
        // the write lock first, so the head check and the writes are one serializable step. The driver has no
        // asynchronous form of this call; it waits at most busy_timeout for the lock.
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(connection.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false));
    }

    /// <summary>
    /// A pooled connection with this store's settings. Batch writes pass 0 pages (no automatic checkpoint); everyone
    /// else gets SQLite's default of 1,000, set on every open since a pooled connection keeps a batch write's 0 otherwise.
    /// </summary>
    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken, int walAutoCheckpointPages = 1000)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragmas = connection.CreateCommand();
        pragmas.CommandText = $"PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint={walAutoCheckpointPages};";
        await pragmas.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
