using System.Text;
using Rekor.Core.Merkle;
using Rekor.Core.Pki;
using Rekor.Core.Types;

namespace Rekor.Core.Tests.Types;

/// <summary>Every hashedrekord entry logged by a real Rekor, read back, verified and canonicalized by us.</summary>
public class HashedRekordVectorTests
{
    /// <summary>
    /// Logged (January 2023) before Rekor enforced <c>--client-signing-algorithms</c>: a P-384 key over a SHA-256
    /// digest, which today's default policy refuses. The entry itself verifies and canonicalizes like any other.
    /// </summary>
    private const string LoggedBeforeThePolicy = "hashedrekord/public-12299864-sigstore-python-no-checkpoint.json";

    public static TheoryData<string> Files() => EntryVector.FilesOf("hashedrekord");

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_logged_body_verifies(string file)
    {
        var entry = LoggedEntry.Parse(EntryVector.Named(file).Body);

        var verified = await entry.VerifyAsync(CancellationToken.None);

        Assert.True(verified.Succeeded, verified.Error?.Message);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Canonicalizing_a_logged_body_gives_its_bytes_and_its_leaf_hash(string file)
    {
        var vector = EntryVector.Named(file);
        var entry = LoggedEntry.Parse(vector.Body);

        var canonical = await entry.CanonicalizeAsync(CancellationToken.None);

        Assert.True(canonical.Succeeded, canonical.Error?.Message);
        Assert.Equal(Encoding.UTF8.GetString(vector.Body), Encoding.UTF8.GetString(canonical.Value!));
        Assert.Equal(vector.Body, canonical.Value);
        var uuid = Rfc6962.HashLeaf(canonical.Value).ToHex();
        Assert.Equal(vector.LeafHashHex, uuid);
        Assert.EndsWith(uuid, vector.EntryKey, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_logged_entry_is_valid_and_passes_Rekors_default_algorithm_policy(string file)
    {
        var entry = LoggedEntry.Parse(EntryVector.Named(file).Body);

        var validation = entry.Validate();
        var policy = entry.CheckSigningAlgorithms(SigningAlgorithmPolicy.RekorDefault);

        Assert.True(validation.Succeeded, validation.Error?.Message);
        if (file == LoggedBeforeThePolicy)
        {
            Assert.Equal(new EntryError(EntryErrorKind.InvalidInput, "entry algorithms are not allowed"), policy.Error);
        }
        else
        {
            Assert.True(policy.Succeeded, policy.Error?.Message);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void The_logged_digest_is_the_fixtures_artifact_digest(string file)
    {
        var vector = EntryVector.Named(file);
        if (vector.ArtifactDigestHex is null)
        {
            return;
        }

        var body = Encoding.UTF8.GetString(vector.Body);
        Assert.Contains($"\"value\":\"{vector.ArtifactDigestHex}\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_logged_hashedrekord_vector_is_checked() => Assert.Equal(23, Files().Count);

    [Theory]
    [InlineData("hashedrekord/scaffolding-3-sigstore-go-othername.json",
        "b1cff87ecb811b1451568d7e275572670621929fa39c1db17b5854884646e856", "foo!oidc.local",
        "sha256:bc103b4a84971ef6459b294a2b98568a2bfb72cded09d4acd1e16366a401f95b")]
    [InlineData("hashedrekord/public-41958702-sigstore-java-v02.json",
        "5675c758ce5ad0e2be8b8dea14e6eb6732b75e86b3c8ba10303749950f5879a0", "appu@google.com",
        "sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf")]
    [InlineData("hashedrekord/public-79605083-sigstore-python-github-whl.json",
        "817b124bc08aaa5b93c79b026696ab6d4795376ec24b2b108d916a0af1636674",
        "https://github.com/trailofbits/rfc8785.py/.github/workflows/release.yml@refs/tags/v0.1.2",
        "sha256:c4e92e9ecc828bef2aa7dba1de8ac983511f7532a0df11c770d39099a25cf201")]
    public async Task Index_keys_are_the_key_hash_the_certificates_subject_and_the_digest(string file, string keyHash, string subject, string digest)
    {
        var entry = LoggedEntry.Parse(EntryVector.Named(file).Body);

        var keys = await entry.IndexKeysAsync(CancellationToken.None);

        Assert.True(keys.Succeeded, keys.Error?.Message);
        Assert.Equal([keyHash, subject, digest], keys.Value);
    }

    [Fact]
    public async Task A_bare_key_has_no_subjects_in_its_index_keys()
    {
        var entry = LoggedEntry.Parse(EntryVector.Named("hashedrekord/public-771488337-conformance-managed-key.json").Body);

        var keys = await entry.IndexKeysAsync(CancellationToken.None);

        Assert.Equal(
            ["be23225356911668bb870173733013d2211ec0ed0a3738ee7b74de1e20bcf5d7", "sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf"],
            keys.Value);
    }
}
