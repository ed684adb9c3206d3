using Rekor.Core.Merkle;
using Rekor.Server.Storage;

namespace Rekor.Server.Log.Tiles;

/// <summary>
/// The growing edge of the active tree, owned by the sequencer: the compact range (O(log n) hashes that give the
/// root) and the partial tile of each tile level. Appending works on a copy, so a batch that fails to commit leaves
/// the committed edge untouched.
/// </summary>
public sealed class ActiveTreeEdge
{
    private readonly CompactRange _range;
    private readonly Dictionary<int, PartialTile> _partials;

    private ActiveTreeEdge(CompactRange range, Dictionary<int, PartialTile> partials)
    {
        _range = range;
        _partials = partials;
    }

    public long Size => _range.Size;

    public Hash32 Root() => _range.Root();

    /// <summary>Rebuilds the edge of a committed tree from its stored tiles.</summary>
    public static async Task<ActiveTreeEdge> LoadAsync(ILogStorage storage, TileNodeReader nodes, long treeId, long size, CancellationToken cancellationToken)
    {
        var rangeNodes = CompactRange.NodesFor(size);
        var hashes = await nodes.ReadAsync(treeId, size, rangeNodes, cancellationToken);
        var range = CompactRange.FromNodes(size, hashes);
        var partials = new Dictionary<int, PartialTile>();
        for (var level = 0; (size >> (TileCoordinates.HeightPerTile * level)) > 0; level++)
        {
            var count = size >> (TileCoordinates.HeightPerTile * level);
            var index = count / TileCoordinates.Width;
            var width = (int)(count % TileCoordinates.Width);
            var partial = new PartialTile(index);
            if (width > 0)
            {
                var stored = await storage.ReadTileAsync(treeId, level, index, cancellationToken);
                if (stored is null || stored.Width < width)
                {
                    throw new TileCorruptionException(
                        $"couldn't load the right edge of tree {treeId} at size {size}: tile {level}/{index} holds {stored?.Width ?? 0} hashes, needs {width}");
                }

                stored.Hashes.AsSpan(0, width * Hash32.Length).CopyTo(partial.Hashes);
                partial.Width = width;
            }

            partials[level] = partial;
        }

        return new ActiveTreeEdge(range, partials);
    }

    public static ActiveTreeEdge Empty() => new(new CompactRange(), []);

    /// <summary>
    /// The edge of a committed head, checked against it: the root recomputed from the stored tiles must equal the
    /// head's root, or the store is inconsistent (<see cref="LogUnavailableException"/>, naming both roots).
    /// </summary>
    public static async Task<ActiveTreeEdge> LoadCommittedAsync(ILogStorage storage, TileNodeReader nodes, TreeHead head, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(head);
        var edge = head.Size == 0 ? Empty() : await LoadAsync(storage, nodes, head.TreeId, head.Size, cancellationToken);
        if (edge.Root() != head.Root)
        {
            throw new LogUnavailableException(
                $"tree {head.TreeId} is inconsistent: the root recomputed from its tiles at size {head.Size} is {edge.Root()}, but its committed head says {head.Root}");
        }

        return edge;
    }

    /// <summary>
    /// Appends leaves to a copy of this edge. Returns the copy and every tile the leaves changed (tiles completed,
    /// and the partial tiles as they now are); the caller commits the tiles, then adopts the copy.
    /// </summary>
    public (ActiveTreeEdge Next, IReadOnlyList<Tile> ChangedTiles) Append(IReadOnlyList<Hash32> leafHashes)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        var range = _range.Clone();
        var partials = _partials.ToDictionary(p => p.Key, p => p.Value.Clone());
        var changed = new Dictionary<(int Level, long Index), PartialTile>();
        foreach (var leaf in leafHashes)
        {
            range.Append(leaf, (node, hash) =>
            {
                if (node.Level % TileCoordinates.HeightPerTile != 0)
                {
                    return;
                }

                var level = node.Level / TileCoordinates.HeightPerTile;
                if (!partials.TryGetValue(level, out var partial))
                {
                    partial = new PartialTile(0);
                    partials[level] = partial;
                }

                hash.CopyTo(partial.Hashes.AsSpan(partial.Width * Hash32.Length));
                partial.Width++;
                changed[(level, partial.Index)] = partial;
                if (partial.Width == TileCoordinates.Width)
                {
                    partials[level] = new PartialTile(partial.Index + 1);
                }
            });
        }

        // Snapshot once per changed tile; a tile that filled up was replaced above and is no longer written to.
        return (new ActiveTreeEdge(range, partials), [.. changed.Select(c => c.Value.Snapshot(c.Key.Level))]);
    }

    /// <summary>The hashes of one tile level that do not yet fill a tile.</summary>
    private sealed class PartialTile(long index)
    {
        public long Index { get; } = index;

        public int Width { get; set; }

        public byte[] Hashes { get; } = new byte[TileCoordinates.Width * Hash32.Length];

        public PartialTile Clone()
        {
            var copy = new PartialTile(Index) { Width = Width };
            Hashes.AsSpan(0, Width * Hash32.Length).CopyTo(copy.Hashes);
            return copy;
        }

        public Tile Snapshot(int level) => new(level, Index, Width, Hashes.AsSpan(0, Width * Hash32.Length).ToArray());
    }
}
