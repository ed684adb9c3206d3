using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Rekor.Core.Merkle;
using Rekor.Core.Models;
using Rekor.Core.Pki;
using Rekor.Core.Tests.Pki;
using Rekor.Core.Types;
using Rekor.Core.Types.HashedRekord.V001;

namespace Rekor.Core.Tests.Types;

/// <summary>hashedrekord 0.0.1 with keys and certificates of our own: what is admitted, what is refused and why.</summary>
public class HashedRekordV001EntryTests
{
    private static readonly byte[] Artifact = "hello, transparency log"u8.ToArray();

    private static string Propose(TestKey key, DigestAlgorithm? hash = null, byte[]? publicKey = null, Func<byte[], byte[]>? tamperSignature = null)
    {
        var algorithm = hash ?? key.PolicyHash;
        var digest = algorithm.Hash(Artifact);
        var signature = key.SignDigest(digest, algorithm);
        return ProposedEntries.HashedRekord(algorithm.Name(), Convert.ToHexStringLower(digest), tamperSignature?.Invoke(signature) ?? signature, publicKey ?? key.PublicKeyPem);
    }

    private static async Task<EntryError?> InsertAsync(string proposed)
    {
        var entry = LoggedEntry.Parse(proposed);
        var outcome = entry.Validate();
        if (!outcome.Succeeded)
        {
            return outcome.Error;
        }

        outcome = entry.CheckSigningAlgorithms(SigningAlgorithmPolicy.RekorDefault);
        if (!outcome.Succeeded)
        {
            return outcome.Error;
        }

        return (await entry.CanonicalizeAsync(CancellationToken.None)).Error;
    }

    private static void AssertInvalid(string expectedMessage, EntryError? error)
    {
        Assert.NotNull(error);
        Assert.Equal(EntryErrorKind.InvalidInput, error.Kind);
        Assert.Equal(expectedMessage, error.Message);
    }

    [Theory]
    [MemberData(nameof(TestKey.PermittedNames), MemberType = typeof(TestKey))]
    public async Task An_entry_signed_with_a_permitted_key_is_admitted_and_its_stored_form_verifies(string name)
    {
        var entry = LoggedEntry.Parse(Propose(TestKey.Get(name)));

        Assert.True(entry.Validate().Succeeded);
        Assert.True(entry.CheckSigningAlgorithms(SigningAlgorithmPolicy.RekorDefault).Succeeded);
        var canonical = await entry.CanonicalizeAsync(CancellationToken.None);

        Assert.True(canonical.Succeeded, canonical.Error?.Message);
        var stored = LoggedEntry.Parse(canonical.Value!);
        Assert.True((await stored.VerifyAsync(CancellationToken.None)).Succeeded);
        Assert.Equal(canonical.Value, (await stored.CanonicalizeAsync(CancellationToken.None)).Value);
    }

    [Fact]
    public async Task The_canonical_body_is_JCS_with_the_hash_as_sent_and_the_key_re_encoded()
    {
        var key = TestKey.Get("P-256");
        var digest = SHA256.HashData(Artifact);
        var signature = key.SignDigest(digest, DigestAlgorithm.Sha256);
        var untidyPem = Encoding.ASCII.GetBytes("\n" + PemEncoding.WriteString("PUBLIC KEY", key.SpkiDer).Replace("\n", "\r\n", StringComparison.Ordinal));
        var upperHex = Convert.ToHexString(digest);
        var entry = LoggedEntry.Parse(ProposedEntries.HashedRekord("sha256", upperHex, signature, untidyPem));

        var canonical = await entry.CanonicalizeAsync(CancellationToken.None);

        var expected = "{\"apiVersion\":\"0.0.1\",\"kind\":\"hashedrekord\",\"spec\":{\"data\":{\"hash\":{\"algorithm\":\"sha256\",\"value\":\"" + upperHex
            + "\"}},\"signature\":{\"content\":\"" + Convert.ToBase64String(signature) + "\",\"publicKey\":{\"content\":\""
            + Convert.ToBase64String(key.PublicKeyPem) + "\"}}}}";
        Assert.Equal(expected, Encoding.UTF8.GetString(canonical.Value!));
    }

    [Fact]
    public async Task Data_content_is_dropped_as_Rekor_drops_it()
    {
        var key = TestKey.Get("P-256");
        var digest = SHA256.HashData(Artifact);
        var signature = key.SignDigest(digest, DigestAlgorithm.Sha256);
        var plain = LoggedEntry.Parse(ProposedEntries.HashedRekord("sha256", Convert.ToHexStringLower(digest), signature, key.PublicKeyPem));
        var withContent = LoggedEntry.Parse(ProposedEntries.HashedRekord("sha256", Convert.ToHexStringLower(digest), signature, key.PublicKeyPem,
            new JsonObject { ["content"] = Convert.ToBase64String(Artifact) }));

        Assert.Equal(
            (await plain.CanonicalizeAsync(CancellationToken.None)).Value,
            (await withContent.CanonicalizeAsync(CancellationToken.None)).Value);
    }

    [Fact]
    public async Task Index_keys_are_lowercase_key_hash_subjects_and_digest()
    {
        var key = TestKey.Get("P-256");
        var certificate = TestCertificates.PemOf(TestCertificates.Leaf(key, TestKey.Get("P-384"), TestCertificates.Names("email:Dev@Example.COM", "uri:https://GitHub.com/Org")));
        var digest = SHA256.HashData(Artifact);
        var entry = LoggedEntry.Parse(ProposedEntries.HashedRekord("sha256", Convert.ToHexString(digest), key.SignDigest(digest, DigestAlgorithm.Sha256), certificate));

        var keys = await entry.IndexKeysAsync(CancellationToken.None);

        Assert.Equal(
            [Convert.ToHexStringLower(SHA256.HashData(certificate)), "dev@example.com", "https://github.com/org", "sha256:" + Convert.ToHexStringLower(digest)],
            keys.Value);
    }

    [Fact]
    public async Task A_wrong_signature_is_refused() =>
        AssertInvalid(
            "verifying signature: invalid signature when validating ASN.1 encoded signature",
            await InsertAsync(Propose(TestKey.Get("P-256"), tamperSignature: _ => TestKey.Get("P-256").SignDigest(SHA256.HashData("other"u8), DigestAlgorithm.Sha256))));

    [Fact]
    public async Task A_signature_by_another_key_is_refused() =>
        AssertInvalid(
            "verifying signature: crypto/rsa: verification error",
            await InsertAsync(Propose(TestKey.Get("RSA-2048"), publicKey: TestKey.Get("RSA-3072").PublicKeyPem)));

    [Fact]
    public async Task A_digest_that_is_not_the_signed_one_is_refused()
    {
        var key = TestKey.Get("Ed25519");
        var signature = key.SignDigest(SHA512.HashData(Artifact), DigestAlgorithm.Sha512);

        var error = await InsertAsync(ProposedEntries.HashedRekord("sha512", Convert.ToHexStringLower(SHA512.HashData("other"u8)), signature, key.PublicKeyPem));

        AssertInvalid("verifying signature: failed to verify signature: ed25519: invalid signature", error);
    }

    [Theory]
    [InlineData("sha256", 63)]
    [InlineData("sha256", 65)]
    [InlineData("sha256", 96)]
    [InlineData("sha384", 64)]
    [InlineData("sha512", 96)]
    public async Task A_digest_of_the_wrong_length_for_its_algorithm_is_refused(string algorithm, int hexLength)
    {
        var key = TestKey.Get("P-256");

        var error = await InsertAsync(ProposedEntries.HashedRekord(algorithm, new string('a', hexLength), key.SignDigest(new byte[32], DigestAlgorithm.Sha256), key.PublicKeyPem));

        AssertInvalid("invalid value for hash", error);
    }

    [Fact]
    public async Task A_digest_that_is_not_hex_is_refused()
    {
        var key = TestKey.Get("P-256");

        var error = await InsertAsync(ProposedEntries.HashedRekord("sha256", new string('g', 64), key.SignDigest(new byte[32], DigestAlgorithm.Sha256), key.PublicKeyPem));

        AssertInvalid("invalid value for hash: not hexadecimal", error);
    }

    [Theory]
    [InlineData("not PEM", "invalid public key: failure decoding PEM")]
    [InlineData("-----BEGIN RSA PUBLIC KEY-----\nMAA=\n-----END RSA PUBLIC KEY-----\n", "invalid public key: cannot handle type RSA PUBLIC KEY")]
    public async Task A_key_that_is_not_PEM_x509_material_is_refused(string pem, string message)
    {
        var error = await InsertAsync(Propose(TestKey.Get("P-256"), publicKey: Encoding.ASCII.GetBytes(pem)));

        AssertInvalid(message, error);
    }

    [Fact]
    public async Task A_certificate_chain_that_does_not_verify_is_refused()
    {
        var leafKey = TestKey.Get("P-256");
        var leaf = TestCertificates.Leaf(leafKey, TestKey.Get("P-521"));
        var unrelatedRoot = TestCertificates.Root(TestKey.Get("P-384"));

        var error = await InsertAsync(Propose(leafKey, publicKey: TestCertificates.PemOf(leaf, unrelatedRoot)));

        AssertInvalid("verifying signature: x509: certificate signed by unknown authority", error);
    }

    [Fact]
    public async Task A_certificate_chain_that_verifies_is_admitted_and_stored_whole()
    {
        var leafKey = TestKey.Get("P-256");
        var root = TestCertificates.Root(TestKey.Get("P-384"));
        var intermediate = TestCertificates.Intermediate(TestKey.Get("P-521"), TestKey.Get("P-384"));
        var leaf = TestCertificates.Leaf(leafKey, TestKey.Get("P-521"), TestCertificates.Email("dev@example.com"));
        var chain = TestCertificates.PemOf(leaf, intermediate, root);
        var entry = LoggedEntry.Parse(Propose(leafKey, publicKey: chain));

        var canonical = await entry.CanonicalizeAsync(CancellationToken.None);

        Assert.True(canonical.Succeeded, canonical.Error?.Message);
        Assert.Contains(Convert.ToBase64String(chain), Encoding.UTF8.GetString(canonical.Value!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("P-256", DigestAlgorithm.Sha384)]
    [InlineData("P-384", DigestAlgorithm.Sha256)]
    [InlineData("P-521", DigestAlgorithm.Sha256)]
    [InlineData("RSA-2048", DigestAlgorithm.Sha512)]
    [InlineData("RSA-1024", DigestAlgorithm.Sha256)]
    public async Task A_key_and_hash_pairing_outside_the_policy_is_refused_though_the_signature_is_good(string name, DigestAlgorithm hash)
    {
        var proposed = Propose(TestKey.Get(name), hash);

        var error = await InsertAsync(proposed);

        AssertInvalid("entry algorithms are not allowed", error);
        Assert.True((await LoggedEntry.Parse(proposed).VerifyAsync(CancellationToken.None)).Succeeded || name == "RSA-1024");
    }

    [Fact]
    public async Task Ed25519_needs_a_sha512_digest()
    {
        var key = TestKey.Get("Ed25519");
        var digest = SHA256.HashData(Artifact);
        var proposed = ProposedEntries.HashedRekord("sha256", Convert.ToHexStringLower(digest), new byte[64], key.PublicKeyPem);

        AssertInvalid("entry algorithms are not allowed", await InsertAsync(proposed));
        AssertInvalid(
            "verifying signature: unsupported hash algorithm: \"SHA-256\" not in [SHA-512]",
            (await LoggedEntry.Parse(proposed).CanonicalizeAsync(CancellationToken.None)).Error);
    }

    [Theory]
    [InlineData(false, true, "missing signature content")]
    [InlineData(true, false, "missing public key")]
    public async Task A_signature_and_a_key_are_required(bool withSignature, bool withKey, string message)
    {
        var key = TestKey.Get("P-256");
        var digest = SHA256.HashData(Artifact);

        var error = await InsertAsync(ProposedEntries.HashedRekord("sha256", Convert.ToHexStringLower(digest),
            withSignature ? key.SignDigest(digest, DigestAlgorithm.Sha256) : null, withKey ? key.PublicKeyPem : null));

        AssertInvalid(message, error);
    }

    [Theory]
    [MemberData(nameof(TestKey.PermittedNames), MemberType = typeof(TestKey))]
    public async Task An_entry_built_from_an_artifact_canonicalizes_and_verifies(string name)
    {
        var key = TestKey.Get(name);
        var digest = key.PolicyHash.Hash(Artifact);
        var built = HashedRekordV001Entry.FromArtifact(new ArtifactInput
        {
            ArtifactDigest = digest,
            Signature = key.SignDigest(digest, key.PolicyHash),
            VerificationMaterial = key.PublicKeyPem,
        });
        Assert.True(built.Succeeded, built.Error?.Message);

        var proposed = System.Text.Json.JsonSerializer.Serialize<ProposedEntry>(Assert.IsType<Hashedrekord>(built.Value!.ToProposedEntry()), RekorJson.Options);
        var canonical = await LoggedEntry.Parse(proposed).CanonicalizeAsync(CancellationToken.None);
        var stored = LoggedEntry.Parse(canonical.Value!);

        Assert.True(built.Value.CheckSigningAlgorithms(SigningAlgorithmPolicy.RekorDefault).Succeeded);
        Assert.True((await stored.VerifyAsync(CancellationToken.None)).Succeeded);
        Assert.Equal(canonical.Value, (await built.Value.CanonicalizeAsync(CancellationToken.None)).Value);
        Assert.Equal(64, Rfc6962.HashLeaf(canonical.Value).ToHex().Length);
    }

    [Fact]
    public void Building_from_the_artifact_itself_hashes_it()
    {
        var key = TestKey.Get("P-384");
        var built = HashedRekordV001Entry.FromArtifact(new ArtifactInput
        {
            Artifact = Artifact,
            DigestAlgorithm = "sha384",
            Signature = key.SignDigest(SHA384.HashData(Artifact), DigestAlgorithm.Sha384),
            VerificationMaterial = key.PublicKeyPem,
        });

        var entry = Assert.IsType<HashedRekordV001Entry>(built.Value);
        Assert.Equal("sha384", entry.Spec.Data.Hash!.Algorithm);
        Assert.Equal(Convert.ToHexStringLower(SHA384.HashData(Artifact)), entry.Spec.Data.Hash.Value);
    }

    [Fact]
    public void Building_refuses_a_signature_that_does_not_verify_and_other_formats()
    {
        var key = TestKey.Get("P-256");
        var digest = SHA256.HashData(Artifact);

        var wrong = HashedRekordV001Entry.FromArtifact(new ArtifactInput
        {
            ArtifactDigest = digest,
            Signature = key.SignDigest(SHA256.HashData("other"u8), DigestAlgorithm.Sha256),
            VerificationMaterial = key.PublicKeyPem,
        });
        var pgp = HashedRekordV001Entry.FromArtifact(new ArtifactInput { ArtifactDigest = digest, Signature = new byte[1], VerificationMaterial = new byte[1], SignatureFormat = "pgp" });
        var unsized = HashedRekordV001Entry.FromArtifact(new ArtifactInput { ArtifactDigest = new byte[20], Signature = new byte[1], VerificationMaterial = key.PublicKeyPem });

        AssertInvalid("verifying signature: invalid signature when validating ASN.1 encoded signature", wrong.Error);
        AssertInvalid("hashedrekord entries can only be created for artifacts signed with x509-based PKI", pgp.Error);
        Assert.Equal(EntryErrorKind.InvalidInput, unsized.Error?.Kind);
    }
}
