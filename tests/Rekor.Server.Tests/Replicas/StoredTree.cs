using MySqlConnector;
using Rekor.Core.Merkle;

namespace Rekor.Server.Tests.Replicas;

/// <summary>
/// The tree as the replicas' database holds it, read directly (not through any replica): the single tree's id,
/// its committed head row, every leaf in index order, and the root recomputed at every size from the bodies alone.
/// </summary>
internal sealed class StoredTree
{
    private StoredTree(long treeId, long headSize, Hash32 headRoot, List<Hash32> leaves, List<Hash32> rootsBySize)
    {
        TreeId = treeId;
        HeadSize = headSize;
        HeadRoot = headRoot;
        Leaves = leaves;
        RootsBySize = rootsBySize;
    }

    public long TreeId { get; }

    public long HeadSize { get; }

    public Hash32 HeadRoot { get; }

    /// <summary>Leaf hashes in index order, each recomputed from its stored body (and checked against the stored leaf hash).</summary>
    public IReadOnlyList<Hash32> Leaves { get; }

    /// <summary>The RFC 6962 root of the first n leaves, for n = 0 … <see cref="Leaves"/>.Count.</summary>
    public IReadOnlyList<Hash32> RootsBySize { get; }

    public Hash32 Root => RootsBySize[^1];

    public static async Task<StoredTree> ReadAsync(ReplicaCluster cluster)
    {
        await using var connection = await cluster.OpenDatabaseAsync();

        // Replicas that raced to open the fresh database must have settled on one tree: two would be two logs.
        var trees = new List<long>();
        await using (var command = new MySqlCommand("SELECT tree_id FROM trees", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                trees.Add(reader.GetInt64(0));
            }
        }

        var treeId = Assert.Single(trees);
        long headSize;
        Hash32 headRoot;
        await using (var command = new MySqlCommand("SELECT size, root FROM heads WHERE tree_id = @tree", connection))
        {
            command.Parameters.AddWithValue("@tree", treeId);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync(), "the tree has no head row");
            headSize = reader.GetInt64(0);
            headRoot = new Hash32((byte[])reader.GetValue(1));
        }

        var leaves = new List<Hash32>();
        var range = new CompactRange();
        var roots = new List<Hash32> { Rfc6962.EmptyRoot };
        await using (var command = new MySqlCommand("SELECT idx, leaf_hash, body FROM entries WHERE tree_id = @tree ORDER BY idx", connection))
        {
            command.Parameters.AddWithValue("@tree", treeId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                // Indexes are dense from 0: a gap or a repeat would be a hole in (or a fork of) the tree.
                Assert.Equal(leaves.Count, reader.GetInt64(0));
                var leaf = Rfc6962.HashLeaf((byte[])reader.GetValue(2));
                Assert.Equal(leaf, new Hash32((byte[])reader.GetValue(1)));
                leaves.Add(leaf);
                range.Append(leaf);
                roots.Add(range.Root());
            }
        }

        return new StoredTree(treeId, headSize, headRoot, leaves, roots);
    }
}
