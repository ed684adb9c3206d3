using Rekor.Core.Merkle;
using Rekor.Server.Storage;

namespace Rekor.Server.Log.Tiles;

/// <summary>
/// Reads perfect-subtree hashes of a tree from its tiles, as they are in a tree of a given size. Every node asked
/// for must be complete at that size. Full tiles come from the cache after their first read. A tile that is missing
/// or too short for the size is <see cref="TileCorruptionException"/>.
/// </summary>
public sealed class TileNodeReader(ILogStorage storage, TileCache cache)
{
    public async ValueTask<Hash32[]> ReadAsync(long treeId, long treeSize, IReadOnlyList<NodeId> nodes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var hashes = new Hash32[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            var where = TileCoordinates.Of(nodes[i]);
            var width = TileCoordinates.WidthAt(where.TileLevel, where.TileIndex, treeSize);
            var tile = await TileAsync(treeId, treeSize, where.TileLevel, where.TileIndex, width, cancellationToken);

            // The tile may be wider than the tree of this size needs (see TileCache): the node must be complete within
            // the width this size gives the tile, not merely within the tile.
            if (((long)where.IndexInLevel + 1) << where.LevelInTile > width || !tile.TryGet(where.LevelInTile, where.IndexInLevel, out hashes[i]))
            {
                throw new TileCorruptionException(
                    $"couldn't read node {nodes[i]} of tree {treeId} at size {treeSize}: tile {where.TileLevel}/{where.TileIndex} (width {tile.Width}) does not cover it");
            }
        }

        return hashes;
    }

    /// <summary>The tile at <paramref name="width"/> or wider (the width a tree of <paramref name="treeSize"/> gives it).</summary>
    private async ValueTask<ExpandedTile> TileAsync(long treeId, long treeSize, int level, long index, int width, CancellationToken cancellationToken)
    {
        if (cache.TryGet(treeId, level, index, width, out var cached))
        {
            return cached;
        }

        var stored = await storage.ReadTileAsync(treeId, level, index, cancellationToken);
        if (stored is null || stored.Width < width)
        {
            throw new TileCorruptionException(
                $"couldn't read tile {level}/{index} of tree {treeId}: it holds {stored?.Width ?? 0} hashes but a tree of size {treeSize} needs {width}");
        }

        var tile = new ExpandedTile(width, stored.Hashes);
        cache.Add(treeId, level, index, tile);
        return tile;
    }
}
