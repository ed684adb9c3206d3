using System.Data.Common;

namespace Rekor.Server.Storage;

/// <summary>
/// The rows of the trees and their keys as every SQL store reads them (the tables are the same in each dialect):
/// one place for the queries' columns and for turning a row into a <see cref="TreeRecord"/> or <see cref="TreeKey"/>.
/// </summary>
internal static class TreeRows
{
    /// <summary>Every tree with its key (if recorded), oldest first; read with <see cref="Tree"/>.</summary>
    public const string ListSql = "SELECT t.tree_id, t.state, t.created, k.public_key, k.signer FROM trees t LEFT JOIN tree_keys k ON k.tree_id = t.tree_id ORDER BY t.position";

    /// <summary>The key recorded for the tree named by <paramref name="treeParameter"/>; read with <see cref="ReadKeyAsync"/>.</summary>
    public static string KeySql(string treeParameter) => "SELECT public_key, signer FROM tree_keys WHERE tree_id = " + treeParameter;

    public static TreeRecord Tree(DbDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1) == "active" ? TreeState.Active : TreeState.Inactive, reader.GetInt64(2), Key(reader, 3));

    /// <summary>The one key row <paramref name="command"/> (<see cref="KeySql"/>) selects.</summary>
    public static async Task<TreeKey> ReadKeyAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && Key(reader, 0) is { } key
            ? key
            : throw new InvalidOperationException("the tree's key was recorded but cannot be read back");
    }

    private static TreeKey? Key(DbDataReader reader, int first) =>
        reader.IsDBNull(first) ? null : new TreeKey((byte[])reader[first], reader.IsDBNull(first + 1) ? null : reader.GetString(first + 1));
}
