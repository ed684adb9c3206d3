using System.Security.Cryptography;
using Rekor.Core.Pki;
using Rekor.Core.Pki.X509;

namespace Rekor.Server.Signing.Gcp;

/// <summary>How a signature is made by one of the key version algorithms the signer accepts.</summary>
internal enum GcpKmsScheme
{
    EcdsaDer,
    RsaPkcs1,
    RsaPss,
}

/// <summary>
/// A CryptoKeyVersion algorithm the signer supports: exactly the ones sigstore's gcpkms signer accepts (P-256/SHA-256,
/// P-384/SHA-384, RSA PKCS#1 v1.5 and PSS with SHA-256 or SHA-512); the digest sent to asymmetricSign is decided by the
/// algorithm, not by the caller. Ed25519, secp256k1, raw RSA and post-quantum algorithms are refused, as upstream.
/// </summary>
internal sealed record GcpKmsAlgorithm(string Name, DigestAlgorithm Digest, GcpKmsScheme Scheme, PublicKeyAlgorithm KeyType)
{
    private static readonly GcpKmsAlgorithm[] Supported =
    [
        new("EC_SIGN_P256_SHA256", DigestAlgorithm.Sha256, GcpKmsScheme.EcdsaDer, PublicKeyAlgorithm.EcdsaP256),
        new("EC_SIGN_P384_SHA384", DigestAlgorithm.Sha384, GcpKmsScheme.EcdsaDer, PublicKeyAlgorithm.EcdsaP384),
        new("RSA_SIGN_PKCS1_2048_SHA256", DigestAlgorithm.Sha256, GcpKmsScheme.RsaPkcs1, PublicKeyAlgorithm.Rsa),
        new("RSA_SIGN_PKCS1_3072_SHA256", DigestAlgorithm.Sha256, GcpKmsScheme.RsaPkcs1, PublicKeyAlgorithm.Rsa),
        new("RSA_SIGN_PKCS1_4096_SHA256", DigestAlgorithm.Sha256, GcpKmsScheme.RsaPkcs1, PublicKeyAlgorithm.Rsa),
        new("RSA_SIGN_PKCS1_4096_SHA512", DigestAlgorithm.Sha512, GcpKmsScheme.RsaPkcs1, PublicKeyAlgorithm.Rsa),
        new("RSA_SIGN_PSS_2048_SHA256", DigestAlgorithm.Sha256, GcpKmsScheme.RsaPss, PublicKeyAlgorithm.Rsa),
        new("RSA_SIGN_PSS_3072_SHA256", DigestAlgorithm.Sha256, GcpKmsScheme.RsaPss, PublicKeyAlgorithm.Rsa),
        new("RSA_SIGN_PSS_4096_SHA256", DigestAlgorithm.Sha256, GcpKmsScheme.RsaPss, PublicKeyAlgorithm.Rsa),
        new("RSA_SIGN_PSS_4096_SHA512", DigestAlgorithm.Sha512, GcpKmsScheme.RsaPss, PublicKeyAlgorithm.Rsa),
    ];

    /// <summary>The proto enum numbers of the supported algorithms (an answer may carry numbers instead of names).</summary>
    private static readonly Dictionary<string, string> NamesByNumber = new(StringComparer.Ordinal)
    {
        ["12"] = "EC_SIGN_P256_SHA256",
        ["13"] = "EC_SIGN_P384_SHA384",
        ["5"] = "RSA_SIGN_PKCS1_2048_SHA256",
        ["6"] = "RSA_SIGN_PKCS1_3072_SHA256",
        ["7"] = "RSA_SIGN_PKCS1_4096_SHA256",
        ["16"] = "RSA_SIGN_PKCS1_4096_SHA512",
        ["2"] = "RSA_SIGN_PSS_2048_SHA256",
        ["3"] = "RSA_SIGN_PSS_3072_SHA256",
        ["4"] = "RSA_SIGN_PSS_4096_SHA256",
        ["15"] = "RSA_SIGN_PSS_4096_SHA512",
    };

    /// <summary>The JSON member of the <c>Digest</c> message that carries this algorithm's digest.</summary>
    public string DigestField => Digest switch
    {
        DigestAlgorithm.Sha256 => "sha256",
        DigestAlgorithm.Sha384 => "sha384",
        _ => "sha512",
    };

    /// <summary>The algorithm named <paramref name="nameOrNumber"/> (enum name or number), or null if unsupported.</summary>
    public static GcpKmsAlgorithm? Find(string? nameOrNumber)
    {
        if (nameOrNumber is null)
        {
            return null;
        }

        var name = NamesByNumber.GetValueOrDefault(nameOrNumber, nameOrNumber);
        return Array.Find(Supported, a => a.Name == name);
    }

    public byte[] Hash(ReadOnlySpan<byte> message) => Digest switch
    {
        DigestAlgorithm.Sha256 => SHA256.HashData(message),
        DigestAlgorithm.Sha384 => SHA384.HashData(message),
        _ => SHA512.HashData(message),
    };

    /// <summary>
    /// Whether <paramref name="signature"/> is this algorithm's signature of <paramref name="digest"/> under the key
    /// <paramref name="spkiDer"/> (ECDSA: ASN.1 DER only; PSS: salt as long as the digest, as Cloud KMS makes it).
    /// Malformed signatures are simply invalid.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> spkiDer, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        var hashName = Digest switch
        {
            DigestAlgorithm.Sha256 => HashAlgorithmName.SHA256,
            DigestAlgorithm.Sha384 => HashAlgorithmName.SHA384,
            _ => HashAlgorithmName.SHA512,
        };
        try
        {
            if (Scheme == GcpKmsScheme.EcdsaDer)
            {
                using var ecdsa = ECDsa.Create();
                ecdsa.ImportSubjectPublicKeyInfo(spkiDer, out _);
                return ecdsa.VerifyHash(digest, signature, DSASignatureFormat.Rfc3279DerSequence);
            }

            using var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(spkiDer, out _);
            var padding = Scheme == GcpKmsScheme.RsaPss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
            return rsa.VerifyHash(digest, signature, hashName, padding);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
