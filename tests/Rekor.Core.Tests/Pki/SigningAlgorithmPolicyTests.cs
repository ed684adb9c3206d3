using Rekor.Core.Pki;
using Rekor.Core.Pki.X509;

namespace Rekor.Core.Tests.Pki;

/// <summary>Rekor's default client signing algorithms and the <c>--client-signing-algorithms</c> flag values.</summary>
public class SigningAlgorithmPolicyTests
{
    private static X509PublicKey KeyOf(string name)
    {
        Assert.True(X509Verifier.TryParse(TestKey.Get(name).PublicKeyPem, out var verifier, out var error), error);
        return verifier.PublicKey;
    }

    [Theory]
    [InlineData("RSA-2048", DigestAlgorithm.Sha256, true)]
    [InlineData("RSA-3072", DigestAlgorithm.Sha256, true)]
    [InlineData("RSA-4096", DigestAlgorithm.Sha256, true)]
    [InlineData("P-256", DigestAlgorithm.Sha256, true)]
    [InlineData("P-384", DigestAlgorithm.Sha384, true)]
    [InlineData("P-521", DigestAlgorithm.Sha512, true)]
    [InlineData("Ed25519", DigestAlgorithm.Sha512, true)]
    [InlineData("RSA-1024", DigestAlgorithm.Sha256, false)]
    [InlineData("RSA-2048", DigestAlgorithm.Sha384, false)]
    [InlineData("RSA-4096", DigestAlgorithm.Sha512, false)]
    [InlineData("P-256", DigestAlgorithm.Sha384, false)]
    [InlineData("P-256", DigestAlgorithm.Sha512, false)]
    [InlineData("P-384", DigestAlgorithm.Sha256, false)]
    [InlineData("P-521", DigestAlgorithm.Sha256, false)]
    [InlineData("Ed25519", DigestAlgorithm.Sha256, false)]
    [InlineData("Ed25519", DigestAlgorithm.Sha384, false)]
    public void The_default_policy_permits_exactly_Rekors_pairings(string key, DigestAlgorithm hash, bool permitted) =>
        Assert.Equal(permitted, SigningAlgorithmPolicy.RekorDefault.IsPermitted(KeyOf(key), hash));

    [Fact]
    public void Every_algorithm_has_a_flag_that_reads_back()
    {
        var all = Enum.GetValues<SigningAlgorithm>();

        Assert.True(SigningAlgorithmPolicy.TryParse(all.Select(SigningAlgorithmPolicy.FlagName), out var policy, out var error), error);

        Assert.Equal(all, policy.Permitted);
        Assert.Equal("rsa-sign-pss-4092-sha256", SigningAlgorithmPolicy.FlagName(SigningAlgorithm.RsaPssBits4096Sha256));
    }

    [Fact]
    public void No_flags_mean_the_default_and_an_unknown_flag_is_an_error()
    {
        Assert.True(SigningAlgorithmPolicy.TryParse([], out var policy, out _));
        Assert.Same(SigningAlgorithmPolicy.RekorDefault, policy);

        Assert.False(SigningAlgorithmPolicy.TryParse(["ecdsa-sha2-256-nistp256", "dsa"], out _, out var error));
        Assert.Equal("could not find matching signature algorithm for flag: dsa", error);
    }

    [Fact]
    public void A_narrower_policy_refuses_what_it_does_not_list()
    {
        Assert.True(SigningAlgorithmPolicy.TryParse(["ecdsa-sha2-256-nistp256"], out var policy, out _));

        Assert.True(policy.IsPermitted(KeyOf("P-256"), DigestAlgorithm.Sha256));
        Assert.False(policy.IsPermitted(KeyOf("RSA-2048"), DigestAlgorithm.Sha256));
        Assert.False(policy.IsPermitted(KeyOf("Ed25519"), DigestAlgorithm.Sha512));
    }
}
