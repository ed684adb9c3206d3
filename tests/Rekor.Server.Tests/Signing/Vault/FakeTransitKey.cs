using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;

namespace Rekor.Server.Tests.Signing.Vault;

/// <summary>
/// One key of <see cref="FakeVault"/>'s transit engine: its type and its versions (1 … latest), each a real private key
/// (ECDSA, RSA, Ed25519 via BouncyCastle), or a public key with canned signatures (the kms-wire §0 vector), or nothing
/// (a symmetric type, which cannot sign). <see cref="Rotate"/> adds a version, as <c>POST keys/:name/rotate</c> does.
/// Thread-safe: versions are only added, under a lock; each private key signs under its own lock.
/// </summary>
public sealed class FakeTransitKey
{
    private readonly Lock _lock = new();
    private readonly List<Version> _versions = [];

    private FakeTransitKey(string name, string type)
    {
        Name = name;
        Type = type;
    }

    public string Name { get; }

    /// <summary>Vault's type name: <c>ecdsa-p256</c>, <c>rsa-2048</c>, <c>ed25519</c>, <c>aes256-gcm96</c>, …</summary>
    public string Type { get; }

    public int LatestVersion
    {
        get
        {
            lock (_lock)
            {
                return _versions.Count;
            }
        }
    }

    public static FakeTransitKey Generate(string name, string type)
    {
        var key = new FakeTransitKey(name, type);
        key.Rotate();
        return key;
    }

    /// <summary>A key whose one version has this public key and answers sign requests only from <paramref name="canned"/>
    /// (base64 input → signature bytes).</summary>
    public static FakeTransitKey WithPublicKey(string name, string type, string publicKeyText, IReadOnlyDictionary<string, byte[]> canned)
    {
        var key = new FakeTransitKey(name, type);
        key._versions.Add(new Version(type, publicKeyText, canned));
        return key;
    }

    /// <summary>Adds a new version with a fresh private key; it becomes the latest.</summary>
    public void Rotate()
    {
        lock (_lock)
        {
            _versions.Add(new Version(Type));
        }
    }

    /// <summary>Version <paramref name="number"/> (1-based), or null when there is none.</summary>
    public Version? Get(int number)
    {
        lock (_lock)
        {
            return number >= 1 && number <= _versions.Count ? _versions[number - 1] : null;
        }
    }

    /// <summary>One key version: how Vault describes it and how it signs.</summary>
    public sealed class Version
    {
        private readonly Lock _signLock = new();
        private readonly ECDsa? _ecdsa;
        private readonly RSA? _rsa;
        private readonly Ed25519PrivateKeyParameters? _ed25519;
        private readonly IReadOnlyDictionary<string, byte[]>? _canned;

        public Version(string type)
        {
            CreationTime = DateTimeOffset.UtcNow;
            switch (type)
            {
                case "ecdsa-p256" or "ecdsa-p384" or "ecdsa-p521":
                    var (curve, name) = type switch
                    {
                        "ecdsa-p256" => (ECCurve.NamedCurves.nistP256, "P-256"),
                        "ecdsa-p384" => (ECCurve.NamedCurves.nistP384, "P-384"),
                        _ => (ECCurve.NamedCurves.nistP521, "P-521"),
                    };
                    _ecdsa = ECDsa.Create(curve);
                    (CurveName, PublicKeyText) = (name, Pem(_ecdsa.ExportSubjectPublicKeyInfo()));
                    break;
                case "rsa-2048" or "rsa-3072" or "rsa-4096":
                    _rsa = RSA.Create(int.Parse(type["rsa-".Length..], System.Globalization.CultureInfo.InvariantCulture));
                    (CurveName, PublicKeyText) = (type, Pem(_rsa.ExportSubjectPublicKeyInfo()));
                    break;
                case "ed25519":
                    _ed25519 = new Ed25519PrivateKeyParameters(new Org.BouncyCastle.Security.SecureRandom());
                    (CurveName, PublicKeyText) = ("ed25519", Convert.ToBase64String(_ed25519.GeneratePublicKey().GetEncoded()));
                    break;
                default:
                    CurveName = type;
                    break;
            }
        }

        public Version(string type, string publicKeyText, IReadOnlyDictionary<string, byte[]> canned)
        {
            CreationTime = DateTimeOffset.UtcNow;
            CurveName = type switch { "ecdsa-p256" => "P-256", "ecdsa-p384" => "P-384", _ => type };
            PublicKeyText = publicKeyText;
            _canned = canned;
        }

        /// <summary>The <c>name</c> member Vault shows per version: <c>P-256</c>, <c>rsa-2048</c>, <c>ed25519</c>.</summary>
        public string CurveName { get; }

        /// <summary>PEM for ECDSA/RSA, base64 of the 32 bytes for Ed25519, null for symmetric keys.</summary>
        public string? PublicKeyText { get; }

        public DateTimeOffset CreationTime { get; }

        /// <summary>Signs as transit does with ASN.1 marshaling; null with a reason when the request cannot be served.</summary>
        public byte[]? Sign(byte[] input, bool prehashed, HashAlgorithmName hash, string? rsaPadding, out string? error)
        {
            error = null;
            if (_canned is not null)
            {
                return _canned.TryGetValue(Convert.ToBase64String(input), out var signature) ? signature : Fail("no canned signature for this input", out error);
            }

            var digestLength = hash == HashAlgorithmName.SHA256 ? 32 : hash == HashAlgorithmName.SHA384 ? 48 : 64;
            if (prehashed && _ed25519 is null && input.Length != digestLength)
            {
                return Fail($"prehashed input is {input.Length} bytes, not the {digestLength} of the hash", out error);
            }

            lock (_signLock)
            {
                if (_ecdsa is not null)
                {
                    return prehashed
                        ? _ecdsa.SignHash(input, DSASignatureFormat.Rfc3279DerSequence)
                        : _ecdsa.SignData(input, hash, DSASignatureFormat.Rfc3279DerSequence);
                }

                if (_rsa is not null)
                {
                    var padding = rsaPadding switch
                    {
                        null or "pss" => RSASignaturePadding.Pss,
                        "pkcs1v15" => RSASignaturePadding.Pkcs1,
                        _ => null,
                    };
                    if (padding is null)
                    {
                        return Fail($"unsupported rsa signature algorithm {rsaPadding}", out error);
                    }

                    return prehashed ? _rsa.SignHash(input, hash, padding) : _rsa.SignData(input, hash, padding);
                }

                if (_ed25519 is not null)
                {
                    if (prehashed)
                    {
                        return Fail("the fake signs ed25519 only without prehashing", out error);
                    }

                    var signature = new byte[64];
                    _ed25519.Sign(Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Algorithm.Ed25519, null, input, 0, input.Length, signature, 0);
                    return signature;
                }
            }

            return Fail("key type does not support signing", out error);
        }

        private static byte[]? Fail(string reason, out string? error)
        {
            error = reason;
            return null;
        }

        private static string Pem(byte[] spki) => PemEncoding.WriteString("PUBLIC KEY", spki) + "\n";
    }
}
