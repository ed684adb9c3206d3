using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Security;
using Rekor.Core.Pki;
using Bc = Org.BouncyCastle.Math.EC.Rfc8032;

namespace Rekor.Core.Tests.Pki;

/// <summary>
/// A client's signing key as Sigstore clients use it: signs a precomputed digest (hashedrekord; Ed25519 as
/// Ed25519ph) or a whole message (rekord; ECDSA and RSA over SHA-256, Ed25519 pure), and exports its PKIX PEM.
/// One generated key per name, shared by every test (RSA generation is slow); never disposed.
/// </summary>
public abstract class TestKey
{
    private static readonly Dictionary<string, Lazy<TestKey>> Keys = new(StringComparer.Ordinal)
    {
        ["P-256"] = new(() => new EcdsaKey("P-256", ECDsa.Create(ECCurve.NamedCurves.nistP256))),
        ["P-384"] = new(() => new EcdsaKey("P-384", ECDsa.Create(ECCurve.NamedCurves.nistP384))),
        ["P-521"] = new(() => new EcdsaKey("P-521", ECDsa.Create(ECCurve.NamedCurves.nistP521))),
        ["RSA-1024"] = new(() => new RsaKey("RSA-1024", RSA.Create(1024))),
        ["RSA-2048"] = new(() => new RsaKey("RSA-2048", RSA.Create(2048))),
        ["RSA-3072"] = new(() => new RsaKey("RSA-3072", RSA.Create(3072))),
        ["RSA-4096"] = new(() => new RsaKey("RSA-4096", RSA.Create(4096))),
        ["Ed25519"] = new(() => new Ed25519Key("Ed25519")),
    };

    protected TestKey(string name) => Name = name;

    public string Name { get; }

    public abstract byte[] SpkiDer { get; }

    /// <summary>PKIX PEM as Go writes it (64-column lines, final newline).</summary>
    public byte[] PublicKeyPem => Pem.Encode("PUBLIC KEY", SpkiDer);

    public PublicKey PublicKey => PublicKey.CreateFromSubjectPublicKeyInfo(SpkiDer, out _);

    /// <summary>The hash Rekor's default policy pairs with this key.</summary>
    public abstract DigestAlgorithm PolicyHash { get; }

    public static TestKey Get(string name) => Keys[name].Value;

    /// <summary>Every key type a client may sign entries with today (the ones Rekor's default policy permits).</summary>
    public static TheoryData<string> PermittedNames() => ["P-256", "P-384", "P-521", "RSA-2048", "RSA-3072", "RSA-4096", "Ed25519"];

    public abstract byte[] SignDigest(byte[] digest, DigestAlgorithm hash);

    public abstract byte[] SignMessage(byte[] message);

    /// <summary>Signs certificates as a CA, or null for keys .NET cannot sign certificates with (Ed25519).</summary>
    public abstract X509SignatureGenerator? CertificateSigner { get; }

    public override string ToString() => Name;

    private sealed class EcdsaKey(string name, ECDsa key) : TestKey(name)
    {
        public override byte[] SpkiDer { get; } = key.ExportSubjectPublicKeyInfo();

        public override DigestAlgorithm PolicyHash => key.KeySize switch
        {
            256 => DigestAlgorithm.Sha256,
            384 => DigestAlgorithm.Sha384,
            _ => DigestAlgorithm.Sha512,
        };

        public override X509SignatureGenerator CertificateSigner => X509SignatureGenerator.CreateForECDsa(key);

        public override byte[] SignDigest(byte[] digest, DigestAlgorithm hash) => key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);

        public override byte[] SignMessage(byte[] message) => key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    private sealed class RsaKey(string name, RSA key) : TestKey(name)
    {
        public override byte[] SpkiDer { get; } = key.ExportSubjectPublicKeyInfo();

        public override DigestAlgorithm PolicyHash => DigestAlgorithm.Sha256;

        public override X509SignatureGenerator CertificateSigner => X509SignatureGenerator.CreateForRSA(key, RSASignaturePadding.Pkcs1);

        public override byte[] SignDigest(byte[] digest, DigestAlgorithm hash) => key.SignHash(digest, hash.HashAlgorithmName(), RSASignaturePadding.Pkcs1);

        public override byte[] SignMessage(byte[] message) => key.SignData(message, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        public byte[] SignDigestPss(byte[] digest, DigestAlgorithm hash) => key.SignHash(digest, hash.HashAlgorithmName(), RSASignaturePadding.Pss);
    }

    private sealed class Ed25519Key : TestKey
    {
        private readonly byte[] _privateKey = new byte[Bc.Ed25519.SecretKeySize];
        private readonly byte[] _publicKey = new byte[Bc.Ed25519.PublicKeySize];

        public Ed25519Key(string name)
            : base(name)
        {
            Bc.Ed25519.GeneratePrivateKey(new SecureRandom(), _privateKey);
            Bc.Ed25519.GeneratePublicKey(_privateKey, 0, _publicKey, 0);
            SpkiDer = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00, .. _publicKey];
        }

        public override byte[] SpkiDer { get; }

        public override DigestAlgorithm PolicyHash => DigestAlgorithm.Sha512;

        public override X509SignatureGenerator? CertificateSigner => null;

        /// <summary>Ed25519ph (RFC 8032 §5.1, empty context) over a SHA-512 digest, as sigstore's ED25519ph signer does.</summary>
        public override byte[] SignDigest(byte[] digest, DigestAlgorithm hash)
        {
            var signature = new byte[Bc.Ed25519.SignatureSize];
            Bc.Ed25519.SignPrehash(_privateKey, 0, [], digest, 0, signature, 0);
            return signature;
        }

        public override byte[] SignMessage(byte[] message)
        {
            var signature = new byte[Bc.Ed25519.SignatureSize];
            Bc.Ed25519.Sign(_privateKey, 0, message, 0, message.Length, signature, 0);
            return signature;
        }
    }

    /// <summary>An RSA PSS signature over a digest, which Rekor (PKCS#1 v1.5 only) must refuse.</summary>
    public byte[] SignDigestWithPss(byte[] digest, DigestAlgorithm hash) =>
        this is RsaKey rsa ? rsa.SignDigestPss(digest, hash) : throw new InvalidOperationException($"{Name} is not an RSA key");
}
