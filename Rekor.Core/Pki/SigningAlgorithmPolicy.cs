using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Rekor.Core.Pki.X509;

namespace Rekor.Core.Pki;

/// <summary>
/// Which key and hash pairings a log accepts in entries (Rekor's <c>--client-signing-algorithms</c>, checked with
/// sigstore's <c>AlgorithmRegistryConfig.IsAlgorithmPermitted</c>). Rekor polices only hashedrekord entries, and
/// only the key that made the signature (a certificate chain's first certificate). Immutable.
/// </summary>
public sealed class SigningAlgorithmPolicy
{
    private static readonly (SigningAlgorithm Algorithm, string Flag)[] Flags =
    [
        (SigningAlgorithm.RsaPkcs1V15Bits2048Sha256, "rsa-sign-pkcs1-2048-sha256"),
        (SigningAlgorithm.RsaPkcs1V15Bits3072Sha256, "rsa-sign-pkcs1-3072-sha256"),
        (SigningAlgorithm.RsaPkcs1V15Bits4096Sha256, "rsa-sign-pkcs1-4096-sha256"),
        (SigningAlgorithm.RsaPssBits2048Sha256, "rsa-sign-pss-2048-sha256"),
        (SigningAlgorithm.RsaPssBits3072Sha256, "rsa-sign-pss-3072-sha256"),
        // sic: sigstore spells the 4096-bit PSS flag with 4092, and servers are configured with that spelling.
        (SigningAlgorithm.RsaPssBits4096Sha256, "rsa-sign-pss-4092-sha256"),
        (SigningAlgorithm.EcdsaP256Sha256, "ecdsa-sha2-256-nistp256"),
        (SigningAlgorithm.EcdsaP384Sha384, "ecdsa-sha2-384-nistp384"),
        (SigningAlgorithm.EcdsaP521Sha512, "ecdsa-sha2-512-nistp521"),
        (SigningAlgorithm.Ed25519, "ed25519"),
        (SigningAlgorithm.Ed25519ph, "ed25519-ph"),
    ];

    public SigningAlgorithmPolicy(IEnumerable<SigningAlgorithm> permitted)
    {
        ArgumentNullException.ThrowIfNull(permitted);
        Permitted = [.. permitted.Distinct()];
    }

    /// <summary>
    /// Rekor's default: RSA 2048/3072/4096 with SHA-256 (PKCS#1 v1.5), ECDSA P-256+SHA-256, P-384+SHA-384,
    /// P-521+SHA-512, Ed25519 (which never matches a digest) and Ed25519ph+SHA-512.
    /// </summary>
    public static SigningAlgorithmPolicy RekorDefault { get; } = new(
    [
        SigningAlgorithm.RsaPkcs1V15Bits2048Sha256,
        SigningAlgorithm.RsaPkcs1V15Bits3072Sha256,
        SigningAlgorithm.RsaPkcs1V15Bits4096Sha256,
        SigningAlgorithm.EcdsaP256Sha256,
        SigningAlgorithm.EcdsaP384Sha384,
        SigningAlgorithm.EcdsaP521Sha512,
        SigningAlgorithm.Ed25519,
        SigningAlgorithm.Ed25519ph,
    ]);

    public ImmutableArray<SigningAlgorithm> Permitted { get; }

    /// <summary>The name of <paramref name="algorithm"/> in Rekor's <c>--client-signing-algorithms</c> flag.</summary>
    public static string FlagName(SigningAlgorithm algorithm) =>
        Flags.First(f => f.Algorithm == algorithm).Flag;

    /// <summary>Reads the values of <c>--client-signing-algorithms</c> (e.g. <c>ecdsa-sha2-256-nistp256</c>); none means the default.</summary>
    public static bool TryParse(IEnumerable<string> flags, [NotNullWhen(true)] out SigningAlgorithmPolicy? policy, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(flags);
        var algorithms = new List<SigningAlgorithm>();
        foreach (var flag in flags)
        {
            var match = Array.FindIndex(Flags, f => f.Flag == flag);
            if (match < 0)
            {
                policy = null;
                error = $"could not find matching signature algorithm for flag: {flag}";
                return false;
            }

            algorithms.Add(Flags[match].Algorithm);
        }

        policy = algorithms.Count == 0 ? RekorDefault : new SigningAlgorithmPolicy(algorithms);
        error = null;
        return true;
    }

    /// <summary>Whether some permitted algorithm matches both the key and the hash the entry names.</summary>
    public bool IsPermitted(X509PublicKey key, DigestAlgorithm hash)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var algorithm in Permitted)
        {
            if (Matches(algorithm, key, hash))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(SigningAlgorithm algorithm, X509PublicKey key, DigestAlgorithm hash) => algorithm switch
    {
        SigningAlgorithm.RsaPkcs1V15Bits2048Sha256 or SigningAlgorithm.RsaPssBits2048Sha256 => IsRsa(key, 2048) && hash == DigestAlgorithm.Sha256,
        SigningAlgorithm.RsaPkcs1V15Bits3072Sha256 or SigningAlgorithm.RsaPssBits3072Sha256 => IsRsa(key, 3072) && hash == DigestAlgorithm.Sha256,
        SigningAlgorithm.RsaPkcs1V15Bits4096Sha256 or SigningAlgorithm.RsaPssBits4096Sha256 => IsRsa(key, 4096) && hash == DigestAlgorithm.Sha256,
        SigningAlgorithm.EcdsaP256Sha256 => key.Algorithm == PublicKeyAlgorithm.EcdsaP256 && hash == DigestAlgorithm.Sha256,
        SigningAlgorithm.EcdsaP384Sha384 => key.Algorithm == PublicKeyAlgorithm.EcdsaP384 && hash == DigestAlgorithm.Sha384,
        SigningAlgorithm.EcdsaP521Sha512 => key.Algorithm == PublicKeyAlgorithm.EcdsaP521 && hash == DigestAlgorithm.Sha512,
        SigningAlgorithm.Ed25519 => false,
        SigningAlgorithm.Ed25519ph => key.Algorithm == PublicKeyAlgorithm.Ed25519 && hash == DigestAlgorithm.Sha512,
        _ => false,
    };

    private static bool IsRsa(X509PublicKey key, int bits) => key.Algorithm == PublicKeyAlgorithm.Rsa && key.RsaModulusBits == bits;
}
