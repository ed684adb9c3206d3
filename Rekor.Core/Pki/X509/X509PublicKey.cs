using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;
using Bc = Org.BouncyCastle.Math.EC.Rfc8032;

namespace Rekor.Core.Pki.X509;

/// <summary>
/// A public key read from a DER SubjectPublicKeyInfo (a PEM <c>PUBLIC KEY</c> or a certificate's key), with Go's
/// parsing rules: ECDSA on a named curve with an uncompressed point on the curve, RSA with NULL parameters and
/// positive integers, Ed25519 with no parameters and 32 key bytes. Its <see cref="SpkiDer"/> is the encoding
/// Go's <c>x509.MarshalPKIXPublicKey</c> writes, which is what Rekor stores. Immutable. The key is imported into the
/// platform once (ECDSA while parsing, which is what checks the point is on the curve; RSA at its first verification)
/// and lent to one verification at a time; a verification that finds it lent out imports its own, so one instance
/// may be used from any number of threads. The imported key's native handle is released when the instance is collected.
/// </summary>
public sealed class X509PublicKey
{
    /// <summary>Go refuses RSA keys under 1024 bits for any operation (Go 1.24 and later), so Rekor cannot verify with them.</summary>
    private const int MinimumRsaBits = 1024;

    private readonly byte[] _spkiDer;

    /// <summary>The raw key: the EC point (0x04 ‖ X ‖ Y), the 32 Ed25519 bytes, or empty for RSA and unsupported keys.</summary>
    private readonly byte[] _keyBytes;

    private readonly RSAParameters _rsa;

    /// <summary>The key imported into the platform (ECDSA or RSA), or null while lent to a verification or not yet imported.</summary>
    private AsymmetricAlgorithm? _imported;

    private X509PublicKey(PublicKeyAlgorithm algorithm, string algorithmOid, byte[] spkiDer, byte[] keyBytes, RSAParameters rsa, AsymmetricAlgorithm? imported = null)
    {
        Algorithm = algorithm;
        AlgorithmOid = algorithmOid;
        _spkiDer = spkiDer;
        _keyBytes = keyBytes;
        _rsa = rsa;
        _imported = imported;
    }

    public PublicKeyAlgorithm Algorithm { get; }

    /// <summary>The key's algorithm identifier (e.g. <c>1.2.840.10045.2.1</c>), for messages about unsupported keys.</summary>
    public string AlgorithmOid { get; }

    /// <summary>For RSA, the modulus length in whole bytes times eight (Go's <c>Size()*8</c>, what the policy compares); otherwise 0.</summary>
    public int RsaModulusBits => _rsa.Modulus is null ? 0 : _rsa.Modulus.Length * 8;

    /// <summary>The DER SubjectPublicKeyInfo in Go's encoding (for unsupported algorithms: as received).</summary>
    public ReadOnlySpan<byte> SpkiDer => _spkiDer;

    /// <summary>A short description for messages: <c>ECDSA P-256</c>, <c>RSA 2048</c>, <c>Ed25519</c>.</summary>
    public override string ToString() => Algorithm switch
    {
        PublicKeyAlgorithm.Rsa => $"RSA {RsaModulusBits}",
        PublicKeyAlgorithm.EcdsaP256 => "ECDSA P-256",
        PublicKeyAlgorithm.EcdsaP384 => "ECDSA P-384",
        PublicKeyAlgorithm.EcdsaP521 => "ECDSA P-521",
        PublicKeyAlgorithm.Ed25519 => "Ed25519",
        _ => $"unsupported key algorithm {AlgorithmOid}",
    };

    /// <summary>
    /// Reads exactly one DER SubjectPublicKeyInfo. Keys of other algorithms than RSA, ECDSA (P-256/384/521) and
    /// Ed25519 are refused unless <paramref name="allowUnsupported"/> (a certificate may carry one; it then parses,
    /// and only verification fails).
    /// </summary>
    public static bool TryParse(
        ReadOnlySpan<byte> spkiDer,
        bool allowUnsupported,
        [NotNullWhen(true)] out X509PublicKey? key,
        [NotNullWhen(false)] out string? error)
    {
        key = null;
        string oid;
        try
        {
            var outer = new AsnReader(spkiDer.ToArray(), AsnEncodingRules.DER);
            var spki = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            var algorithmIdentifier = spki.ReadSequence();
            oid = algorithmIdentifier.ReadObjectIdentifier();
            switch (oid)
            {
                case AlgorithmOids.EcPublicKey:
                    return TryReadEcdsa(algorithmIdentifier, spki, out key, out error);
                case AlgorithmOids.Rsa:
                    return TryReadRsa(algorithmIdentifier, spki, out key, out error);
                case AlgorithmOids.Ed25519:
                    return TryReadEd25519(algorithmIdentifier, spki, out key, out error);
            }
        }
        catch (AsnContentException e)
        {
            error = "x509: malformed public key: " + e.Message;
            return false;
        }

        if (!allowUnsupported)
        {
            error = $"x509: unknown public key algorithm {oid}";
            return false;
        }

        key = new X509PublicKey(PublicKeyAlgorithm.Unsupported, oid, spkiDer.ToArray(), [], default);
        error = null;
        return true;
    }

    /// <summary>
    /// Verifies <paramref name="signature"/> over a precomputed <paramref name="digest"/>, as Rekor's hashedrekord does:
    /// ECDSA (ASN.1 DER or IEEE P1363 signature, see <see cref="EcdsaSignatureForm"/>) and RSA PKCS#1 v1.5 over the
    /// digest with <paramref name="hash"/>; Ed25519 as
    /// Ed25519ph (RFC 8032, empty context), which takes only a SHA-512 digest.
    /// </summary>
    public bool TryVerifyDigest(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> digest, DigestAlgorithm hash, [NotNullWhen(false)] out string? error)
    {
        if (Algorithm == PublicKeyAlgorithm.Ed25519 && hash != DigestAlgorithm.Sha512)
        {
            error = $"unsupported hash algorithm: \"{hash.GoName()}\" not in [SHA-512]";
            return false;
        }

        if (digest.Length != hash.SizeBytes())
        {
            error = "unexpected length of digest for hash function specified";
            return false;
        }

        return Verify(signature, digest, hash, isDigest: true, out error);
    }

    /// <summary>
    /// Verifies <paramref name="signature"/> over a whole <paramref name="message"/>, as Rekor's rekord (x509) does:
    /// ECDSA (DER or P1363) and RSA PKCS#1 v1.5 over its SHA-256, Ed25519 pure.
    /// </summary>
    public bool TryVerifyMessage(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, [NotNullWhen(false)] out string? error) =>
        Verify(signature, message, DigestAlgorithm.Sha256, isDigest: false, out error);

    /// <summary>
    /// Verifies <paramref name="signature"/> over a precomputed SHA-1 <paramref name="digest"/> (alpine's <c>.SIGN</c>, which
    /// abuild-sign makes over SHA-1): RSA PKCS#1 v1.5, or ECDSA read as ASN.1 DER. Other keys are refused.
    /// </summary>
    public bool TryVerifySha1Digest(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> digest, [NotNullWhen(false)] out string? error)
    {
        try
        {
            switch (Algorithm)
            {
                case PublicKeyAlgorithm.Rsa:
                    if (RsaModulusBits < MinimumRsaBits)
                    {
                        error = $"crypto/rsa: {RsaModulusBits}-bit keys are insecure (see https://go.dev/pkg/crypto/rsa#hdr-Minimum_key_size)";
                        return false;
                    }

                    using (var rsa = RSA.Create(_rsa))
                    {
                        error = rsa.VerifyHash(digest, signature, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1) ? null : "crypto/rsa: verification error";
                    }

                    return error is null;
                case PublicKeyAlgorithm.EcdsaP256:
                case PublicKeyAlgorithm.EcdsaP384:
                case PublicKeyAlgorithm.EcdsaP521:
                    using (var ecdsa = ECDsa.Create(EcParameters()))
                    {
                        error = ecdsa.VerifyHash(digest, signature, DSASignatureFormat.Rfc3279DerSequence) ? null : EcdsaSignatureForm.AsnMismatch;
                    }

                    return error is null;
                default:
                    error = $"unsupported key type for a SHA-1 digest signature: {this}";
                    return false;
            }
        }
        catch (CryptographicException e)
        {
            error = Algorithm == PublicKeyAlgorithm.Rsa ? "crypto/rsa: verification error" : "invalid signature when validating ASN.1 encoded signature: " + e.Message;
            return false;
        }
    }

    /// <summary>
    /// Verifies an RSASSA-PSS <paramref name="signature"/> over a whole <paramref name="message"/>, the salt as long as
    /// the hash (RFC 8230 §2, what go-cose's PS256 verifier checks). False for keys that are not RSA.
    /// </summary>
    public bool TryVerifyRsaPss(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, DigestAlgorithm hash, [NotNullWhen(false)] out string? error)
    {
        if (Algorithm != PublicKeyAlgorithm.Rsa)
        {
            error = $"not an RSA key: {this}";
            return false;
        }

        try
        {
            using var rsa = RSA.Create(_rsa);
            if (rsa.VerifyData(message, signature, hash.HashAlgorithmName(), RSASignaturePadding.Pss))
            {
                error = null;
                return true;
            }
        }
        catch (CryptographicException)
        {
            // A signature of the wrong length is not a valid signature.
        }

        error = "crypto/rsa: verification error";
        return false;
    }

    /// <summary>
    /// Verifies an ECDSA <paramref name="signature"/> over a whole <paramref name="message"/> read only as IEEE P1363
    /// (r ‖ s, each exactly the curve's size: COSE's form, RFC 9053 §2.1). False for keys that are not ECDSA.
    /// </summary>
    public bool TryVerifyEcdsaFixedWidth(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, DigestAlgorithm hash, [NotNullWhen(false)] out string? error)
    {
        if (Algorithm is not (PublicKeyAlgorithm.EcdsaP256 or PublicKeyAlgorithm.EcdsaP384 or PublicKeyAlgorithm.EcdsaP521))
        {
            error = $"not an ECDSA key: {this}";
            return false;
        }

        if (signature.Length != _keyBytes.Length - 1)
        {
            error = $"invalid signature length: {signature.Length}";
            return false;
        }

        try
        {
            using var ecdsa = ECDsa.Create(EcParameters());
            if (ecdsa.VerifyData(message, signature, hash.HashAlgorithmName(), DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            {
                error = null;
                return true;
            }
        }
        catch (CryptographicException)
        {
            // A point or signature the platform refuses is not a valid signature.
        }

        error = "ecdsa: verification error";
        return false;
    }

    private bool Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> data, DigestAlgorithm hash, bool isDigest, [NotNullWhen(false)] out string? error)
    {
        bool valid;
        try
        {
            switch (Algorithm)
            {
                case PublicKeyAlgorithm.EcdsaP256:
                case PublicKeyAlgorithm.EcdsaP384:
                case PublicKeyAlgorithm.EcdsaP521:
                    // Read as sigstore reads it: ASN.1 if Go can unmarshal it so, else IEEE P1363 (EcdsaSignatureForm).
                    var asAsn1 = EcdsaSignatureForm.ReadsAsAsn1(signature);
                    var form = asAsn1 ? DSASignatureFormat.Rfc3279DerSequence : DSASignatureFormat.IeeeP1363FixedFieldConcatenation;
                    byte[]? fixedWidth = null;
                    if (!asAsn1 && !EcdsaSignatureForm.TryFixedWidth(signature, (_keyBytes.Length - 1) / 2, out fixedWidth, out var malformed))
                    {
                        error = malformed ? EcdsaSignatureForm.P1363Malformed : EcdsaSignatureForm.P1363Mismatch;
                        return false;
                    }

                    var encoded = fixedWidth ?? signature;
                    var ecdsa = Interlocked.Exchange(ref _imported, null) as ECDsa ?? ECDsa.Create(EcParameters());
                    try
                    {
                        valid = isDigest
                            ? ecdsa.VerifyHash(data, encoded, form)
                            : ecdsa.VerifyData(data, encoded, hash.HashAlgorithmName(), form);
                    }
                    finally
                    {
                        GiveBack(ecdsa);
                    }

                    error = valid ? null : asAsn1 ? EcdsaSignatureForm.AsnMismatch : EcdsaSignatureForm.P1363Mismatch;
                    return valid;
                case PublicKeyAlgorithm.Rsa:
                    if (RsaModulusBits < MinimumRsaBits)
                    {
                        error = $"crypto/rsa: {RsaModulusBits}-bit keys are insecure (see https://go.dev/pkg/crypto/rsa#hdr-Minimum_key_size)";
                        return false;
                    }

                    var rsa = Interlocked.Exchange(ref _imported, null) as RSA ?? RSA.Create(_rsa);
                    try
                    {
                        valid = isDigest
                            ? rsa.VerifyHash(data, signature, hash.HashAlgorithmName(), RSASignaturePadding.Pkcs1)
                            : rsa.VerifyData(data, signature, hash.HashAlgorithmName(), RSASignaturePadding.Pkcs1);
                    }
                    finally
                    {
                        GiveBack(rsa);
                    }

                    error = valid ? null : "crypto/rsa: verification error";
                    return valid;
                case PublicKeyAlgorithm.Ed25519:
                    valid = signature.Length == Bc.Ed25519.SignatureSize && (isDigest
                        ? Bc.Ed25519.VerifyPrehash(signature.ToArray(), 0, _keyBytes, 0, [], data.ToArray(), 0)
                        : Bc.Ed25519.Verify(signature.ToArray(), 0, _keyBytes, 0, data.ToArray(), 0, data.Length));
                    error = valid ? null : "failed to verify signature: ed25519: invalid signature";
                    return valid;
                default:
                    error = $"unsupported public key type: {AlgorithmOid}";
                    return false;
            }
        }
        catch (CryptographicException e)
        {
            // A signature that is not even well-formed (bad DER, wrong length) is not a valid signature.
            error = Algorithm == PublicKeyAlgorithm.Rsa
                ? "crypto/rsa: verification error"
                : "invalid signature when validating ASN.1 encoded signature: " + e.Message;
            return false;
        }
    }

    /// <summary>Keeps an imported key for the next verification, unless another one was kept meanwhile.</summary>
    private void GiveBack(AsymmetricAlgorithm key)
    {
        if (Interlocked.CompareExchange(ref _imported, key, null) is not null)
        {
            key.Dispose();
        }
    }

    private ECParameters EcParameters()
    {
        var coordinateLength = (_keyBytes.Length - 1) / 2;
        return new ECParameters
        {
            Curve = CurveOf(Algorithm),
            Q = new ECPoint { X = _keyBytes[1..(1 + coordinateLength)], Y = _keyBytes[(1 + coordinateLength)..] },
        };
    }

    private static ECCurve CurveOf(PublicKeyAlgorithm algorithm) => algorithm switch
    {
        PublicKeyAlgorithm.EcdsaP256 => ECCurve.NamedCurves.nistP256,
        PublicKeyAlgorithm.EcdsaP384 => ECCurve.NamedCurves.nistP384,
        PublicKeyAlgorithm.EcdsaP521 => ECCurve.NamedCurves.nistP521,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "not an ECDSA curve"),
    };

    private static bool TryReadEcdsa(AsnReader algorithmIdentifier, AsnReader spki, out X509PublicKey? key, out string? error)
    {
        key = null;
        if (!algorithmIdentifier.HasData || algorithmIdentifier.PeekTag() != Asn1Tag.ObjectIdentifier)
        {
            error = "x509: failed to parse ECDSA parameters as named curve";
            return false;
        }

        var curveOid = algorithmIdentifier.ReadObjectIdentifier();
        algorithmIdentifier.ThrowIfNotEmpty();
        (var algorithm, var coordinateLength) = curveOid switch
        {
            AlgorithmOids.P256 => (PublicKeyAlgorithm.EcdsaP256, 32),
            AlgorithmOids.P384 => (PublicKeyAlgorithm.EcdsaP384, 48),
            AlgorithmOids.P521 => (PublicKeyAlgorithm.EcdsaP521, 66),
            _ => (PublicKeyAlgorithm.Unsupported, 0),
        };
        if (algorithm == PublicKeyAlgorithm.Unsupported)
        {
            error = $"x509: unsupported elliptic curve {curveOid}";
            return false;
        }

        var point = spki.ReadBitString(out var unusedBits);
        spki.ThrowIfNotEmpty();
        if (unusedBits != 0 || point.Length != 1 + (2 * coordinateLength) || point[0] != 0x04)
        {
            error = "x509: failed to unmarshal elliptic curve point";
            return false;
        }

        var candidate = new X509PublicKey(algorithm, AlgorithmOids.EcPublicKey, [], point, default);
        ECDsa imported;
        try
        {
            // Importing checks that the point is on the curve; the imported key is kept for verifying.
            imported = ECDsa.Create(candidate.EcParameters());
        }
        catch (CryptographicException)
        {
            error = "x509: failed to unmarshal elliptic curve point";
            return false;
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(AlgorithmOids.EcPublicKey);
                writer.WriteObjectIdentifier(curveOid);
            }

            writer.WriteBitString(point);
        }

        key = new X509PublicKey(algorithm, AlgorithmOids.EcPublicKey, writer.Encode(), point, default, imported);
        error = null;
        return true;
    }

    private static bool TryReadRsa(AsnReader algorithmIdentifier, AsnReader spki, out X509PublicKey? key, out string? error)
    {
        key = null;
        if (!algorithmIdentifier.HasData)
        {
            error = "x509: RSA key missing NULL parameters";
            return false;
        }

        algorithmIdentifier.ReadNull();
        algorithmIdentifier.ThrowIfNotEmpty();
        var bits = spki.ReadBitString(out var unusedBits);
        spki.ThrowIfNotEmpty();
        if (unusedBits != 0)
        {
            error = "x509: invalid RSA public key";
            return false;
        }

        var outer = new AsnReader(bits, AsnEncodingRules.DER);
        var rsaPublicKey = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        var modulus = rsaPublicKey.ReadInteger();
        var exponent = rsaPublicKey.ReadInteger();
        rsaPublicKey.ThrowIfNotEmpty();
        if (modulus.Sign <= 0)
        {
            error = "x509: RSA modulus is not a positive number";
            return false;
        }

        if (exponent.Sign <= 0 || exponent > int.MaxValue)
        {
            error = "x509: RSA public exponent is not a positive number";
            return false;
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(AlgorithmOids.Rsa);
                writer.WriteNull();
            }

            var inner = new AsnWriter(AsnEncodingRules.DER);
            using (inner.PushSequence())
            {
                inner.WriteInteger(modulus);
                inner.WriteInteger(exponent);
            }

            writer.WriteBitString(inner.Encode());
        }

        var parameters = new RSAParameters
        {
            Modulus = modulus.ToByteArray(isUnsigned: true, isBigEndian: true),
            Exponent = exponent.ToByteArray(isUnsigned: true, isBigEndian: true),
        };
        key = new X509PublicKey(PublicKeyAlgorithm.Rsa, AlgorithmOids.Rsa, writer.Encode(), [], parameters);
        error = null;
        return true;
    }

    private static bool TryReadEd25519(AsnReader algorithmIdentifier, AsnReader spki, out X509PublicKey? key, out string? error)
    {
        key = null;
        if (algorithmIdentifier.HasData)
        {
            error = "x509: Ed25519 key encoded with illegal parameters";
            return false;
        }

        var point = spki.ReadBitString(out var unusedBits);
        spki.ThrowIfNotEmpty();
        if (unusedBits != 0 || point.Length != Ed25519Spki.KeyLength)
        {
            error = "x509: wrong Ed25519 public key size";
            return false;
        }

        key = new X509PublicKey(PublicKeyAlgorithm.Ed25519, AlgorithmOids.Ed25519, Ed25519Spki.Encode(point), point, default);
        error = null;
        return true;
    }
}
