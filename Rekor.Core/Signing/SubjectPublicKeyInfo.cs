using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Rekor.Core.Signing;

/// <summary>
/// Reads a DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) of a supported log key and re-encodes it the way Go's
/// <c>x509.MarshalPKIXPublicKey</c> does (named curve, uncompressed point; RSA with NULL parameters; RFC 8410
/// Ed25519), because Rekor's log ID is SHA-256 of that encoding, not of whatever bytes a PEM file happened to hold.
/// </summary>
internal static class SubjectPublicKeyInfo
{
    public const int Ed25519KeyLength = 32;

    /// <summary>The DER of an Ed25519 SPKI up to the 32 key bytes (RFC 8410 §4).</summary>
    public static ReadOnlySpan<byte> Ed25519Prefix => [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

    public static byte[] ForEd25519(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != Ed25519KeyLength)
        {
            throw new ArgumentException($"an Ed25519 public key is {Ed25519KeyLength} bytes, not {publicKey.Length}", nameof(publicKey));
        }

        return [.. Ed25519Prefix, .. publicKey];
    }

    /// <summary>The ECDSA algorithm of a named curve, if it is one Rekor's clients accept.</summary>
    public static bool TryGetCurve(string curveOid, out LogKeyAlgorithm algorithm)
    {
        (var known, algorithm) = curveOid switch
        {
            AlgorithmOids.P256 => (true, LogKeyAlgorithm.EcdsaP256),
            AlgorithmOids.P384 => (true, LogKeyAlgorithm.EcdsaP384),
            AlgorithmOids.P521 => (true, LogKeyAlgorithm.EcdsaP521),
            _ => (false, default),
        };
        return known;
    }

    /// <summary>
    /// Parses <paramref name="der"/> (exactly one SubjectPublicKeyInfo, nothing after it) and returns the algorithm
    /// and the canonical DER, or why the key is refused.
    /// </summary>
    public static bool TryRead(
        ReadOnlySpan<byte> der,
        out LogKeyAlgorithm algorithm,
        [NotNullWhen(true)] out byte[]? canonicalDer,
        [NotNullWhen(false)] out string? error)
    {
        algorithm = default;
        canonicalDer = null;
        try
        {
            var outer = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
            var spki = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            var algorithmIdentifier = spki.ReadSequence();
            var oid = algorithmIdentifier.ReadObjectIdentifier();
            switch (oid)
            {
                case AlgorithmOids.EcPublicKey:
                    var curve = algorithmIdentifier.ReadObjectIdentifier();
                    if (!TryGetCurve(curve, out algorithm))
                    {
                        error = $"the EC curve {curve} is not supported (P-256, P-384 and P-521 are)";
                        return false;
                    }

                    using (var ecdsa = ECDsa.Create())
                    {
                        ecdsa.ImportSubjectPublicKeyInfo(der, out _);
                        canonicalDer = ecdsa.ExportSubjectPublicKeyInfo();
                    }

                    break;
                case AlgorithmOids.Rsa:
                    algorithm = LogKeyAlgorithm.Rsa;
                    using (var rsa = RSA.Create())
                    {
                        rsa.ImportSubjectPublicKeyInfo(der, out _);
                        canonicalDer = rsa.ExportSubjectPublicKeyInfo();
                    }

                    break;
                case AlgorithmOids.Ed25519:
                    algorithm = LogKeyAlgorithm.Ed25519;
                    algorithmIdentifier.ThrowIfNotEmpty();
                    var key = spki.ReadBitString(out var unusedBits);
                    if (unusedBits != 0 || key.Length != Ed25519KeyLength)
                    {
                        error = $"an Ed25519 key is {Ed25519KeyLength} whole bytes, not {key.Length} with {unusedBits} unused bits";
                        return false;
                    }

                    canonicalDer = ForEd25519(key);
                    break;
                default:
                    error = $"the key algorithm {oid} is not supported (ECDSA, RSA and Ed25519 are)";
                    return false;
            }

            error = null;
            return true;
        }
        catch (AsnContentException e)
        {
            error = "not a DER SubjectPublicKeyInfo: " + e.Message;
            return false;
        }
        catch (CryptographicException e)
        {
            error = "not a valid public key: " + e.Message;
            return false;
        }
    }
}
