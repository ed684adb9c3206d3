using System.Security.Cryptography;
using System.Text;

namespace Rekor.Core.Tests.Types.Rpm;

/// <summary>Changes made to a real package to show which check catches them.</summary>
internal static class RpmTampering
{
    /// <summary>
    /// The package with one letter of its summary changed (in the main header); with <paramref name="fixDigest"/>, the
    /// SHA-256 of the main header kept in the signature header is rewritten to match, so only the PGP signature can tell.
    /// </summary>
    public static byte[] ChangeSummary(byte[] package, bool fixDigest)
    {
        var changed = package.ToArray();
        var (start, length) = MainHeader(package);
        var at = start + changed.AsSpan(start, length).IndexOf("test package"u8);
        Assert.True(at > start, "the summary is not in the main header");
        var before = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(package.AsSpan(start, length))));
        changed[at] = (byte)'T';
        if (fixDigest)
        {
            var after = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(changed.AsSpan(start, length))));
            var digestAt = changed.AsSpan(0, start).IndexOf(before);
            Assert.True(digestAt > 0, "the header's SHA-256 is not in the signature header");
            after.CopyTo(changed, digestAt);
        }

        return changed;
    }

    /// <summary>Where the main header lies: after the 96-byte lead and the signature header padded to 8 bytes.</summary>
    public static (int Start, int Length) MainHeader(byte[] package)
    {
        static int HeaderLength(byte[] bytes, int at, bool padded)
        {
            var entries = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at + 8));
            var size = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at + 12));
            return 16 + (entries * 16) + (padded ? (size + 7) / 8 * 8 : size);
        }

        var start = 96 + HeaderLength(package, 96, padded: true);
        return (start, HeaderLength(package, start, padded: false));
    }
}
