using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using Rekor.Core.Pki.Pgp;

namespace Rekor.Core.Types.Rpm;

/// <summary>
/// An RPM package as go-rpmutils v0.4.0 (Rekor's reader) reads and verifies it: the 96-byte lead, the signature header
/// (padded to 8 bytes), the main header, then the compressed payload up to the end of the file. Reading checks the main
/// header against the SHA-256 (else SHA-1) digest the signature header carries. <see cref="TryVerify"/> is
/// <c>rpmutils.Verify</c>: the PGP signatures over the main header (RSA and DSA tags) and over header and payload (PGP
/// and GPG tags), after the payload digest (or, lacking one, the MD5 of header and payload) is checked.
/// Holds the package bytes it was read from; immutable.
/// </summary>
internal sealed class RpmPackage
{
    private const int LeadLength = 96;
    private const uint LeadMagic = 0xEDABEEDB;

    // Tags of the signature header (go-rpmutils' SIG_* less _SIGHEADER_TAG_BASE where it applies).
    private const int DsaHeaderTag = 267;
    private const int RsaHeaderTag = 268;
    private const int Sha1HeaderTag = 269;
    private const int Sha256HeaderTag = 273;
    private const int PgpTag = 1002;
    private const int Md5Tag = 1004;
    private const int GpgTag = 1005;

    // Tags of the main header.
    private const int NameTag = 1000;
    private const int VersionTag = 1001;
    private const int ReleaseTag = 1002;
    private const int EpochTag = 1003;
    private const int ArchTag = 1022;
    private const int PayloadDigestTag = 5092;
    private const int PayloadDigestAlgorithmTag = 5093;

    private static readonly int[] HeaderOnlySignatureTags = [RsaHeaderTag, DsaHeaderTag];
    private static readonly int[] HeaderAndPayloadSignatureTags = [PgpTag, GpgTag];

    private readonly byte[] _bytes;

    private RpmPackage(byte[] bytes, RpmHeader signatureHeader, RpmHeader header)
    {
        _bytes = bytes;
        SignatureHeader = signatureHeader;
        Header = header;
    }

    /// <summary>The signature header (signatures and digests).</summary>
    public RpmHeader SignatureHeader { get; }

    /// <summary>The main header (name, version and the rest).</summary>
    public RpmHeader Header { get; }

    /// <summary>The package's name, epoch ("0" when absent), version, release and architecture, as go-rpmutils' <c>GetNEVRA</c>.</summary>
    public bool TryGetNevra([NotNullWhen(true)] out RpmNevra? nevra, [NotNullWhen(false)] out string? error)
    {
        nevra = null;
        var epochs = Header.GetUnsignedIntegers(EpochTag);
        if (Header.Has(EpochTag) && epochs is null)
        {
            error = $"tag {EpochTag} isn't an int type";
            return false;
        }

        var name = First(NameTag);
        var version = First(VersionTag);
        var release = First(ReleaseTag);
        var arch = First(ArchTag);
        if (name is null || version is null || release is null || arch is null)
        {
            error = "the RPM header lacks one of name, version, release and architecture as strings";
            return false;
        }

        var epoch = epochs is { Count: > 0 } ? epochs[0] : 0;
        nevra = new RpmNevra(name, epoch.ToString(CultureInfo.InvariantCulture), version, release, arch);
        error = null;
        return true;

        string? First(int tag) => Header.GetStrings(tag) is { Count: > 0 } values ? values[0] : null;
    }

    /// <summary>The signature header's MD5 of header and payload (<c>RPMSIGTAG_MD5</c>), if it has one as binary.</summary>
    public byte[]? Md5 => SignatureHeader.TryGetBytes(Md5Tag, out var md5, out _) && md5.Length > 0 ? md5.ToArray() : null;

    /// <summary>Reads the lead and both headers of <paramref name="bytes"/>, checking the main header's digest; the errors are go-rpmutils'.</summary>
    public static bool TryRead(byte[] bytes, [NotNullWhen(true)] out RpmPackage? package, [NotNullWhen(false)] out string? error)
    {
        package = null;
        if (bytes.Length < LeadLength)
        {
            error = "error reading RPM lead: " + (bytes.Length == 0 ? "EOF" : "unexpected EOF");
            return false;
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(bytes) != LeadMagic)
        {
            error = "file is not an RPM";
            return false;
        }

        if (!RpmHeader.TryRead(bytes, LeadLength, padded: true, out var signatureHeader, out error))
        {
            return false;
        }

        if (!RpmHeader.TryRead(bytes, signatureHeader.Start + signatureHeader.Length, padded: false, out var header, out error))
        {
            return false;
        }

        var (expected, name, algorithm) = signatureHeader.GetStrings(Sha256HeaderTag) is { Count: > 0 } sha256
            ? (sha256[0], "SHA-256", HashAlgorithmName.SHA256)
            : (signatureHeader.GetStrings(Sha1HeaderTag) is { Count: > 0 } sha1 ? sha1[0] : "", "SHA-1", HashAlgorithmName.SHA1);
        if (expected.Length > 1 && HexDigest(algorithm, header.Bytes) != expected)
        {
            error = $"{name} mismatch in signature header";
            return false;
        }

        package = new RpmPackage(bytes, signatureHeader, header);
        error = null;
        return true;
    }

    /// <summary>
    /// go-rpmutils' <c>Verify</c> with the ring <paramref name="ring"/>: every signature found must verify; the count
    /// of those found (zero for an unsigned package) is returned so that the caller can refuse a package with none.
    /// </summary>
    public bool TryVerify(PgpPublicKey ring, out int signatureCount, [NotNullWhen(false)] out string? error)
    {
        signatureCount = 0;
        var payloadStart = Header.Start + Header.Length;
        var headerOnly = new ArraySegment<byte>(_bytes, Header.Start, Header.Length);
        var headerAndPayload = new ArraySegment<byte>(_bytes, Header.Start, _bytes.Length - Header.Start);
        var signatures = new List<(PgpSignaturePacket Packet, ArraySegment<byte> Message)>();
        foreach (var (tags, message) in new[] { (HeaderOnlySignatureTags, headerOnly), (HeaderAndPayloadSignatureTags, headerAndPayload) })
        {
            foreach (var tag in tags)
            {
                if (!SignatureHeader.TryGetBytes(tag, out var blob, out error))
                {
                    if (error is not null)
                    {
                        return false;
                    }

                    continue;
                }

                if (!PgpSignaturePacket.TryRead(blob, out var packet, out error))
                {
                    return false;
                }

                signatures.Add((packet, message));
            }
        }

        if (!TryCheckPayloadDigest(payloadStart, out error))
        {
            return false;
        }

        foreach (var (packet, message) in signatures)
        {
            if (!packet.TryVerify(message, ring, out error))
            {
                return false;
            }
        }

        signatureCount = signatures.Count;
        error = null;
        return true;
    }

    /// <summary>go-rpmutils' <c>digestPayload</c>: the main header's payload digest if it names an algorithm it knows, else the signature header's MD5.</summary>
    private bool TryCheckPayloadDigest(int payloadStart, [NotNullWhen(false)] out string? error)
    {
        var payload = _bytes.AsSpan(payloadStart);
        var digests = Header.GetStrings(PayloadDigestTag);
        var algorithms = Header.GetUnsignedIntegers(PayloadDigestAlgorithmTag);
        if (digests is { Count: > 0 } && algorithms is { Count: > 0 } && algorithms[0] == Sha224PayloadAlgorithm)
        {
            error = "payload SHA-224 digests are not supported by this server";
            return false;
        }

        if (digests is { Count: > 0 } && algorithms is { Count: > 0 } && PayloadAlgorithm(algorithms[0]) is { } known)
        {
            error = HexDigest(known.Algorithm, payload) == digests[0] ? null : $"payload {known.Name} digest mismatch";
            return error is null;
        }

        if (SignatureHeader.TryGetBytes(Md5Tag, out var md5, out _) && md5.Length > 0)
        {
            Span<byte> computed = stackalloc byte[MD5.HashSizeInBytes];
#pragma warning disable CA5351 // RPM's legacy integrity digest is MD5; it is checked, never trusted for the signature.
            MD5.HashData(_bytes.AsSpan(Header.Start), computed);
#pragma warning restore CA5351
            error = computed.SequenceEqual(md5) ? null : "md5 digest mismatch";
            return error is null;
        }

        error = "no usable payload digest found";
        return false;
    }

    /// <summary>RPM's number for SHA-224, which go-rpmutils checks and .NET cannot compute: refused rather than skipped.</summary>
    private const ulong Sha224PayloadAlgorithm = 11;

    /// <summary>RPM's <c>pgpHashAlgo</c> numbers that go-rpmutils maps to a digest (SHA-224 aside); any other falls back to the MD5.</summary>
    private static (HashAlgorithmName Algorithm, string Name)? PayloadAlgorithm(ulong id) => id switch
    {
        1 => (HashAlgorithmName.MD5, "MD5"),
        2 => (HashAlgorithmName.SHA1, "SHA-1"),
        8 => (HashAlgorithmName.SHA256, "SHA-256"),
        9 => (HashAlgorithmName.SHA384, "SHA-384"),
        10 => (HashAlgorithmName.SHA512, "SHA-512"),
        _ => null,
    };

    private static string HexDigest(HashAlgorithmName algorithm, ReadOnlySpan<byte> bytes)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        hash.AppendData(bytes);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

/// <summary>An RPM's name, epoch, version, release and architecture, as go-rpmutils' <c>NEVRA</c> (the epoch in decimal).</summary>
internal sealed record RpmNevra(string Name, string Epoch, string Version, string Release, string Architecture);
