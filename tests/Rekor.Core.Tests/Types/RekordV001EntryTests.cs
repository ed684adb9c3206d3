using System.Security.Cryptography;
using System.Text;
using Rekor.Core.Models;
using Rekor.Core.Pki;
using Rekor.Core.Tests.Pki;
using Rekor.Core.Types;
using Rekor.Core.Types.Rekord.V001;

namespace Rekor.Core.Tests.Types;

/// <summary>rekord 0.0.1 (x509) with keys and certificates of our own: detached signatures over inline content.</summary>
public class RekordV001EntryTests
{
    private static readonly byte[] Artifact = "a release tarball, say"u8.ToArray();
    private static readonly string ArtifactSha256 = Convert.ToHexStringLower(SHA256.HashData(Artifact));

    private static void AssertError(EntryErrorKind kind, string expectedMessage, EntryError? error)
    {
        Assert.NotNull(error);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(expectedMessage, error.Message);
    }

    /// <summary>The logged body with the artifact put back, as a client holding the artifact verifies a rekord entry.</summary>
    private static RekordV001Entry WithContent(byte[] body, byte[] content) =>
        Assert.IsType<RekordV001Entry>(LoggedEntry.Parse(body)).WithArtifact(content);

    [Theory]
    [MemberData(nameof(TestKey.PermittedNames), MemberType = typeof(TestKey))]
    public async Task A_detached_signature_over_the_content_is_admitted_without_the_content(string name)
    {
        var key = TestKey.Get(name);
        var signature = key.SignMessage(Artifact);
        var entry = LoggedEntry.Parse(ProposedEntries.Rekord("x509", signature, key.PublicKeyPem, Artifact));

        Assert.True(entry.Validate().Succeeded, entry.Validate().Error?.Message);
        Assert.True(entry.CheckSigningAlgorithms(SigningAlgorithmPolicy.RekorDefault).Succeeded);
        var canonical = await entry.CanonicalizeAsync(CancellationToken.None);

        Assert.True(canonical.Succeeded, canonical.Error?.Message);
        var expected = "{\"apiVersion\":\"0.0.1\",\"kind\":\"rekord\",\"spec\":{\"data\":{\"hash\":{\"algorithm\":\"sha256\",\"value\":\"" + ArtifactSha256
            + "\"}},\"signature\":{\"content\":\"" + Convert.ToBase64String(signature) + "\",\"format\":\"x509\",\"publicKey\":{\"content\":\""
            + Convert.ToBase64String(key.PublicKeyPem) + "\"}}}}";
        Assert.Equal(expected, Encoding.UTF8.GetString(canonical.Value!));

        var stored = Assert.IsType<RekordV001Entry>(LoggedEntry.Parse(canonical.Value!));
        Assert.Equal(canonical.Value, stored.CanonicalizeStoredEntry().Value);
        Assert.True((await (WithContent(canonical.Value!, Artifact)).VerifyAsync(CancellationToken.None)).Succeeded);
        Assert.False((await (WithContent(canonical.Value!, [.. Artifact, 0x0a])).VerifyAsync(CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task Sending_the_hash_too_gives_the_same_leaf()
    {
        // Built directly: the schema's oneOf (hash or content) refuses both when JSON is read, though Rekor takes both.
        var key = TestKey.Get("P-256");
        var signature = key.SignMessage(Artifact);
        var stored = WithContent(
            (await LoggedEntry.Parse(ProposedEntries.Rekord("x509", signature, key.PublicKeyPem, Artifact)).CanonicalizeAsync(CancellationToken.None)).Value!,
            Artifact);

        Assert.Equal(ArtifactSha256, stored.Spec.Data.Hash!.Value);
        Assert.Equal(
            (await LoggedEntry.Parse(ProposedEntries.Rekord("x509", signature, key.PublicKeyPem, Artifact)).CanonicalizeAsync(CancellationToken.None)).Value,
            (await stored.CanonicalizeAsync(CancellationToken.None)).Value);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_hash_that_is_not_the_contents_is_refused(bool uppercase)
    {
        // Rekor compares the hex it computes (lowercase) with the hex sent, exactly.
        var key = TestKey.Get("P-256");
        var sent = uppercase ? ArtifactSha256.ToUpperInvariant() : Convert.ToHexStringLower(SHA256.HashData("other"u8));
        var logged = ProposedEntries.Rekord("x509", key.SignMessage(Artifact), key.PublicKeyPem, content: null, sent);

        var canonical = await Assert.IsType<RekordV001Entry>(LoggedEntry.Parse(logged)).WithArtifact(Artifact).CanonicalizeAsync(CancellationToken.None);

        AssertError(EntryErrorKind.InvalidInput, $"SHA mismatch: {ArtifactSha256} != {sent}", canonical.Error);
    }

    [Fact]
    public async Task A_signature_over_other_content_is_refused()
    {
        var key = TestKey.Get("RSA-2048");

        var canonical = await LoggedEntry.Parse(ProposedEntries.Rekord("x509", key.SignMessage("other"u8.ToArray()), key.PublicKeyPem, Artifact)).CanonicalizeAsync(CancellationToken.None);

        AssertError(EntryErrorKind.InvalidInput, "crypto/rsa: verification error", canonical.Error);
    }

    [Fact]
    public async Task A_certificate_chain_must_verify()
    {
        var key = TestKey.Get("P-256");
        var root = TestCertificates.Root(TestKey.Get("P-384"));
        var intermediate = TestCertificates.Intermediate(TestKey.Get("P-521"), TestKey.Get("P-384"));
        var leaf = TestCertificates.Leaf(key, TestKey.Get("P-521"), TestCertificates.Email("Maintainer@Example.com"));
        var signature = key.SignMessage(Artifact);

        var good = LoggedEntry.Parse(ProposedEntries.Rekord("x509", signature, TestCertificates.PemOf(leaf, intermediate, root), Artifact));
        var bad = LoggedEntry.Parse(ProposedEntries.Rekord("x509", signature, TestCertificates.PemOf(leaf, root), Artifact));

        Assert.True((await good.CanonicalizeAsync(CancellationToken.None)).Succeeded);
        Assert.Equal(
            [Convert.ToHexStringLower(SHA256.HashData(TestCertificates.PemOf(leaf, intermediate, root))), "maintainer@example.com", "sha256:" + ArtifactSha256],
            (await good.IndexKeysAsync(CancellationToken.None)).Value);
        AssertError(EntryErrorKind.InvalidInput, "x509: certificate signed by unknown authority", (await bad.CanonicalizeAsync(CancellationToken.None)).Error);
    }

    [Fact]
    public void The_content_is_required_on_insert()
    {
        var key = TestKey.Get("P-256");
        var entry = LoggedEntry.Parse(ProposedEntries.Rekord("x509", key.SignMessage(Artifact), key.PublicKeyPem, content: null, ArtifactSha256));

        AssertError(EntryErrorKind.InvalidInput, "missing data content", entry.Validate().Error);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000")]
    public void A_malformed_hash_is_refused(string value)
    {
        var key = TestKey.Get("P-256");

        var entry = LoggedEntry.Parse(ProposedEntries.Rekord("x509", key.SignMessage(Artifact), key.PublicKeyPem, content: null, value));

        AssertError(EntryErrorKind.InvalidInput, "invalid value for hash", entry.Validate().Error);
    }

    [Fact]
    public async Task A_key_that_is_not_PEM_is_refused()
    {
        var entry = LoggedEntry.Parse(ProposedEntries.Rekord("x509", [1], "ssh-ed25519 AAAA"u8.ToArray(), Artifact));

        AssertError(EntryErrorKind.InvalidInput, "invalid public key: failure decoding PEM", (await entry.CanonicalizeAsync(CancellationToken.None)).Error);
    }

    [Fact]
    public void Rekor_polices_no_algorithms_for_rekord()
    {
        var key = TestKey.Get("RSA-1024");

        var entry = LoggedEntry.Parse(ProposedEntries.Rekord("x509", key.SignMessage(Artifact), key.PublicKeyPem, Artifact));

        Assert.True(entry.CheckSigningAlgorithms(SigningAlgorithmPolicy.RekorDefault).Succeeded);
    }

    [Theory]
    [InlineData("P-256")]
    [InlineData("RSA-4096")]
    [InlineData("Ed25519")]
    public async Task An_entry_built_from_an_artifact_canonicalizes_and_verifies(string name)
    {
        var key = TestKey.Get(name);
        var built = RekordV001Entry.FromArtifact(new ArtifactInput
        {
            Artifact = Artifact,
            Signature = key.SignMessage(Artifact),
            VerificationMaterial = key.PublicKeyPem,
        });
        Assert.True(built.Succeeded, built.Error?.Message);

        var proposed = System.Text.Json.JsonSerializer.Serialize<ProposedEntry>(Assert.IsType<Rekord>(built.Value!.ToProposedEntry()), RekorJson.Options);
        var canonical = await LoggedEntry.Parse(proposed).CanonicalizeAsync(CancellationToken.None);

        Assert.True(canonical.Succeeded, canonical.Error?.Message);
        Assert.Equal(canonical.Value, (await built.Value.CanonicalizeAsync(CancellationToken.None)).Value);
        Assert.True((await (WithContent(canonical.Value!, Artifact)).VerifyAsync(CancellationToken.None)).Succeeded);
        Assert.DoesNotContain(Convert.ToBase64String(Artifact), Encoding.UTF8.GetString(canonical.Value!), StringComparison.Ordinal);
    }

    [Fact]
    public void Building_refuses_a_signature_that_does_not_verify()
    {
        var key = TestKey.Get("P-384");

        var built = RekordV001Entry.FromArtifact(new ArtifactInput
        {
            Artifact = Artifact,
            Signature = key.SignMessage("other"u8.ToArray()),
            VerificationMaterial = key.PublicKeyPem,
        });

        AssertError(EntryErrorKind.InvalidInput, "invalid signature when validating ASN.1 encoded signature", built.Error);
    }
}
