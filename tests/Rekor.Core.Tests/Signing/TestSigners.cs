using Rekor.Core.Pki.X509;
using Rekor.Core.Signing;

namespace Rekor.Core.Tests.Signing;

/// <summary>
/// One generated signer per algorithm, shared by the tests that only sign with it (generating RSA keys is slow).
/// Never disposed: they live as long as the test process.
/// </summary>
public static class TestSigners
{
    private static readonly Dictionary<string, Lazy<InMemoryLogSigner>> Signers = new(StringComparer.Ordinal)
    {
        ["P-256"] = new(() => EcdsaLogSigner.Generate(EcdsaCurve.P256)),
        ["P-384"] = new(() => EcdsaLogSigner.Generate(EcdsaCurve.P384)),
        ["P-521"] = new(() => EcdsaLogSigner.Generate(EcdsaCurve.P521)),
        ["RSA-2048"] = new(() => RsaLogSigner.Generate(2048)),
        ["Ed25519"] = new(Ed25519LogSigner.Generate),
    };

    /// <summary>The names of every algorithm, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> Algorithms() => [.. Signers.Keys];

    public static IEnumerable<InMemoryLogSigner> All => Signers.Values.Select(lazy => lazy.Value);

    public static InMemoryLogSigner Get(string algorithm) => Signers[algorithm].Value;

    public static PublicKeyAlgorithm ExpectedAlgorithm(string algorithm) => algorithm switch
    {
        "P-256" => PublicKeyAlgorithm.EcdsaP256,
        "P-384" => PublicKeyAlgorithm.EcdsaP384,
        "P-521" => PublicKeyAlgorithm.EcdsaP521,
        "RSA-2048" => PublicKeyAlgorithm.Rsa,
        "Ed25519" => PublicKeyAlgorithm.Ed25519,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };
}
