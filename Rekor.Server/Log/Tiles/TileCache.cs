using BitFaster.Caching.Lru;

namespace Rekor.Server.Log.Tiles;

/// <summary>
/// Expanded tiles, keyed by tree, tile and width. A tile's content for a given width never changes, so an entry is
/// valid forever; the cache holds at most <c>capacity</c> tiles and, when full, evicts the least recently used
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

    private readonly ConcurrentLru<(long TreeId, int Level, long Index, int Width), ExpandedTile> _tiles = new(capacity);

    public int Count => _tiles.Count;

    public bool TryGet(long treeId, int level, long index, int width, out ExpandedTile tile) =>
        _tiles.TryGet((treeId, level, index, width), out tile!);

    public void Add(long treeId, int level, long index, ExpandedTile tile)
    {
        ArgumentNullException.ThrowIfNull(tile);
        _tiles.AddOrUpdate((treeId, level, index, tile.Width), tile);
    }
}
