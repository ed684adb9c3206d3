using System.Collections.Concurrent;

namespace Rekor.Server.Log.Tiles;

/// <summary>
/// Expanded tiles, keyed by tree, tile and width. A tile's content for a given width never changes, so an entry is
/// valid forever; the cache is bounded by count and forgets everything when full (full tiles are re-read cheaply).
/// Shared by all readers; thread-safe.
/// </summary>
public sealed class TileCache(int capacity = 16_384)
{
    private readonly ConcurrentDictionary<(long TreeId, int Level, long Index, int Width), ExpandedTile> _tiles = new();

    public bool TryGet(long treeId, int level, long index, int width, out ExpandedTile tile) =>
        _tiles.TryGetValue((treeId, level, index, width), out tile!);

    public void Add(long treeId, int level, long index, ExpandedTile tile)
    {
        if (_tiles.Count >= capacity)
        {
            _tiles.Clear();
        }

        _tiles[(treeId, level, index, tile.Width)] = tile;
    }
}
