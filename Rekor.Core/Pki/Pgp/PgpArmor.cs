using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Rekor.Core.Pki.Pgp;

/// <summary>
/// OpenPGP ASCII armor exactly as Rekor's Go library (<c>ProtonMail/go-crypto</c> <c>openpgp/armor</c>) reads and
/// writes it. BouncyCastle's armor differs in ways a log can see: it writes a <c>Version:</c> header and refuses a
/// wrong CRC-24, while Go writes no header and never checks the checksum; so both directions are done here.
/// </summary>
internal static class PgpArmor
{
    public const string PublicKeyType = "PGP PUBLIC KEY BLOCK";
    public const string PrivateKeyType = "PGP PRIVATE KEY BLOCK";
    public const string SignatureType = "PGP SIGNATURE";

    /// <summary>Go's armor writer breaks base64 into lines of this many characters.</summary>
    private const int LineLength = 64;

    /// <summary>Go reads through a 100-byte buffer: a longer line is seen in pieces (<c>bufio.Reader.ReadLine</c>'s isPrefix).</summary>
    private const int ReadBufferLength = 100;

    /// <summary>Go's armor reader refuses a body line longer than this once trimmed.</summary>
    private const int MaxBodyLineLength = 96;

    private const uint Crc24Init = 0xB704CE;
    private const uint Crc24Poly = 0x1864CFB;

    private static ReadOnlySpan<byte> BeginPrefix => "-----BEGIN "u8;
    private static ReadOnlySpan<byte> EndPrefix => "-----END "u8;
    private static ReadOnlySpan<byte> Dashes => "-----"u8;

    /// <summary>
    /// Go's <c>armor.Encode(w, type, nil)</c> and the body written through it: the BEGIN line, no headers, a blank
    /// line, base64 in 64-column lines, <c>=</c> and the base64 CRC-24 on its own line, and the END line with no
    /// newline after it (Go's armor ends the block with the dashes).
    /// </summary>
    public static byte[] Encode(string blockType, ReadOnlySpan<byte> body)
    {
        var text = new StringBuilder();
        text.Append("-----BEGIN ").Append(blockType).Append("-----\n\n");
        var base64 = Convert.ToBase64String(body);
        for (var at = 0; at < base64.Length; at += LineLength)
        {
            if (at > 0)
            {
                text.Append('\n');
            }

            text.Append(base64, at, Math.Min(LineLength, base64.Length - at));
        }

        var crc = Crc24(body);
        Span<byte> crcBytes = [(byte)(crc >> 16), (byte)(crc >> 8), (byte)crc];
        text.Append("\n=").Append(Convert.ToBase64String(crcBytes)).Append('\n');
        text.Append("-----END ").Append(blockType).Append("-----");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>
    /// Go's <c>armor.Decode</c> followed by reading the whole body: finds the first <c>-----BEGIN </c> line (text before
    /// it is ignored), takes the block type from it, skips the headers up to a blank line (a header line without a
    /// colon restarts the search), then decodes trimmed base64 lines up to an <c>-----END </c> line, a 5-character
    /// checksum line or the end of input. The checksum is not checked, as in Go. False when no block starts
    /// (<paramref name="error"/> is then Go's <c>EOF</c>) or the body is not valid base64 (<paramref name="blockType"/> is then set).
    /// </summary>
    public static bool TryDecode(
        ReadOnlySpan<byte> input, out string? blockType, [NotNullWhen(true)] out byte[]? body, [NotNullWhen(false)] out string? error)
    {
        blockType = null;
        body = null;
        var lines = new LineReader(input);
        while (true)
        {
            if (!TryFindBegin(ref lines, out var type))
            {
                error = "EOF";
                return false;
            }

            var headers = ReadHeaders(ref lines);
            if (headers == HeaderOutcome.EndOfInput)
            {
                error = "EOF";
                return false;
            }

            if (headers == HeaderOutcome.NotAHeader)
            {
                continue;
            }

            blockType = type;
            return TryReadBody(ref lines, out body, out error);
        }
    }

    private enum HeaderOutcome
    {
        BlankLine,
        NotAHeader,
        EndOfInput,
    }

    private static bool TryFindBegin(ref LineReader lines, [NotNullWhen(true)] out string? blockType)
    {
        var ignoreNext = false;
        while (lines.TryRead(out var line, out var isPrefix))
        {
            var ignoreThis = ignoreNext;
            ignoreNext = isPrefix;
            if (ignoreNext || ignoreThis)
            {
                continue;
            }

            line = TrimSpace(line);
            if (line.Length > BeginPrefix.Length + Dashes.Length && line.StartsWith(BeginPrefix))
            {
                // Like Go, the last five characters are dropped without checking that they are dashes.
                blockType = Encoding.UTF8.GetString(line[BeginPrefix.Length..^Dashes.Length]);
                return true;
            }
        }

        blockType = null;
        return false;
    }

    private static HeaderOutcome ReadHeaders(ref LineReader lines)
    {
        var nextIsContinuation = false;
        while (lines.TryRead(out var line, out var isPrefix))
        {
            var isContinuation = nextIsContinuation;
            nextIsContinuation = isPrefix;
            if (isContinuation)
            {
                continue;
            }

            line = TrimSpace(line);
            if (line.IsEmpty)
            {
                return HeaderOutcome.BlankLine;
            }

            if (line.IndexOf((byte)':') < 0)
            {
                return HeaderOutcome.NotAHeader;
            }
        }

        return HeaderOutcome.EndOfInput;
    }

    private static bool TryReadBody(ref LineReader lines, [NotNullWhen(true)] out byte[]? body, [NotNullWhen(false)] out string? error)
    {
        var base64 = new StringBuilder();
        while (lines.TryRead(out var line, out var isPrefix))
        {
            if (isPrefix)
            {
                return Corrupt(out body, out error);
            }

            line = TrimSpace(line);
            if (line.StartsWith(EndPrefix) || (line.Length == 5 && line[0] == (byte)'='))
            {
                break;
            }

            if (line.Length > MaxBodyLineLength)
            {
                return Corrupt(out body, out error);
            }

            base64.Append(Encoding.Latin1.GetString(line));
        }

        return GoBase64Stream.TryDecode(base64.ToString(), out body, out error);
    }

    private static bool Corrupt(out byte[]? body, out string error)
    {
        body = null;
        error = "openpgp: invalid data: armor invalid";
        return false;
    }

    /// <summary>Go's <c>bytes.TrimSpace</c> for ASCII whitespace.</summary>
    private static ReadOnlySpan<byte> TrimSpace(ReadOnlySpan<byte> line) => line.Trim(" \t\r\n\v\f"u8);

    private static uint Crc24(ReadOnlySpan<byte> data)
    {
        var crc = Crc24Init;
        foreach (var b in data)
        {
            crc ^= (uint)b << 16;
            for (var i = 0; i < 8; i++)
            {
                crc <<= 1;
                if ((crc & 0x1000000) != 0)
                {
                    crc ^= Crc24Poly;
                }
            }
        }

        return crc & 0xFFFFFF;
    }

    /// <summary>
    /// Go's <c>bufio.Reader.ReadLine</c> over a 100-byte buffer: lines without their line feed (and a carriage return
    /// before it); a line that does not fit comes in pieces, every piece but the last marked as a prefix.
    /// </summary>
    private ref struct LineReader(ReadOnlySpan<byte> input)
    {
        private ReadOnlySpan<byte> _rest = input;

        public bool TryRead(out ReadOnlySpan<byte> line, out bool isPrefix)
        {
            if (_rest.IsEmpty)
            {
                line = default;
                isPrefix = false;
                return false;
            }

            var window = _rest[..Math.Min(ReadBufferLength, _rest.Length)];
            var newline = window.IndexOf((byte)'\n');
            if (newline < 0 && window.Length == ReadBufferLength)
            {
                line = window;
                isPrefix = true;
                _rest = _rest[ReadBufferLength..];
                return true;
            }

            var end = newline < 0 ? window.Length : newline;
            line = window[..end];
            if (newline >= 0 && line.Length > 0 && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            isPrefix = false;
            _rest = _rest[(newline < 0 ? end : end + 1)..];
            return true;
        }
    }
}
