namespace Rekor.Core.Pki.Jar;

/// <summary>
/// The CRC-32 a zip entry records (IEEE 802.3, reflected polynomial 0xEDB88320), computed incrementally so that a
/// read entry can be checked as Go's <c>archive/zip</c> checks it at end of file. No library of ours provides it.
/// </summary>
internal struct ZipCrc32
{
    private static readonly uint[] Table = BuildTable();

    private uint _state;

    public ZipCrc32() => _state = 0xFFFFFFFF;

    public readonly uint Value => ~_state;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        var state = _state;
        foreach (var b in bytes)
        {
            state = Table[(state ^ b) & 0xFF] ^ (state >> 8);
        }

        _state = state;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
