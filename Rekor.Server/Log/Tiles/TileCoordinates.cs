using Rekor.Core.Merkle;
using Rekor.Server.Storage;

namespace Rekor.Server.Log.Tiles;

/// <summary>
/// Where a tree node lives in the tile layout: tile level L stores tree level 8L in tiles of 256 hashes, and a node
/// at tree level 8L + k is the root of 2^k consecutive hashes of one such tile.
/// </summary>
public readonly record struct TileCoordinates(int TileLevel, long TileIndex, int LevelInTile, int IndexInLevel)
{
    /// <summary>Tree levels per tile level (see <see cref="Tile.Height"/>).</summary>
    public const int HeightPerTile = Tile.Height;

    /// <summary>Hashes in a full tile (see <see cref="Tile.MaxWidth"/>).</summary>
    public const int Width = Tile.MaxWidth;

    public static TileCoordinates Of(NodeId node)
    {
        var tileLevel = node.Level / HeightPerTile;
        var levelInTile = node.Level % HeightPerTile;
        var firstHash = node.Index << levelInTile;
        return new TileCoordinates(tileLevel, firstHash / Width, levelInTile, (int)(node.Index % (Width >> levelInTile)));
    }

    /// <summary>How many hashes the tile at (<paramref name="tileLevel"/>, <paramref name="tileIndex"/>) holds in a tree of <paramref name="treeSize"/> leaves.</summary>
    public static int WidthAt(int tileLevel, long tileIndex, long treeSize)
    {
        var hashesAtLevel = treeSize >> (HeightPerTile * tileLevel);
        var before = tileIndex * Width;
        return (int)Math.Clamp(hashesAtLevel - before, 0, Width);
    }
}
