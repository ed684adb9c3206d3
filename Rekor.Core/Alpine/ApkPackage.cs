using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Rekor.Core.Pki;

namespace Rekor.Core.Alpine;

/// <summary>
/// An Alpine package (<c>.apk</c>) read as Rekor's <c>pkg/types/alpine/apk.go</c> reads it: three concatenated gzip
/// members, the signature tar (whose first <c>.SIGN*</c> member is the signature, PEM or raw), the control tar (whose
/// <c>.PKGINFO</c> lists the package's facts, <c>datahash</c> among them), and the data tar.gz, whose raw bytes must
/// hash (sha256) to <c>datahash</c>. The signature is over the SHA-1 of the control member's gzip bytes, exactly as
/// they appear in the file. Knows nothing of the log.
/// </summary>
/// <remarks>
/// Memory is bounded: the signature member is inflated to at most the metadata limit (20 MiB when the limit is 0, Rekor's
/// fallback), the control member to at most the larger of the limit and 20 MiB (Rekor does not bound it), the data
/// member is never inflated, and no size a header claims is allocated.
/// </remarks>
public sealed class ApkPackage
{
    /// <summary>Rekor's decompression bound when <c>--max_apk_metadata_size</c> is 0.</summary>
    public const long UnlimitedFallback = 20 * 1024 * 1024;

    private ApkPackage(IReadOnlyDictionary<string, string> pkginfo, byte[] signature, byte[] controlSha1)
    {
        PkgInfo = pkginfo;
        Signature = signature;
        ControlSha1 = controlSha1;
    }

    /// <summary>The <c>.PKGINFO</c> pairs, as Rekor stores them in <c>package.pkginfo</c>.</summary>
    public IReadOnlyDictionary<string, string> PkgInfo { get; }

    /// <summary>The signature bytes of the first <c>.SIGN*</c> member (PEM decoded when it is PEM).</summary>
    public byte[] Signature { get; }

    /// <summary>SHA-1 of the control member's gzip bytes: what abuild-sign signs.</summary>
    public byte[] ControlSha1 { get; }

    /// <summary>Reads a package; <paramref name="maxMetadataSize"/> is <c>--max_apk_metadata_size</c> (0 = unlimited).</summary>
    public static bool TryRead(ReadOnlyMemory<byte> apk, long maxMetadataSize, [NotNullWhen(true)] out ApkPackage? package, [NotNullWhen(false)] out string? error)
    {
        package = null;
        var bound = maxMetadataSize == 0 ? UnlimitedFallback : maxMetadataSize;
        if (GzipMember.HeaderError(apk.Span, 0) is { } headerError)
        {
            error = "create gzip reader: " + headerError;
            return false;
        }

        if (!GzipMember.TryRead(apk, 0, bound, out var signatureTar, out var controlStart, out var tooLarge, out error))
        {
            error = tooLarge
                ? $"decompressed size ({bound + 1}) for signature.tar.gz exceeds max allowed size {bound}"
                : "reading signature.tar.gz: " + error;
            return false;
        }

        // Rekor does not bound the control member at all; bounding it at no less than the 20 MiB fallback keeps memory
        // bounded while a .PKGINFO over the limit is still refused with Rekor's own message below.
        var controlBound = Math.Max(bound, UnlimitedFallback);
        byte[] controlTar;
        int dataStart;
        if (controlStart >= apk.Length)
        {
            // Go's Reset at the end of input returns EOF, which Rekor ignores: the control tar is then empty.
            controlTar = [];
            dataStart = controlStart;
        }
        else if (GzipMember.HeaderError(apk.Span, controlStart) is { } headerError2)
        {
            error = "resetting to control.tar.gz: " + headerError2;
            return false;
        }
        else if (!GzipMember.TryRead(apk, controlStart, controlBound, out controlTar!, out dataStart, out tooLarge, out error))
        {
            error = tooLarge
                ? $"decompressed size ({controlBound + 1}) for control.tar.gz exceeds max allowed size {controlBound}"
                : "reading control.tar.gz: " + error;
            return false;
        }

        // SHA-1 is what abuild-sign signs and what Rekor verifies: a format fact, not a choice made here.
#pragma warning disable CA5350
        var controlSha1 = SHA1.HashData(apk.Span[controlStart..dataStart]);
#pragma warning restore CA5350
        if (!TryReadSignature(signatureTar, maxMetadataSize, out var signature, out error)
            || !TryReadPkgInfo(controlTar, maxMetadataSize, out var pkginfo, out var datahash, out error))
        {
            return false;
        }

        var computed = SHA256.HashData(apk.Span[dataStart..]);
        if (!computed.AsSpan().SequenceEqual(datahash))
        {
            error = $"checksum for data.tar.gz ({Convert.ToHexStringLower(computed)}) does not match value from .PKGINFO ({Convert.ToHexStringLower(datahash)})";
            return false;
        }

        package = new ApkPackage(pkginfo, signature, controlSha1);
        return true;
    }

    /// <summary>The first member whose name starts with <c>.SIGN</c>; its content PEM-decoded if it is PEM, else as is.</summary>
    private static bool TryReadSignature(byte[] tar, long maxMetadataSize, [NotNullWhen(true)] out byte[]? signature, [NotNullWhen(false)] out string? error)
    {
        signature = null;
        var members = new TarMembers(tar);
        while (members.Next(out error) is { } member)
        {
            if (!member.Name.StartsWith(".SIGN", StringComparison.Ordinal) || signature is not null)
            {
                continue;
            }

            if (maxMetadataSize > 0 && member.Size > maxMetadataSize)
            {
                error = $"uncompressed .SIGN file size {member.Size} exceeds max allowed size {maxMetadataSize}";
                return false;
            }

            if (member.Content.Length < member.Size)
            {
                error = "reading signature: unexpected EOF";
                return false;
            }

            signature = Pem.TryDecode(member.Content.Span, out var block, out _) ? block.Bytes : member.Content.ToArray();
        }

        if (error is not null)
        {
            error = "getting next entry in tar archive: " + error;
            return false;
        }

        if (signature is null)
        {
            error = "no signature detected in alpine package";
            return false;
        }

        return true;
    }

    /// <summary>The member named exactly <c>.PKGINFO</c> (the last one wins, as in Rekor), parsed, with its <c>datahash</c> decoded.</summary>
    private static bool TryReadPkgInfo(
        byte[] tar, long maxMetadataSize,
        [NotNullWhen(true)] out IReadOnlyDictionary<string, string>? pkginfo, out byte[] datahash, [NotNullWhen(false)] out string? error)
    {
        pkginfo = null;
        datahash = [];
        var members = new TarMembers(tar);
        while (members.Next(out error) is { } member)
        {
            if (member.Name != ".PKGINFO")
            {
                continue;
            }

            if (maxMetadataSize > 0 && member.Size > maxMetadataSize)
            {
                error = $"uncompressed .PKGINFO file size {member.Size} exceeds max allowed size {maxMetadataSize}";
                return false;
            }

            if (member.Content.Length < member.Size)
            {
                error = "reading .PKGINFO: unexpected EOF";
                return false;
            }

            if (!Alpine.PkgInfo.TryParse(member.Content.Span, out pkginfo, out var parseError))
            {
                error = "parsing .PKGINFO: " + parseError;
                return false;
            }

            var hex = pkginfo.TryGetValue("datahash", out var value) ? value : "";
            if (hex.Length % 2 != 0 || !hex.All(char.IsAsciiHexDigit))
            {
                error = "parsing datahash: encoding/hex: invalid byte or odd length in " + hex;
                return false;
            }

            datahash = Convert.FromHexString(hex);
        }

        if (error is not null)
        {
            error = "getting next entry in tar archive: " + error;
            return false;
        }

        if (pkginfo is null)
        {
            error = ".PKGINFO file was not located";
            return false;
        }

        return true;
    }
}
