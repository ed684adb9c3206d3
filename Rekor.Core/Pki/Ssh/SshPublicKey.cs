using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Rekor.Core.Pki.Ssh;

/// <summary>
/// An SSH public key as Rekor reads it (<c>pkg/pki/ssh</c>, Go's <c>ssh.ParseAuthorizedKey</c>): the first key line
/// of an authorized_keys text, with or without options before it, and its comment. Its canonical form is Go's
/// <c>ssh.MarshalAuthorizedKey</c>: <c>type base64(wire key)\n</c>, no options, no comment. Supported types:
/// <c>ssh-ed25519</c>, <c>ssh-rsa</c>, <c>ecdsa-sha2-nistp256/384/521</c>; Go also reads DSA, security-key and
/// certificate keys, which are refused here as unsupported. Immutable and safe to share between threads.
/// </summary>
public sealed partial class SshPublicKey : IArtifactPublicKey
{
    /// <summary>Rekor reads at most this many bytes of key text (<c>http.MaxBytesReader</c> at 64 KiB).</summary>
    public const int MaxAuthorizedKeysBytes = 65536;

    private const int Ed25519KeyLength = 32;

    private readonly byte[] _wire;
    private readonly byte[] _canonical;
    private readonly byte[] _keyBytes;
    private readonly RSAParameters _rsa;

    private SshPublicKey(SshKeyAlgorithm algorithm, string keyType, byte[] wire, byte[] keyBytes, RSAParameters rsa, string comment)
    {
        Algorithm = algorithm;
        KeyType = keyType;
        _wire = wire;
        _keyBytes = keyBytes;
        _rsa = rsa;
        Comment = comment;
        _canonical = Encoding.ASCII.GetBytes(keyType + " " + Convert.ToBase64String(wire) + "\n");
        CanonicalSha256Hex = Convert.ToHexStringLower(SHA256.HashData(_canonical));
        Subjects = EmailPattern().IsMatch(comment) ? [comment] : [];
    }

    public SshKeyAlgorithm Algorithm { get; }

    /// <summary>The key's wire type name, e.g. <c>ssh-ed25519</c>.</summary>
    public string KeyType { get; }

    /// <summary>The authorized_keys comment, trimmed; empty when there is none (or for a key read from a signature).</summary>
    public string Comment { get; }

    /// <summary>The key in SSH wire encoding as Go marshals it (mpints minimal).</summary>
    public ReadOnlySpan<byte> WireBytes => _wire;

    /// <summary>What Rekor stores as the key: <c>type base64\n</c>.</summary>
    public ReadOnlySpan<byte> CanonicalAuthorizedKey => _canonical;

    SignatureFormat IArtifactPublicKey.Format => SignatureFormat.Ssh;

    ReadOnlySpan<byte> IArtifactPublicKey.CanonicalValue => _canonical;

    /// <summary>Lowercase hex SHA-256 of <see cref="CanonicalAuthorizedKey"/>: the public-key index key (no prefix).</summary>
    public string CanonicalSha256Hex { get; }

    /// <summary>The comment when it is an email address (Rekor's only ssh subject); otherwise empty.</summary>
    public IReadOnlyList<string> Subjects { get; }

    /// <summary>
    /// Reads the first key of an authorized_keys text as Go's <c>ssh.ParseAuthorizedKey</c> does: line by line
    /// (cut at <c>\n</c>, then at the first <c>\r</c>), skipping blank lines, <c>#</c> comments and lines without a
    /// key; a line is <c>[options] type base64 [comment]</c> where the type word itself is not checked (the key's
    /// wire type is what counts) and options are a comma list that may hold double-quoted spaces.
    /// </summary>
    public static bool TryParseAuthorizedKey(ReadOnlySpan<byte> text, [NotNullWhen(true)] out SshPublicKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        if (text.Length > MaxAuthorizedKeysBytes)
        {
            error = "http: request body too large";
            return false;
        }

        var remaining = text;
        while (!remaining.IsEmpty)
        {
            var line = remaining;
            var newline = line.IndexOf((byte)'\n');
            remaining = newline >= 0 ? line[(newline + 1)..] : [];
            line = newline >= 0 ? line[..newline] : line;
            var carriageReturn = line.IndexOf((byte)'\r');
            line = TrimSpace(carriageReturn >= 0 ? line[..carriageReturn] : line);
            if (line.IsEmpty || line[0] == (byte)'#')
            {
                continue;
            }

            var space = line.IndexOfAny((byte)' ', (byte)'\t');
            if (space < 0)
            {
                continue;
            }

            if (TryParseKeyAndComment(line[space..], out key))
            {
                error = null;
                return true;
            }

            // No key after the first word: maybe the first word is an options list.
            var i = 0;
            var inQuote = false;
            for (; i < line.Length; i++)
            {
                var b = line[i];
                if (!inQuote && (b == (byte)' ' || b == (byte)'\t'))
                {
                    break;
                }

                if (b == (byte)'"' && (i == 0 || line[i - 1] != (byte)'\\'))
                {
                    inQuote = !inQuote;
                }
            }

            while (i < line.Length && (line[i] == (byte)' ' || line[i] == (byte)'\t'))
            {
                i++;
            }

            if (i >= line.Length)
            {
                continue;
            }

            var afterOptions = line[i..];
            space = afterOptions.IndexOfAny((byte)' ', (byte)'\t');
            if (space >= 0 && TryParseKeyAndComment(afterOptions[space..], out key))
            {
                error = null;
                return true;
            }
        }

        error = "ssh: no key found";
        return false;
    }

    /// <summary>Reads exactly one key in SSH wire encoding (no trailing bytes), as embedded in an SSHSIG.</summary>
    public static bool TryParseWire(ReadOnlySpan<byte> wire, [NotNullWhen(true)] out SshPublicKey? key, [NotNullWhen(false)] out string? error) =>
        TryParseWire(wire, "", out key, out error);

    /// <summary>True when both are the same key (same canonical wire encoding); comments do not count.</summary>
    public bool SameKeyAs(SshPublicKey other) => _wire.AsSpan().SequenceEqual(other._wire);

    /// <summary>
    /// Verifies an SSH signature (<paramref name="format"/> and <paramref name="blob"/> of the wire signature) over
    /// <paramref name="data"/> as Go's <c>ssh.PublicKey.Verify</c> does: the format must be the key type, or for RSA
    /// one of <c>rsa-sha2-512</c>, <c>rsa-sha2-256</c>, <c>ssh-rsa</c> (SHA-1); ECDSA hashes with the curve's hash.
    /// </summary>
    internal bool TryVerify(ReadOnlySpan<byte> data, string format, ReadOnlySpan<byte> blob, [NotNullWhen(false)] out string? error)
    {
        try
        {
            switch (Algorithm)
            {
                case SshKeyAlgorithm.Ed25519:
                    if (format != KeyType)
                    {
                        error = $"unsupported signature algorithm {format} for key type {KeyType}";
                        return false;
                    }

                    var signer = new Ed25519Signer();
                    signer.Init(false, new Ed25519PublicKeyParameters(_keyBytes, 0));
                    signer.BlockUpdate(data.ToArray(), 0, data.Length);
                    return Result(blob.Length == 64 && signer.VerifySignature(blob.ToArray()), out error);
                case SshKeyAlgorithm.Rsa:
                    HashAlgorithmName? rsaHash = format switch
                    {
                        "rsa-sha2-512" => HashAlgorithmName.SHA512,
                        "rsa-sha2-256" => HashAlgorithmName.SHA256,
                        "ssh-rsa" => HashAlgorithmName.SHA1,
                        _ => null,
                    };
                    if (rsaHash is null)
                    {
                        error = $"unsupported signature algorithm {format} for key type {KeyType}";
                        return false;
                    }

                    using (var rsa = RSA.Create(_rsa))
                    {
                        // Go pads a signature shorter than the modulus with leading zeros (RFC 8332 §3 allows it).
                        var modulusLength = _rsa.Modulus!.Length;
                        var padded = blob.Length < modulusLength ? new byte[modulusLength] : blob.ToArray();
                        blob.CopyTo(padded.AsSpan(modulusLength - Math.Min(blob.Length, modulusLength)));
                        return Result(blob.Length <= modulusLength && rsa.VerifyData(data, padded, rsaHash.Value, RSASignaturePadding.Pkcs1), out error);
                    }

                default:
                    if (format != KeyType)
                    {
                        error = $"unsupported signature algorithm {format} for key type {KeyType}";
                        return false;
                    }

                    var (curve, hash, size) = EcdsaCurve(Algorithm);
                    var reader = new SshWireReader(blob);
                    if (!reader.TryReadMpint(out var r) || !reader.TryReadMpint(out var s) || !reader.IsEmpty)
                    {
                        error = "ssh: malformed ECDSA signature";
                        return false;
                    }

                    if (r.Sign <= 0 || s.Sign <= 0 || r.GetByteCount(isUnsigned: true) > size || s.GetByteCount(isUnsigned: true) > size)
                    {
                        return Result(false, out error);
                    }

                    var p1363 = new byte[2 * size];
                    r.TryWriteBytes(p1363.AsSpan(size - r.GetByteCount(isUnsigned: true), r.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
                    s.TryWriteBytes(p1363.AsSpan((2 * size) - s.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
                    using (var ecdsa = ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = _keyBytes[1..(1 + size)], Y = _keyBytes[(1 + size)..] } }))
                    {
                        return Result(ecdsa.VerifyData(data, p1363, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation), out error);
                    }
            }
        }
        catch (CryptographicException)
        {
            return Result(false, out error);
        }
    }

    private static bool Result(bool valid, out string? error)
    {
        error = valid ? null : "ssh: signature did not verify";
        return valid;
    }

    private static (ECCurve Curve, HashAlgorithmName Hash, int CoordinateLength) EcdsaCurve(SshKeyAlgorithm algorithm) => algorithm switch
    {
        SshKeyAlgorithm.EcdsaP256 => (ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256, 32),
        SshKeyAlgorithm.EcdsaP384 => (ECCurve.NamedCurves.nistP384, HashAlgorithmName.SHA384, 48),
        SshKeyAlgorithm.EcdsaP521 => (ECCurve.NamedCurves.nistP521, HashAlgorithmName.SHA512, 66),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "not an ECDSA key"),
    };

    /// <summary>Go's <c>parseAuthorizedKey</c>: after the type word, a base64 key, then an optional comment.</summary>
    private static bool TryParseKeyAndComment(ReadOnlySpan<byte> afterType, [NotNullWhen(true)] out SshPublicKey? key)
    {
        key = null;
        var trimmed = TrimSpace(afterType);
        var end = trimmed.IndexOfAny((byte)' ', (byte)'\t');
        if (end < 0)
        {
            end = trimmed.Length;
        }

        var base64 = Encoding.ASCII.GetString(trimmed[..end]);
        var decoded = new byte[(base64.Length / 4 * 3) + 3];
        if (base64.Length % 4 != 0 || base64.Contains('\v') || base64.Contains('\f') || !Convert.TryFromBase64String(base64, decoded, out var written))
        {
            return false;
        }

        var comment = Encoding.UTF8.GetString(TrimSpace(trimmed[end..]));
        return TryParseWire(decoded.AsSpan(0, written), comment, out key, out _);
    }

    private static bool TryParseWire(ReadOnlySpan<byte> wire, string comment, [NotNullWhen(true)] out SshPublicKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        var reader = new SshWireReader(wire);
        if (!reader.TryReadString(out var typeBytes))
        {
            error = "ssh: short read";
            return false;
        }

        var keyType = Encoding.ASCII.GetString(typeBytes);
        using var canonical = new MemoryStream();
        SshWireReader.WriteString(canonical, typeBytes);
        switch (keyType)
        {
            case "ssh-ed25519":
                if (!reader.TryReadString(out var point) || !reader.IsEmpty)
                {
                    error = "ssh: malformed ssh-ed25519 key";
                    return false;
                }

                if (point.Length != Ed25519KeyLength)
                {
                    error = $"ssh: invalid size {point.Length} for Ed25519 public key";
                    return false;
                }

                SshWireReader.WriteString(canonical, point);
                key = new SshPublicKey(SshKeyAlgorithm.Ed25519, keyType, canonical.ToArray(), point.ToArray(), default, comment);
                error = null;
                return true;
            case "ssh-rsa":
                if (!reader.TryReadMpint(out var e) || !reader.TryReadMpint(out var n) || !reader.IsEmpty)
                {
                    error = "ssh: malformed ssh-rsa key";
                    return false;
                }

                if (e.GetBitLength() > 24)
                {
                    error = "ssh: exponent too large";
                    return false;
                }

                if (e < 3 || e.IsEven)
                {
                    error = "ssh: incorrect exponent";
                    return false;
                }

                if (n.Sign <= 0)
                {
                    error = "ssh: RSA modulus is not a positive number";
                    return false;
                }

                SshWireReader.WriteMpint(canonical, e);
                SshWireReader.WriteMpint(canonical, n);
                var rsa = new RSAParameters
                {
                    Exponent = e.ToByteArray(isUnsigned: true, isBigEndian: true),
                    Modulus = n.ToByteArray(isUnsigned: true, isBigEndian: true),
                };
                key = new SshPublicKey(SshKeyAlgorithm.Rsa, keyType, canonical.ToArray(), [], rsa, comment);
                error = null;
                return true;
            case "ecdsa-sha2-nistp256":
            case "ecdsa-sha2-nistp384":
            case "ecdsa-sha2-nistp521":
                if (!reader.TryReadString(out var curveName) || !reader.TryReadString(out var q) || !reader.IsEmpty)
                {
                    error = $"ssh: malformed {keyType} key";
                    return false;
                }

                // Like Go, the curve is the one the key names inside, whichever ecdsa type word came first;
                // the canonical form then carries the type that fits the curve.
                SshKeyAlgorithm algorithm;
                switch (Encoding.ASCII.GetString(curveName))
                {
                    case "nistp256":
                        algorithm = SshKeyAlgorithm.EcdsaP256;
                        break;
                    case "nistp384":
                        algorithm = SshKeyAlgorithm.EcdsaP384;
                        break;
                    case "nistp521":
                        algorithm = SshKeyAlgorithm.EcdsaP521;
                        break;
                    default:
                        error = "ssh: unsupported curve";
                        return false;
                }

                keyType = "ecdsa-sha2-" + Encoding.ASCII.GetString(curveName);
                canonical.SetLength(0);
                SshWireReader.WriteString(canonical, Encoding.ASCII.GetBytes(keyType));
                var (curve, _, size) = EcdsaCurve(algorithm);
                if (q.Length != 1 + (2 * size) || q[0] != 0x04 || !IsOnCurve(curve, q, size))
                {
                    error = "ssh: invalid curve point";
                    return false;
                }

                SshWireReader.WriteString(canonical, curveName);
                SshWireReader.WriteString(canonical, q);
                key = new SshPublicKey(algorithm, keyType, canonical.ToArray(), q.ToArray(), default, comment);
                error = null;
                return true;
            default:
                error = $"ssh: unsupported key type \"{keyType}\"";
                return false;
        }
    }

    private static bool IsOnCurve(ECCurve curve, ReadOnlySpan<byte> point, int size)
    {
        try
        {
            using var ecdsa = ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = point[1..(1 + size)].ToArray(), Y = point[(1 + size)..].ToArray() } });
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>Go's <c>bytes.TrimSpace</c> for ASCII input: spaces, tabs, line breaks, vertical tabs, form feeds.</summary>
    private static ReadOnlySpan<byte> TrimSpace(ReadOnlySpan<byte> value) => value.Trim(" \t\r\n\v\f"u8);

    /// <summary>
    /// An approximation of govalidator's <c>IsEmail</c> (ASCII only, no quoted local parts): a local part of the usual characters,
    /// <c>@</c>, and a domain of dot-separated labels.
    /// </summary>
    [GeneratedRegex(@"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();
}
