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
/// A CryptoKeyVersion algorithm the signer supports: those whose signatures are what every Sigstore client verifies
/// under a log key (<see cref="Rekor.Core.Signing.ILogSigner"/>: ECDSA over SHA-256 of the message, RSA PKCS#1 v1.5 over
/// SHA-256). So P-256/SHA-256 and RSA PKCS#1 SHA-256, and P-384, whose SHA384 digest slot is given the SHA-256 digest
/// left-padded with zeros (ECDSA reads a digest as a number, so this is exactly an ECDSA-over-SHA-256 signature, as
/// cosign and sigstore-js verify a P-384 log's SETs; a real SHA-384 signature would fail them). PSS, SHA-512,
/// Ed25519, secp256k1, raw RSA and post-quantum algorithms are refused: no Sigstore client verifies a log key's
/// signatures made with them.
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
    ];

    /// <summary>The proto enum numbers of the supported algorithms (an answer may carry numbers instead of names).</summary>
    private static readonly Dictionary<string, string> NamesByNumber = new(StringComparer.Ordinal)
    {
        ["12"] = "EC_SIGN_P256_SHA256",
        ["13"] = "EC_SIGN_P384_SHA384",
        ["5"] = "RSA_SIGN_PKCS1_2048_SHA256",
        ["6"] = "RSA_SIGN_PKCS1_3072_SHA256",
        ["7"] = "RSA_SIGN_PKCS1_4096_SHA256",
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

    /// <summary>What goes into this algorithm's digest slot: SHA-256 of the message, left-padded with zeros to the slot's size.</summary>
    public byte[] Hash(ReadOnlySpan<byte> message)
    {
        var slot = new byte[Digest switch { DigestAlgorithm.Sha256 => 32, DigestAlgorithm.Sha384 => 48, _ => 64 }];
        SHA256.HashData(message, slot.AsSpan(slot.Length - 32));
        return slot;
    }

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
