using BitFaster.Caching.Lru;

namespace Rekor.Server.Log.Tiles;

/// <summary>
/// Expanded tiles, keyed by tree and tile, each the widest seen. A tile only ever widens and its complete subtrees never
/// change as it does, so a cached tile serves every width up to its own, forever: a consistency proof from an old
/// size reads the same full tile as everyone else instead of caching (and first expanding) one copy per width. The
/// cache holds at most <c>capacity</c> tiles and, when full, evicts the least recently used
/// (BitFaster's ConcurrentLru: a segmented LRU, so the hot upper levels of a large tree, read by nearly every proof,
/// stay while one-off leaf tiles cycle out). Shared by all readers; thread-safe.
/// </summary>
public sealed class TileCache(int capacity = TileCache.DefaultCapacity)
{
    /// <summary>
    /// 4,096 tiles: at most about 67 MB (a full tile expands to 511 hashes, 16 KB), and every level-0 tile of a
    /// 1,000,000-entry tree; the few hundred upper tiles of a 10,000,000-entry tree always fit.
    /// </summary>
    public const int DefaultCapacity = 4_096;

    private readonly ConcurrentLru<(long TreeId, int Level, long Index), ExpandedTile> _tiles = new(capacity);

    public int Count => _tiles.Count;

    /// <summary>The cached tile if it is at least <paramref name="width"/> wide (it may be wider).</summary>
    public bool TryGet(long treeId, int level, long index, int width, out ExpandedTile tile)
    {
        if (_tiles.TryGet((treeId, level, index), out var cached) && cached.Width >= width)
        {
            tile = cached;
            return true;
        }

        tile = null!;
        return false;
    }

    /// <summary>Keeps <paramref name="tile"/> unless a wider copy is cached (a race may keep the narrower: it is only a miss later).</summary>
    public void Add(long treeId, int level, long index, ExpandedTile tile)
    {
        ArgumentNullException.ThrowIfNull(tile);
        if (!_tiles.TryGet((treeId, level, index), out var cached) || cached.Width < tile.Width)
        {
            _tiles.AddOrUpdate((treeId, level, index), tile);
        }
    }
}
