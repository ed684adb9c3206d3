using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Rekor.Core.Pki.X509;

namespace Rekor.Server.Signing.Aws;

/// <summary>
/// How a KMS key spec signs as Rekor does (see <see cref="Rekor.Core.Signing.ILogSigner"/>): every signature is over
/// SHA-256 of the message, so <see cref="Rekor.Core.Signing.LogKey.Verify"/> and Sigstore clients accept it.
/// <para>KMS binds each EC key to one hash (P-384 only signs with ECDSA_SHA_384, P-521 with ECDSA_SHA_512) and, with
/// <c>MessageType=DIGEST</c>, only checks the digest's length. ECDSA uses the leftmost curve-size bits of the digest as
/// an integer, and those hashes are not longer than the curve, so the SHA-256 digest left-padded with zero bytes to the
/// algorithm's length gives the same integer, hence a signature that verifies as ECDSA over SHA-256. (Sigstore's Go
/// signer hashes with SHA-384 / SHA-512 instead; its signatures do not verify with a SHA-256 verifier.)</para>
/// </summary>
internal sealed record AwsKmsSigningScheme(string KeySpec, SigningAlgorithmSpec Algorithm, int DigestLength, PublicKeyAlgorithm KeyAlgorithm)
{
    private static readonly AwsKmsSigningScheme[] Schemes =
    [
        new("ECC_NIST_P256", SigningAlgorithmSpec.ECDSA_SHA_256, 32, PublicKeyAlgorithm.EcdsaP256),
        new("ECC_NIST_P384", SigningAlgorithmSpec.ECDSA_SHA_384, 48, PublicKeyAlgorithm.EcdsaP384),
        new("ECC_NIST_P521", SigningAlgorithmSpec.ECDSA_SHA_512, 64, PublicKeyAlgorithm.EcdsaP521),
        new("RSA_2048", SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256, 32, PublicKeyAlgorithm.Rsa),
        new("RSA_3072", SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256, 32, PublicKeyAlgorithm.Rsa),
        new("RSA_4096", SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256, 32, PublicKeyAlgorithm.Rsa),
    ];

    /// <summary>The scheme for <paramref name="keySpec"/>, or null for specs Rekor cannot sign with (Ed25519, secp256k1,
    /// SM2, ML-DSA, symmetric and HMAC keys).</summary>
    public static AwsKmsSigningScheme? For(string? keySpec) =>
        Array.Find(Schemes, s => string.Equals(s.KeySpec, keySpec, StringComparison.Ordinal));

    /// <summary>The <c>Message</c> to send with <c>MessageType=DIGEST</c>: SHA-256 of <paramref name="message"/>,
    /// left-padded with zeros to <see cref="DigestLength"/> bytes.</summary>
    public byte[] Digest(ReadOnlySpan<byte> message)
    {
        var digest = new byte[DigestLength];
        SHA256.HashData(message, digest.AsSpan(DigestLength - SHA256.HashSizeInBytes));
        return digest;
    }
}
