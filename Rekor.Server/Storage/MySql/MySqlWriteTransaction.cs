using System.Globalization;
using System.Text;
using MySqlConnector;
using Rekor.Core.Verification;

namespace Rekor.Server.Storage.MySql;

/// <summary>
/// One batch's write to the MySQL store. Owns its connection and its transaction, which holds the row lock on the
/// tree's head from <see cref="MySqlLogStorage.BeginWriteAsync"/> on; disposing it rolls back whatever was not
/// committed and so releases the lock.
/// </summary>
internal sealed class MySqlWriteTransaction(MySqlConnection connection, MySqlTransaction transaction, TreeHead head, TreeState state, bool keepsSearchIndex, string database) : ILogWriteTransaction
{
    /// <summary>Rows per multi-row INSERT, and the payload bytes after which a statement is sent early (far below max_allowed_packet).</summary>
    private const int RowsPerStatement = 200;
    private const int BytesPerStatement = 4 << 20;

    private bool _used;

    public TreeHead Head { get; } = head;

    public TreeState State { get; } = state;

    public async Task RotateAsync(TreeRotation rotation, CancellationToken cancellationToken)
    {
        LogWriteRules.CheckRotationOf(Head, State, rotation, _used);
        _used = true;
        try
        {
            // This transaction already holds the frozen tree's head and trees rows; the tree list's lock orders it
            // with any other creator of trees. Inserting the new tree as active marks every other one inactive.
            await MySqlLogStorage.LockTreeListAsync(connection, transaction, cancellationToken);
            await MySqlLogStorage.InsertTreeAsync(connection, transaction, rotation.NewTreeId, TreeState.Active, rotation.EmptyRoot, rotation.EmptyCheckpoint, rotation.Key, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (MySqlFaults.IsUnavailable(e))
        {
            throw new StorageUnavailableException($"couldn't rotate tree {Head.TreeId} to tree {rotation.NewTreeId}: the database {database} is unavailable ({e.Message})", e);
        }
    }

    public async Task<BatchRejection> CommitAsync(BatchWrite batch, CancellationToken cancellationToken)
    {
        LogWriteRules.CheckBatchFor(Head, State, batch, _used);

        _used = true;
        try
        {
            try
            {
                await InsertEntriesAsync(batch, cancellationToken);
            }
            catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
            {
                return BatchRejection.DuplicateLeaf;
            }

            await WriteTilesAsync(batch, cancellationToken);
            if (keepsSearchIndex)
            {
                var rows = batch.Entries.SelectMany(e => e.IndexKeys.Select(k => (k, EntryId.ForTree(batch.TreeId, e.LeafHash).ToString())));
                await MySqlSearchIndex.InsertAsync(connection, transaction, rows, cancellationToken); // the index shares this transaction
            }

            await using (var update = new MySqlCommand(
                """
                UPDATE heads SET size = @size, root = @root, checkpoint = @checkpoint WHERE tree_id = @tree;
                INSERT INTO checkpoints (tree_id, size, root, checkpoint) SELECT @tree, @size, @root, @checkpoint FROM DUAL WHERE @checkpoint IS NOT NULL
                ON DUPLICATE KEY UPDATE root = VALUES(root), checkpoint = VALUES(checkpoint);
                """,
                connection,
                transaction))
            {
                update.Parameters.AddWithValue("@tree", batch.TreeId);
                update.Parameters.AddWithValue("@size", batch.NewHead.Size);
                update.Parameters.AddWithValue("@root", batch.NewHead.Root.ToArray());
                update.Parameters.AddWithValue("@checkpoint", batch.NewHead.Checkpoint);
                await update.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return BatchRejection.None;
        }
        catch (Exception e) when (MySqlFaults.IsUnavailable(e))
        {
            throw new StorageUnavailableException($"couldn't commit {batch.Entries.Count} entries to tree {batch.TreeId} at size {batch.ExpectedSize}: the database {database} is unavailable ({e.Message})", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await transaction.DisposeAsync(); // rolls back if not committed
        }
        catch (Exception e) when (MySqlFaults.IsUnavailable(e))
        {
            // The connection is gone, and with it the transaction and its lock: nothing to roll back.
        }

        await connection.DisposeAsync();
    }

    private async Task InsertEntriesAsync(BatchWrite batch, CancellationToken cancellationToken)
    {
        await InsertRowsAsync(
            "INSERT INTO entries (tree_id, idx, leaf_hash, body, integrated_time, set_signature, index_keys) VALUES ",
            string.Empty,
            batch.Entries,
            entry => entry.Body.Length,
            (command, row, entry) =>
            {
                command.Parameters.AddWithValue("@t" + row, batch.TreeId);
                command.Parameters.AddWithValue("@i" + row, entry.Index);
                command.Parameters.AddWithValue("@l" + row, entry.LeafHash.ToArray());
                command.Parameters.AddWithValue("@b" + row, entry.Body);
                command.Parameters.AddWithValue("@s" + row, entry.IntegratedTimeSeconds);
                command.Parameters.AddWithValue("@g" + row, entry.SignedEntryTimestamp);
                command.Parameters.AddWithValue("@k" + row, IndexKeyList.Encode(entry.IndexKeys));
                return $"(@t{row}, @i{row}, @l{row}, @b{row}, @s{row}, @g{row}, @k{row})";
            },
            cancellationToken);
    }

    private async Task WriteTilesAsync(BatchWrite batch, CancellationToken cancellationToken)
    {
        // A full tile is immutable: a partial one is only ever widened. hashes is assigned before width, since MySQL
        // evaluates the assignments left to right and the condition must see the old width.
        var widen = $"tiles.width < {Tile.MaxWidth} AND VALUES(width) >= tiles.width";
        await InsertRowsAsync(
            "INSERT INTO tiles (tree_id, level, idx, width, hashes) VALUES ",
            $" ON DUPLICATE KEY UPDATE hashes = IF({widen}, VALUES(hashes), tiles.hashes), width = IF({widen}, VALUES(width), tiles.width)",
            batch.Tiles,
            tile => tile.Hashes.Length,
            (command, row, tile) =>
            {
                command.Parameters.AddWithValue("@t" + row, batch.TreeId);
                command.Parameters.AddWithValue("@v" + row, tile.Level);
                command.Parameters.AddWithValue("@i" + row, tile.Index);
                command.Parameters.AddWithValue("@w" + row, tile.Width);
                command.Parameters.AddWithValue("@h" + row, tile.Hashes);
                return $"(@t{row}, @v{row}, @i{row}, @w{row}, @h{row})";
            },
            cancellationToken);
    }

    /// <summary>Multi-row INSERTs of <paramref name="items"/>, a statement per <see cref="RowsPerStatement"/> rows or <see cref="BytesPerStatement"/> bytes.</summary>
    private async Task InsertRowsAsync<T>(string insert, string suffix, IReadOnlyList<T> items, Func<T, int> size, Func<MySqlCommand, string, T, string> bind, CancellationToken cancellationToken)
    {
        var next = 0;
        while (next < items.Count)
        {
            await using var command = new MySqlCommand { Connection = connection, Transaction = transaction };
            var sql = new StringBuilder(insert);
            var bytes = 0;
            for (var row = 0; next < items.Count && row < RowsPerStatement && (row == 0 || bytes < BytesPerStatement); row++, next++)
            {
                sql.Append(row == 0 ? string.Empty : ", ").Append(bind(command, row.ToString(CultureInfo.InvariantCulture), items[next]));
                bytes += size(items[next]);
            }

            command.CommandText = sql.Append(suffix).ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
