using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Rekor.Core.Alpine;

/// <summary>
/// The members of a tar archive held in memory, read as Go's <c>archive/tar</c> reads them: 512-byte headers with a
/// valid checksum, sizes in octal or base-256, ustar name prefixes, GNU long names (<c>L</c>) and PAX <c>path</c> and
/// <c>size</c> records applied to the next member. The archive may end without its two zero blocks (abuild cuts them).
/// Member contents are slices of the archive: a header claiming more bytes than remain is an error, never an allocation.
/// </summary>
internal sealed class TarMembers(ReadOnlyMemory<byte> archive)
{
    private const int BlockSize = 512;

    private int _offset;

    /// <summary>Set when the last member's content (or padding) ran past the end: skipping it fails, as in Go.</summary>
    private bool _truncated;

    /// <summary>One member: its name, its declared size and its content (exactly that many bytes, or fewer when the archive ends early).</summary>
    public sealed record Member(string Name, long Size, ReadOnlyMemory<byte> Content);

    /// <summary>The next regular member; null with no error at the end of the archive; null with an error when it is malformed.</summary>
    public Member? Next(out string? error)
    {
        string? longName = null;
        long? paxSize = null;
        while (true)
        {
            var span = archive.Span;
            if (_truncated)
            {
                error = "unexpected EOF";
                return null;
            }

            if (_offset >= span.Length)
            {
                error = longName is null && paxSize is null ? null : "unexpected EOF";
                return null;
            }

            if (span.Length - _offset < BlockSize)
            {
                error = "unexpected EOF";
                return null;
            }

            var header = span.Slice(_offset, BlockSize);
            if (!header.ContainsAnyExcept((byte)0))
            {
                // One zero block then the end, or two zero blocks: the end of the archive.
                error = null;
                return null;
            }

            if (!ChecksumMatches(header))
            {
                error = "archive/tar: invalid header";
                return null;
            }

            if (!TryReadNumber(header.Slice(124, 12), out var size) || size < 0)
            {
                error = "archive/tar: invalid header";
                return null;
            }

            var typeFlag = header[156];
            var dataStart = _offset + BlockSize;
            var declaredSize = paxSize ?? size;
            var dataLength = typeFlag is (byte)'x' or (byte)'g' or (byte)'L' or (byte)'K' ? size : declaredSize;
            var available = span.Length - dataStart;
            var content = archive.Slice(dataStart, (int)Math.Min(dataLength, available));
            var padded = dataLength > available ? long.MaxValue : dataLength + ((BlockSize - (dataLength % BlockSize)) % BlockSize);
            _truncated = padded > available;
            _offset = _truncated ? span.Length : dataStart + (int)padded;

            switch (typeFlag)
            {
                case (byte)'L':
                    if (dataLength > available)
                    {
                        error = "unexpected EOF";
                        return null;
                    }

                    longName = CString(content.Span);
                    continue;
                case (byte)'x':
                    if (dataLength > available)
                    {
                        error = "unexpected EOF";
                        return null;
                    }

                    if (!TryReadPax(content.Span, ref longName, ref paxSize, out error))
                    {
                        return null;
                    }

                    continue;
                case (byte)'K':
                    continue;
            }

            var name = longName ?? UstarName(header);
            error = null;
            return new Member(name, declaredSize, content);
        }
    }

    /// <summary>Go's <c>archive/tar</c> name: for ustar, <c>prefix/name</c>; for GNU and V7, the name field alone.</summary>
    private static string UstarName(ReadOnlySpan<byte> header)
    {
        var name = CString(header[..100]);
        var isUstar = header.Slice(257, 6).SequenceEqual("ustar\0"u8);
        if (isUstar)
        {
            var prefix = CString(header.Slice(345, 155));
            if (prefix.Length > 0)
            {
                return prefix + "/" + name;
            }
        }

        return name;
    }

    /// <summary>The header checksum: the sum of its bytes with the checksum field as spaces, unsigned or signed (Go accepts either).</summary>
    private static bool ChecksumMatches(ReadOnlySpan<byte> header)
    {
        if (!TryReadNumber(header.Slice(148, 8), out var recorded))
        {
            return false;
        }

        long unsignedSum = 0, signedSum = 0;
        for (var i = 0; i < BlockSize; i++)
        {
            var b = i is >= 148 and < 156 ? (byte)' ' : header[i];
            unsignedSum += b;
            signedSum += (sbyte)b;
        }

        return recorded == unsignedSum || recorded == signedSum;
    }

    /// <summary>An octal field (NUL/space padded), or a base-256 one (first byte with the high bit set), as Go parses them.</summary>
    private static bool TryReadNumber(ReadOnlySpan<byte> field, out long value)
    {
        value = 0;
        if (field.Length > 0 && (field[0] & 0x80) != 0)
        {
            // Base-256: big-endian two's complement with the marker bit cleared (Go's parseNumeric).
            var invert = (field[0] & 0x40) != 0 ? (byte)0xff : (byte)0;
            ulong x = 0;
            for (var i = 0; i < field.Length; i++)
            {
                var c = (byte)(field[i] ^ invert);
                if (i == 0)
                {
                    c &= 0x7f;
                }

                if (x >> 56 != 0)
                {
                    return false;
                }

                x = (x << 8) | c;
            }

            if (x >> 63 != 0)
            {
                return false;
            }

            value = invert == 0xff ? ~(long)x : (long)x;
            return true;
        }

        var text = Encoding.ASCII.GetString(field).Trim(' ', '\0');
        if (text.Length == 0)
        {
            return true;
        }

        try
        {
            value = Convert.ToInt64(text, 8);
            return true;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>PAX records <c>"&lt;length&gt; &lt;key&gt;=&lt;value&gt;\n"</c>; only <c>path</c> and <c>size</c> matter here.</summary>
    private static bool TryReadPax(ReadOnlySpan<byte> records, ref string? path, ref long? size, [NotNullWhen(false)] out string? error)
    {
        while (!records.IsEmpty)
        {
            var space = records.IndexOf((byte)' ');
            if (space <= 0 || !int.TryParse(records[..space], out var length) || length <= space + 1 || length > records.Length || records[length - 1] != (byte)'\n')
            {
                error = "archive/tar: invalid header";
                return false;
            }

            var record = Encoding.UTF8.GetString(records[(space + 1)..(length - 1)]);
            records = records[length..];
            var equals = record.IndexOf('=');
            if (equals <= 0)
            {
                error = "archive/tar: invalid header";
                return false;
            }

            var key = record[..equals];
            var value = record[(equals + 1)..];
            if (key == "path")
            {
                path = value;
            }
            else if (key == "size")
            {
                if (!long.TryParse(value, out var parsed) || parsed < 0)
                {
                    error = "archive/tar: invalid header";
                    return false;
                }

                size = parsed;
            }
        }

        error = null;
        return true;
    }

    private static string CString(ReadOnlySpan<byte> field)
    {
        var zero = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(zero < 0 ? field : field[..zero]);
    }
}
