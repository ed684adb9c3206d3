using Microsoft.Data.Sqlite;

namespace Rekor.Server.Storage.Sqlite;

/// <summary>
/// One batch's write to the SQLite store. Owns its connection and its <c>BEGIN IMMEDIATE</c> transaction (SQLite's
/// database write lock, which is the tree's write lock here); disposing it rolls back whatever was not committed and
/// releases the lock and this process's writer turn (<see cref="SqliteWalCheckpointer.TakeWriterTurnAsync"/>). Its
/// connection does not checkpoint the WAL; each commit tells <c>checkpointer</c> instead.
/// </summary>
internal sealed class SqliteWriteTransaction(SqliteConnection connection, SqliteTransaction transaction, TreeHead head, TreeState state, SqliteWalCheckpointer checkpointer) : ILogWriteTransaction
{
    private bool _used;
    private int _disposed;

    public TreeHead Head { get; } = head;

    public TreeState State { get; } = state;

    public async Task RotateAsync(TreeRotation rotation, CancellationToken cancellationToken)
    {
        LogWriteRules.CheckRotationOf(Head, State, rotation, _used);
        _used = true;

        // Inserting the new tree as active marks this one (every other) inactive, in this transaction.
        await SqliteLogStorage.InsertTreeAsync(connection, transaction, rotation.NewTreeId, TreeState.Active, rotation.EmptyRoot, rotation.EmptyCheckpoint, rotation.Key, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        checkpointer.Committed();
    }

    public async Task<BatchRejection> CommitAsync(BatchWrite batch, CancellationToken cancellationToken)
    {
        LogWriteRules.CheckBatchFor(Head, State, batch, _used);

        _used = true;
        try
        {
            await InsertEntriesAsync(batch, cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19 /* SQLITE_CONSTRAINT */)
        {
            return BatchRejection.DuplicateLeaf;
        }

        await WriteTilesAsync(batch, cancellationToken);
        await SqliteSearchIndex.WriteAsync(connection, transaction, batch, cancellationToken); // the index shares this transaction
        await SqliteLogStorage.ExecuteAsync(
            connection,
            transaction,
            "UPDATE heads SET size = $size, root = $root, checkpoint = $checkpoint WHERE tree_id = $tree",
            cancellationToken,
            ("$tree", batch.TreeId),
            ("$size", batch.NewHead.Size),
            ("$root", batch.NewHead.Root.ToArray()),
            ("$checkpoint", (object?)batch.NewHead.Checkpoint ?? DBNull.Value));
        if (batch.NewHead.Checkpoint is { } checkpoint)
        {
            await SqliteLogStorage.ExecuteAsync(
                connection,
                transaction,
                "INSERT OR REPLACE INTO checkpoints (tree_id, size, root, checkpoint) VALUES ($tree, $size, $root, $checkpoint)",
                cancellationToken,
                ("$tree", batch.TreeId),
                ("$size", batch.NewHead.Size),
                ("$root", batch.NewHead.Root.ToArray()),
                ("$checkpoint", checkpoint));
        }

        await transaction.CommitAsync(cancellationToken);
        checkpointer.Committed();
        return BatchRejection.None;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            await transaction.DisposeAsync(); // rolls back if not committed
            await connection.DisposeAsync();
        }
        finally
        {
            checkpointer.EndWriterTurn(); // taken in SqliteLogStorage.BeginWriteAsync
        }
    }

    private async Task InsertEntriesAsync(BatchWrite batch, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO entries (tree_id, idx, leaf_hash, body, integrated_time, set_signature, index_keys)
            VALUES ($tree, $index, $leaf, $body, $time, $set, $keys)
            """;
        command.Parameters.AddWithValue("$tree", batch.TreeId);
        var index = command.Parameters.Add("$index", SqliteType.Integer);
        var leaf = command.Parameters.Add("$leaf", SqliteType.Blob);
        var body = command.Parameters.Add("$body", SqliteType.Blob);
        var time = command.Parameters.Add("$time", SqliteType.Integer);
        var set = command.Parameters.Add("$set", SqliteType.Blob);
        var keys = command.Parameters.Add("$keys", SqliteType.Text);
        await command.PrepareAsync(cancellationToken);
        foreach (var entry in batch.Entries)
        {
            index.Value = entry.Index;
            leaf.Value = entry.LeafHash.ToArray();
            body.Value = entry.Body;
            time.Value = entry.IntegratedTimeSeconds;
            set.Value = entry.SignedEntryTimestamp;
            keys.Value = IndexKeyList.Encode(entry.IndexKeys);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task WriteTilesAsync(BatchWrite batch, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;

        // A full tile is immutable: the conflict clause only ever widens a partial one.
        command.CommandText = $"""
            INSERT INTO tiles (tree_id, level, idx, width, hashes) VALUES ($tree, $level, $index, $width, $hashes)
            ON CONFLICT (tree_id, level, idx) DO UPDATE SET width = excluded.width, hashes = excluded.hashes
            WHERE tiles.width < {Tile.MaxWidth} AND excluded.width >= tiles.width
            """;
        command.Parameters.AddWithValue("$tree", batch.TreeId);
        var level = command.Parameters.Add("$level", SqliteType.Integer);
        var index = command.Parameters.Add("$index", SqliteType.Integer);
        var width = command.Parameters.Add("$width", SqliteType.Integer);
        var hashes = command.Parameters.Add("$hashes", SqliteType.Blob);
        await command.PrepareAsync(cancellationToken);
        foreach (var tile in batch.Tiles)
        {
            level.Value = tile.Level;
            index.Value = tile.Index;
            width.Value = tile.Width;
            hashes.Value = tile.Hashes;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
