using System.Text;

namespace Rekor.Core.Pki;

/// <summary>One PEM block: its type (the word after <c>BEGIN</c>) and the decoded bytes. Headers are read past, not kept.</summary>
public readonly record struct PemBlock(string Type, byte[] Bytes);

/// <summary>
/// PEM exactly as Go's <c>encoding/pem</c> reads and writes it, because Rekor's canonical key material is Go's
/// encoding and what Rekor accepts is what Go's decoder finds. Decoding: a block starts with <c>-----BEGIN </c>
/// at the start of the input or of a line, text before it is skipped, <c>Key: value</c> header lines are read past,
/// the base64 may hold spaces, tabs and line breaks, the end line must name the same type, and a block that breaks
/// any of this is skipped in favour of the next. Encoding: base64 in 64-character lines, each ending in <c>\n</c>.
/// </summary>
public static class Pem
{
    private const int LineLength = 64;

    private static ReadOnlySpan<byte> BeginAtLineStart => "\n-----BEGIN "u8;

    private static ReadOnlySpan<byte> EndAtLineStart => "\n-----END "u8;

    private static ReadOnlySpan<byte> Dashes => "-----"u8;

    /// <summary>
    /// Finds the first well-formed block in <paramref name="data"/> (Go's <c>pem.Decode</c>). On success
    /// <paramref name="rest"/> is what follows the block's end line; on failure there is no block at all.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, out PemBlock block, out ReadOnlySpan<byte> rest)
    {
        block = default;
        rest = data;
        var cursor = data;
        while (true)
        {
            if (cursor.StartsWith(BeginAtLineStart[1..]))
            {
                cursor = cursor[(BeginAtLineStart.Length - 1)..];
            }
            else
            {
                var begin = cursor.IndexOf(BeginAtLineStart);
                if (begin < 0)
                {
                    return false;
                }

                cursor = cursor[(begin + BeginAtLineStart.Length)..];
            }

            var typeLine = NextLine(ref cursor);
            if (!typeLine.EndsWith(Dashes))
            {
                continue;
            }

            typeLine = typeLine[..^Dashes.Length];

            var hasHeaders = false;
            var truncated = false;
            while (true)
            {
                if (cursor.IsEmpty)
                {
                    truncated = true;
                    break;
                }

                var next = cursor;
                var line = NextLine(ref next);
                if (line.IndexOf((byte)':') < 0)
                {
                    break;
                }

                hasHeaders = true;
                cursor = next;
            }

            if (truncated)
            {
                return false;
            }

            int endIndex;
            int endTrailerIndex;
            if (!hasHeaders && cursor.StartsWith(EndAtLineStart[1..]))
            {
                endIndex = 0;
                endTrailerIndex = EndAtLineStart.Length - 1;
            }
            else
            {
                endIndex = cursor.IndexOf(EndAtLineStart);
                endTrailerIndex = endIndex + EndAtLineStart.Length;
            }

            if (endIndex < 0)
            {
                continue;
            }

            var endTrailer = cursor[endTrailerIndex..];
            var endTrailerLength = typeLine.Length + Dashes.Length;
            if (endTrailer.Length < endTrailerLength)
            {
                continue;
            }

            var restOfEndLine = endTrailer[endTrailerLength..];
            endTrailer = endTrailer[..endTrailerLength];
            if (!endTrailer.StartsWith(typeLine) || !endTrailer.EndsWith(Dashes))
            {
                continue;
            }

            // The end line may only be followed by whitespace up to its line break.
            var afterEndLine = restOfEndLine;
            if (!NextLine(ref afterEndLine).IsEmpty)
            {
                continue;
            }

            if (!TryDecodeBase64(cursor[..endIndex], out var bytes))
            {
                continue;
            }

            var remainder = cursor[(endIndex + EndAtLineStart.Length - 1)..];
            NextLine(ref remainder);
            block = new PemBlock(Encoding.UTF8.GetString(typeLine), bytes);
            rest = remainder;
            return true;
        }
    }

    /// <summary>Go's <c>pem.EncodeToMemory</c> of a block without headers: 64-character lines and a final <c>\n</c>.</summary>
    public static byte[] Encode(string type, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(type);
        using var stream = new MemoryStream((bytes.Length * 4 / 3) + 80);
        Append(stream, type, bytes);
        return stream.ToArray();
    }

    /// <summary>Appends one encoded block to <paramref name="stream"/>.</summary>
    public static void Append(Stream stream, string type, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(type);
        var typeBytes = Encoding.UTF8.GetBytes(type);
        stream.Write("-----BEGIN "u8);
        stream.Write(typeBytes);
        stream.Write("-----\n"u8);
        var base64 = Encoding.ASCII.GetBytes(Convert.ToBase64String(bytes));
        for (var offset = 0; offset < base64.Length; offset += LineLength)
        {
            stream.Write(base64.AsSpan(offset, Math.Min(LineLength, base64.Length - offset)));
            stream.WriteByte((byte)'\n');
        }

        stream.Write("-----END "u8);
        stream.Write(typeBytes);
        stream.Write("-----\n"u8);
    }

    /// <summary>Go's <c>getLine</c>: the text up to the next <c>\n</c> without trailing spaces, tabs and <c>\r</c>; advances past the break.</summary>
    private static ReadOnlySpan<byte> NextLine(ref ReadOnlySpan<byte> data)
    {
        var newline = data.IndexOf((byte)'\n');
        ReadOnlySpan<byte> line;
        if (newline < 0)
        {
            line = data;
            data = [];
        }
        else
        {
            line = data[..newline];
            data = data[(newline + 1)..];
        }

        return line.TrimEnd(" \t\r"u8);
    }

    /// <summary>Standard padded base64, ignoring spaces, tabs and line breaks as Go's decoder does.</summary>
    private static bool TryDecodeBase64(ReadOnlySpan<byte> text, out byte[] bytes)
    {
        var compact = new byte[text.Length];
        var length = 0;
        foreach (var c in text)
        {
            if (c is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                compact[length++] = c;
            }
        }

        if (length % 4 != 0)
        {
            bytes = [];
            return false;
        }

        var decoded = new byte[length / 4 * 3];
        var status = System.Buffers.Text.Base64.DecodeFromUtf8(compact.AsSpan(0, length), decoded, out _, out var written);
        if (status != System.Buffers.OperationStatus.Done)
        {
            bytes = [];
            return false;
        }

        bytes = decoded[..written];
        return true;
    }
}
