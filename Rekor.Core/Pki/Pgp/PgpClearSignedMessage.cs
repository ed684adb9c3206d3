using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Rekor.Core.Pki.Pgp;

/// <summary>
/// An OpenPGP cleartext-signed message (RFC 4880 §7), read as go-crypto v1.4.1's <c>clearsign.Decode</c> reads it: the
/// <c>-----BEGIN PGP SIGNED MESSAGE-----</c> line (at the start or after a newline, nothing after it), only <c>Hash</c>
/// armor headers naming known algorithms, a blank line, the dash-escaped text up to the <c>-----BEGIN PGP SIGNATURE-----</c>
/// line, then the armored signature. The signed bytes are the text's lines, dash-escapes removed and trailing spaces and
/// tabs trimmed, joined by CRLF with no final line ending; the plaintext is the same joined by LF. Immutable.
/// </summary>
public sealed class PgpClearSignedMessage
{
    private static readonly byte[] Begin = "-----BEGIN PGP SIGNED MESSAGE-----"u8.ToArray();
    private static readonly byte[] BeginSignature = "-----BEGIN PGP SIGNATURE-----"u8.ToArray();
    private static readonly byte[] EndSignature = "\n-----END PGP SIGNATURE-----"u8.ToArray();
    private static readonly string[] AllowedHashes = ["MD5", "SHA1", "RIPEMD160", "SHA224", "SHA256", "SHA384", "SHA512", "SHA3-256", "SHA3-512"];

    private readonly byte[] _signedBytes;
    private readonly byte[] _plaintext;
    private readonly byte[] _signaturePackets;

    private PgpClearSignedMessage(byte[] signedBytes, byte[] plaintext, byte[] signaturePackets)
    {
        _signedBytes = signedBytes;
        _plaintext = plaintext;
        _signaturePackets = signaturePackets;
    }

    /// <summary>What the signature covers (go-crypto's <c>Block.Bytes</c>): the lines joined by CRLF.</summary>
    public ReadOnlySpan<byte> SignedBytes => _signedBytes;

    /// <summary>The text as the signer wrote it (go-crypto's <c>Block.Plaintext</c>): the lines joined by LF.</summary>
    public ReadOnlySpan<byte> Plaintext => _plaintext;

    /// <summary>The binary packets of the armored signature.</summary>
    public ReadOnlySpan<byte> SignaturePackets => _signaturePackets;

    /// <summary>Reads <paramref name="data"/>; false (never an exception) where <c>clearsign.Decode</c> returns no block.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, [NotNullWhen(true)] out PgpClearSignedMessage? message)
    {
        message = null;
        ReadOnlySpan<byte> rest;
        if (data.StartsWith(Begin))
        {
            rest = data[Begin.Length..];
        }
        else if (IndexOfLineStarting(data, Begin) is var at and >= 0)
        {
            rest = data[(at + Begin.Length)..];
        }
        else
        {
            return false;
        }

        if (NextLine(ref rest).Length != 0)
        {
            return false;
        }

        // Armor headers: only Hash, with known algorithms, up to a blank line.
        while (true)
        {
            if (rest.IsEmpty)
            {
                return false;
            }

            var header = NextLine(ref rest);
            if (Encoding.ASCII.GetString(header).Trim().Length == 0)
            {
                break;
            }

            if (header.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0 || header.IndexOf((byte)':') is not (var colon and >= 0)
                || Encoding.ASCII.GetString(header[..colon]).Trim() != "Hash"
                || Encoding.ASCII.GetString(header[(colon + 1)..]).Split(',').Any(value => !AllowedHashes.Contains(value.Trim().ToUpperInvariant())))
            {
                return false;
            }
        }

        using var signed = new MemoryStream();
        using var plaintext = new MemoryStream();
        var first = true;
        while (true)
        {
            var lineStart = rest;
            var line = NextLine(ref rest);
            if (line.IsEmpty && rest.IsEmpty)
            {
                return false;
            }

            if (line.SequenceEqual(BeginSignature))
            {
                rest = lineStart;
                break;
            }

            if (!first)
            {
                signed.Write("\r\n"u8);
                plaintext.WriteByte((byte)'\n');
            }

            first = false;
            if (line.StartsWith("- "u8))
            {
                line = line[2..];
            }

            line = line.TrimEnd(" \t"u8);
            signed.Write(line);
            plaintext.Write(line);
        }

        // go-crypto drops the plaintext's last line ending, and would fail on a message with no line at all.
        if (first)
        {
            return false;
        }

        var end = rest.IndexOf(EndSignature);
        if (end < 0)
        {
            return false;
        }

        end += EndSignature.Length;
        while (end < rest.Length && rest[end] is (byte)'\r' or (byte)'\n')
        {
            end++;
        }

        if (!PgpArmor.TryDecode(rest[..end], out var blockType, out var packets, out _) || blockType != PgpArmor.SignatureType)
        {
            return false;
        }

        message = new PgpClearSignedMessage(signed.ToArray(), plaintext.ToArray(), packets);
        return true;
    }

    /// <summary>Go's <c>getLine</c>: the line up to LF (a CR before it dropped), the rest after it.</summary>
    private static ReadOnlySpan<byte> NextLine(ref ReadOnlySpan<byte> rest)
    {
        var newline = rest.IndexOf((byte)'\n');
        if (newline < 0)
        {
            var all = rest;
            rest = [];
            return all;
        }

        var line = rest[..(newline > 0 && rest[newline - 1] == '\r' ? newline - 1 : newline)];
        rest = rest[(newline + 1)..];
        return line;
    }

    /// <summary>Where <paramref name="marker"/> first follows a newline in <paramref name="data"/>, at the marker; -1 if nowhere.</summary>
    private static int IndexOfLineStarting(ReadOnlySpan<byte> data, ReadOnlySpan<byte> marker)
    {
        var searched = 0;
        while (data[searched..].IndexOf((byte)'\n') is var newline and >= 0)
        {
            var at = searched + newline + 1;
            if (data[at..].StartsWith(marker))
            {
                return at;
            }

            searched = at;
        }

        return -1;
    }
}
