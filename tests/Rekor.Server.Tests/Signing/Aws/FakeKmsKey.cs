using System.Security.Cryptography;

namespace Rekor.Server.Tests.Signing.Aws;

/// <summary>One key held by <see cref="FakeAwsKms"/>: a real private key and the metadata KMS reports for it.</summary>
public sealed class FakeKmsKey
{
    public const string Account = "111122223333";

    private FakeKmsKey(string keySpec, string signingAlgorithm, int digestLength, AsymmetricAlgorithm key, string region)
    {
        Id = Guid.NewGuid().ToString();
        Arn = $"arn:aws:kms:{region}:{Account}:key/{Id}";
        KeySpec = keySpec;
        SigningAlgorithm = signingAlgorithm;
        DigestLength = digestLength;
        Key = key;
    }

    public string Id { get; }

    public string Arn { get; }

    public string KeySpec { get; }

    /// <summary>The one algorithm KMS offers for this spec (listed first, as KMS does).</summary>
    public string SigningAlgorithm { get; }

    public int DigestLength { get; }

    public AsymmetricAlgorithm Key { get; }

    public string KeyUsage { get; set; } = "SIGN_VERIFY";

    public string KeyState { get; set; } = "Enabled";

    public byte[] SpkiDer => Key.ExportSubjectPublicKeyInfo();

    public static FakeKmsKey EcP256(string region) => new("ECC_NIST_P256", "ECDSA_SHA_256", 32, ECDsa.Create(ECCurve.NamedCurves.nistP256), region);

    public static FakeKmsKey EcP384(string region) => new("ECC_NIST_P384", "ECDSA_SHA_384", 48, ECDsa.Create(ECCurve.NamedCurves.nistP384), region);

    public static FakeKmsKey EcP521(string region) => new("ECC_NIST_P521", "ECDSA_SHA_512", 64, ECDsa.Create(ECCurve.NamedCurves.nistP521), region);

    public static FakeKmsKey Rsa2048(string region) => new("RSA_2048", "RSASSA_PKCS1_V1_5_SHA_256", 32, RSA.Create(2048), region);

    public static FakeKmsKey Ed25519Like(string region) => new("ECC_NIST_EDWARDS25519", "ED25519_SHA_512", 64, ECDsa.Create(ECCurve.NamedCurves.nistP256), region);

    /// <summary>Signs a digest as KMS does for <c>MessageType=DIGEST</c>: ECDSA as ASN.1 DER, RSA PKCS#1 v1.5. Thread-safe
    /// enough for tests: each call uses its own copy of the key.</summary>
    public byte[] SignDigest(byte[] digest)
    {
        switch (Key)
        {
            case ECDsa ec:
                using (var copy = ECDsa.Create(ec.ExportParameters(includePrivateParameters: true)))
                {
                    return copy.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);
                }

            case RSA rsa:
                using (var copy = RSA.Create(rsa.ExportParameters(includePrivateParameters: true)))
                {
                    return copy.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                }

            default:
                throw new InvalidOperationException("unknown key type");
        }
    }
}
