using Rekor.Core.Merkle;

namespace Rekor.Server.Log.Tiles;

/// <summary>
/// A tile with every subtree root inside it computed once: level 0 is the stored hashes, level k holds the roots
/// of complete groups of 2^k of them. Immutable, so it can be cached for as long as its width is what a reader
/// needs (a tile's first hashes never change as it widens).
/// </summary>
public sealed class ExpandedTile
{
    private readonly Hash32[][] _levels;

    public ExpandedTile(int width, ReadOnlySpan<byte> hashes)
    {
        if (width < 1 || width > TileCoordinates.Width || hashes.Length < width * Hash32.Length)
        {
            throw new ArgumentException($"a tile holds 1 to {TileCoordinates.Width} hashes; got width {width} with {hashes.Length} bytes");
        }

        Width = width;
        _levels = new Hash32[TileCoordinates.HeightPerTile + 1][];
        var current = new Hash32[width];
        for (var i = 0; i < width; i++)
        {
            current[i] = new Hash32(hashes.Slice(i * Hash32.Length, Hash32.Length));
        }

        _levels[0] = current;
        for (var level = 1; level <= TileCoordinates.HeightPerTile; level++)
        {
            var next = new Hash32[current.Length / 2];
            for (var i = 0; i < next.Length; i++)
            {
                next[i] = Rfc6962.HashChildren(current[2 * i], current[(2 * i) + 1]);
            }

            _levels[level] = next;
            current = next;
        }
    }

    public int Width { get; }

    /// <summary>The root of the complete group <paramref name="index"/> of 2^<paramref name="level"/> hashes, if this tile holds it.</summary>
    public bool TryGet(int level, int index, out Hash32 hash)
    {
        var row = _levels[level];
        if (index < row.Length)
        {
            hash = row[index];
            return true;
        }

        hash = default;
        return false;
    }
}
