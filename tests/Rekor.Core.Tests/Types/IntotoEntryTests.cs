using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Rekor.Core.Dsse;
using Rekor.Core.Tests.Pki;
using Rekor.Core.Types;
using Rekor.Core.Types.Intoto.V001;
using Rekor.Core.Types.Intoto.V002;

namespace Rekor.Core.Tests.Types;

/// <summary>intoto 0.0.2 and 0.0.1 with envelopes signed by keys of our own.</summary>
public class IntotoEntryTests
{
    private const string ClientHash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private const string NoSignatureAccepted = "could not verify envelope: accepted signatures do not match threshold, Found: 0, Expected 1";

    private static readonly string StatementSha256 = Convert.ToHexStringLower(SHA256.HashData(TestEnvelopes.Statement));

    private static (string Sig, string? KeyId, byte[] PublicKeyPem) SignedBy(TestKey key, byte[]? payload = null, string? keyId = null) =>
        (TestEnvelopes.Sign(key, TestEnvelopes.InTotoType, payload ?? TestEnvelopes.Statement), keyId, key.PublicKeyPem);

    private static void AssertError(EntryErrorKind kind, string expectedMessage, EntryError? error)
    {
        Assert.NotNull(error);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(expectedMessage, error.Message);
    }

    [Theory]
    [MemberData(nameof(TestKey.PermittedNames), MemberType = typeof(TestKey))]
    public async Task A_v002_envelope_is_admitted_with_its_signatures_as_sent_and_its_payload_as_attestation(string name)
    {
        var key = TestKey.Get(name);
        var (sig, _, pem) = SignedBy(key);
        var entry = LoggedEntry.Parse(TestEnvelopes.IntotoV002(TestEnvelopes.InTotoType, TestEnvelopes.Statement, ClientHash, (sig, null, pem)));

        Assert.True(entry.Validate().Succeeded, entry.Validate().Error?.Message);
        var canonical = await entry.CanonicalizeAsync(CancellationToken.None);

        Assert.True(canonical.Succeeded, canonical.Error?.Message);
        var expected = "{\"apiVersion\":\"0.0.2\",\"kind\":\"intoto\",\"spec\":{\"content\":{\"envelope\":{\"payloadType\":\"application/vnd.in-toto+json\",\"signatures\":[{\"publicKey\":\""
            + Convert.ToBase64String(pem) + "\",\"sig\":\"" + TestEnvelopes.Twice(sig) + "\"}]},\"hash\":{\"algorithm\":\"sha256\",\"value\":\"" + ClientHash
            + "\"},\"payloadHash\":{\"algorithm\":\"sha256\",\"value\":\"" + StatementSha256 + "\"}}}}";
        Assert.Equal(expected, Encoding.UTF8.GetString(canonical.Value!));
        Assert.Equal("sha256:" + StatementSha256, entry.Attestation!.Key);
        Assert.Equal(TestEnvelopes.Statement, entry.Attestation.Data.ToArray());
        var stored = Assert.IsType<IntotoV002Entry>(LoggedEntry.Parse(canonical.Value!));
        Assert.Equal(canonical.Value, stored.CanonicalizeStoredEntry().Value);
        Assert.Equal(entry.AttestationKey, stored.AttestationKey);
    }

    [Fact]
    public async Task A_v002_entry_without_the_client_hash_is_refused_after_verifying_where_Rekor_answers_500()
    {
        var key = TestKey.Get("P-256");
        var entry = LoggedEntry.Parse(TestEnvelopes.IntotoV002(TestEnvelopes.InTotoType, TestEnvelopes.Statement, hashValue: null, SignedBy(key)));

        Assert.True(entry.Validate().Succeeded, entry.Validate().Error?.Message);
        AssertError(EntryErrorKind.InvalidInput, "missing envelope digest", (await entry.CanonicalizeAsync(CancellationToken.None)).Error);

        var unsigned = LoggedEntry.Parse(TestEnvelopes.IntotoV002(TestEnvelopes.InTotoType, TestEnvelopes.Statement, hashValue: null, SignedBy(key, "other"u8.ToArray())));
        AssertError(EntryErrorKind.InvalidInput, NoSignatureAccepted, (await unsigned.CanonicalizeAsync(CancellationToken.None)).Error);
    }

    [Fact]
    public async Task A_v002_signature_by_another_key_or_over_another_payload_is_refused()
    {
        var (p256, p384) = (TestKey.Get("P-256"), TestKey.Get("P-384"));
        var (sig, _, _) = SignedBy(p256);

        var wrongKey = LoggedEntry.Parse(TestEnvelopes.IntotoV002(TestEnvelopes.InTotoType, TestEnvelopes.Statement, ClientHash, (sig, null, p384.PublicKeyPem)));
        var tampered = LoggedEntry.Parse(TestEnvelopes.IntotoV002(TestEnvelopes.InTotoType, [.. TestEnvelopes.Statement, 0x20], ClientHash, (sig, null, p256.PublicKeyPem)));

        AssertError(EntryErrorKind.InvalidInput, NoSignatureAccepted, wrongKey.Validate().Error);
        AssertError(EntryErrorKind.InvalidInput, NoSignatureAccepted, tampered.Validate().Error);
    }

    [Fact]
    public void Every_v002_signature_must_verify_with_its_key()
    {
        var (p256, rsa) = (TestKey.Get("P-256"), TestKey.Get("RSA-2048"));
        var good = SignedBy(p256);
        var bad = SignedBy(rsa, "not the statement"u8.ToArray());

        var both = LoggedEntry.Parse(TestEnvelopes.IntotoV002(TestEnvelopes.InTotoType, TestEnvelopes.Statement, ClientHash, good, SignedBy(rsa)));
        var oneBad = LoggedEntry.Parse(TestEnvelopes.IntotoV002(TestEnvelopes.InTotoType, TestEnvelopes.Statement, ClientHash, good, bad));

        Assert.True(both.Validate().Succeeded, both.Validate().Error?.Message);
        AssertError(EntryErrorKind.InvalidInput, NoSignatureAccepted, oneBad.Validate().Error);
    }

    [Fact]
    public async Task A_v002_keyid_is_kept_when_sent_and_the_key_is_kept_byte_for_byte()
    {
        // Keys are not re-canonicalized: sigstore-js sent PEM without its final newline, and Rekor stored it so.
        var key = TestKey.Get("Ed25519");
        var (sig, _, pem) = SignedBy(key);
        var pemWithoutNewline = pem[..^1];
        var entry = LoggedEntry.Parse(TestEnvelopes.IntotoV002(TestEnvelopes.InTotoType, TestEnvelopes.Statement, ClientHash, (sig, "my-key", pemWithoutNewline)));

        var stored = Assert.IsType<IntotoV002Entry>(LoggedEntry.Parse((await entry.CanonicalizeAsync(CancellationToken.None)).Value!));

        var signature = Assert.Single(stored.Spec.Content.Envelope.Signatures);
        Assert.Equal("my-key", signature.Keyid);
        Assert.Equal(pemWithoutNewline, signature.PublicKey);
    }

    [Fact]
    public async Task A_v002_in_toto_payload_is_indexed_by_key_subjects_payload_hash_statement_subjects_and_slsa_materials()
    {
        var key = TestKey.Get("P-256");
        var entry = LoggedEntry.Parse(TestEnvelopes.IntotoV002(TestEnvelopes.InTotoType, TestEnvelopes.Statement, ClientHash, SignedBy(key)));

        var keys = await entry.IndexKeysAsync(CancellationToken.None);

        Assert.Equal(
            [
                "sha256:" + Convert.ToHexStringLower(SHA256.HashData(key.PublicKeyPem)),
                "sha256:" + StatementSha256,
                "sha256:aa11", "sha512:bb22", "sha256:cc33", "sha1:dd44",
            ],
            keys.Value);
    }

    [Theory]
    [InlineData("""{"subject":[{"digest":{"sha256":"aa"}}],"predicate":{"builder":"not an object","materials":[{"digest":{"sha1":"bb"}}]}}""", new[] { "sha256:aa" })]
    [InlineData("""{"subject":[{"digest":{"sha256":"aa"}}],"predicate":{"metadata":{"buildStartedOn":"yesterday"},"materials":[{"digest":{"sha1":"bb"}}]}}""", new[] { "sha256:aa" })]
    [InlineData("""{"subject":[{"digest":{"sha256":"aa"}}],"predicate":{"materials":[{"digest":{"sha1":"bb"}}]}}""", new[] { "sha256:aa", "sha1:bb" })]
    [InlineData("""{"Subject":[{"DIGEST":{"sha256":"aa"}},null]}""", new[] { "sha256:aa" })]
    [InlineData("""{"subject":[{"digest":{"sha256":7}}]}""", new string[0])]
    [InlineData("not json", new string[0])]
    public async Task Statement_digests_come_only_from_what_reads_into_rekors_go_structs(string statement, string[] expectedDigests)
    {
        // A payload that is not a statement is still admitted, indexed by its key and payload hash.
        var key = TestKey.Get("P-256");
        var payload = Encoding.UTF8.GetBytes(statement);
        var entry = LoggedEntry.Parse(TestEnvelopes.IntotoV002(TestEnvelopes.InTotoType, payload, ClientHash, SignedBy(key, payload)));

        Assert.True((await entry.CanonicalizeAsync(CancellationToken.None)).Succeeded);
        var keys = await entry.IndexKeysAsync(CancellationToken.None);

        Assert.True(keys.Succeeded, keys.Error?.Message);
        Assert.Equal(expectedDigests, keys.Value!.Skip(2));
    }

    [Fact]
    public void A_v002_payload_that_is_base64_only_once_is_refused()
    {
        var key = TestKey.Get("P-256");
        var proposed = JsonNode.Parse(TestEnvelopes.IntotoV002(TestEnvelopes.InTotoType, TestEnvelopes.Statement, ClientHash, SignedBy(key)))!;
        proposed["spec"]!["content"]!["envelope"]!["payload"] = Convert.ToBase64String(TestEnvelopes.Statement);

        AssertError(EntryErrorKind.InvalidInput, "could not verify envelope: " + DecodedEnvelope.Base64Error, LoggedEntry.Parse(proposed.ToJsonString()).Validate().Error);
    }

    [Fact]
    public async Task Building_a_v002_entry_from_an_envelope_and_keys_double_encodes_and_hashes_the_envelope()
    {
        var (p256, ed25519) = (TestKey.Get("P-256"), TestKey.Get("Ed25519"));
        var (a, b) = (TestEnvelopes.Sign(p256, TestEnvelopes.InTotoType, TestEnvelopes.Statement), TestEnvelopes.Sign(ed25519, TestEnvelopes.InTotoType, TestEnvelopes.Statement));
        var envelope = TestEnvelopes.Json(TestEnvelopes.InTotoType, TestEnvelopes.Statement, (a, "k1"), (b, null));

        var built = IntotoV002Entry.FromArtifact(new ArtifactInput
        {
            Artifact = Encoding.UTF8.GetBytes(envelope),
            VerificationMaterials = [ed25519.PublicKeyPem, p256.PublicKeyPem],
        });

        Assert.True(built.Succeeded, built.Error?.Message);
        var entry = Assert.IsType<IntotoV002Entry>(built.Value);
        var expected = await LoggedEntry.Parse(TestEnvelopes.IntotoV002(
            TestEnvelopes.InTotoType, TestEnvelopes.Statement, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(envelope))),
            (a, "k1", p256.PublicKeyPem), (b, null, ed25519.PublicKeyPem))).CanonicalizeAsync(CancellationToken.None);
        Assert.Equal(expected.Value, (await entry.CanonicalizeAsync(CancellationToken.None)).Value);
        Assert.Equal(NoSignatureAccepted, IntotoV002Entry.FromArtifact(new ArtifactInput
        {
            Artifact = Encoding.UTF8.GetBytes(envelope),
            VerificationMaterials = [ed25519.PublicKeyPem, p256.PublicKeyPem, TestKey.Get("RSA-2048").PublicKeyPem],
        }).Error?.Message);
    }

    [Theory]
    [MemberData(nameof(TestKey.PermittedNames), MemberType = typeof(TestKey))]
    public async Task A_v001_envelope_is_admitted_with_the_canonical_key_and_both_hashes(string name)
    {
        var key = TestKey.Get(name);
        var envelope = TestEnvelopes.Json(TestEnvelopes.InTotoType, TestEnvelopes.Statement, (TestEnvelopes.Sign(key, TestEnvelopes.InTotoType, TestEnvelopes.Statement), ""));
        var entry = LoggedEntry.Parse(TestEnvelopes.IntotoV001(envelope, key.PublicKeyPem));

        Assert.True(entry.Validate().Succeeded, entry.Validate().Error?.Message);
        var canonical = await entry.CanonicalizeAsync(CancellationToken.None);

        var expected = "{\"apiVersion\":\"0.0.1\",\"kind\":\"intoto\",\"spec\":{\"content\":{\"hash\":{\"algorithm\":\"sha256\",\"value\":\""
            + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(envelope))) + "\"},\"payloadHash\":{\"algorithm\":\"sha256\",\"value\":\""
            + StatementSha256 + "\"}},\"publicKey\":\"" + Convert.ToBase64String(key.PublicKeyPem) + "\"}}";
        Assert.Equal(expected, Encoding.UTF8.GetString(canonical.Value!));
        Assert.Equal("sha256:" + StatementSha256, entry.Attestation!.Key);
        Assert.Equal(TestEnvelopes.Statement, entry.Attestation.Data.ToArray());
        Assert.Equal(canonical.Value, Assert.IsType<IntotoV001Entry>(LoggedEntry.Parse(canonical.Value!)).CanonicalizeStoredEntry().Value);
    }

    [Fact]
    public void A_v001_signature_is_tried_only_if_its_keyid_is_empty_or_the_keys_ssh_fingerprint()
    {
        var key = TestKey.Get("P-256");
        var sig = TestEnvelopes.Sign(key, TestEnvelopes.InTotoType, TestEnvelopes.Statement);
        var fingerprint = DsseKeyId.Sha256Fingerprint(Assert.IsType<Rekor.Core.Pki.X509.X509PublicKey>(ParseKey(key.PublicKeyPem)))!;

        Assert.StartsWith("SHA256:", fingerprint, StringComparison.Ordinal);
        Assert.True(Validate(fingerprint).Succeeded);
        Assert.True(Validate(null).Succeeded);
        AssertError(EntryErrorKind.InvalidInput, "accepted signatures do not match threshold, Found: 0, Expected 1", Validate("some-other-id").Error);

        EntryOutcome Validate(string? keyId) =>
            LoggedEntry.Parse(TestEnvelopes.IntotoV001(TestEnvelopes.Json(TestEnvelopes.InTotoType, TestEnvelopes.Statement, (sig, keyId)), key.PublicKeyPem)).Validate();
    }

    [Fact]
    public void The_ssh_fingerprint_matches_the_one_a_sigstore_go_client_sent_as_keyid()
    {
        var fixture = EnvelopeVector.Named("intoto/v002-public-28016452-sigstore-go-public-key.json");

        var fingerprint = DsseKeyId.Sha256Fingerprint(ParseKey(Encoding.UTF8.GetBytes(fixture.SigningMaterialPem!)));

        Assert.Equal(fixture.Signatures[0].KeyId, fingerprint);
    }

    [Fact]
    public void A_v001_envelope_needs_only_one_signature_by_its_key()
    {
        var (p256, rsa) = (TestKey.Get("P-256"), TestKey.Get("RSA-2048"));
        var envelope = TestEnvelopes.Json(
            TestEnvelopes.InTotoType, TestEnvelopes.Statement,
            (TestEnvelopes.Sign(rsa, TestEnvelopes.InTotoType, TestEnvelopes.Statement), null),
            (TestEnvelopes.Sign(p256, TestEnvelopes.InTotoType, TestEnvelopes.Statement), null));

        Assert.True(LoggedEntry.Parse(TestEnvelopes.IntotoV001(envelope, p256.PublicKeyPem)).Validate().Succeeded);
        AssertError(EntryErrorKind.InvalidInput, "accepted signatures do not match threshold, Found: 0, Expected 1",
            LoggedEntry.Parse(TestEnvelopes.IntotoV001(envelope, TestKey.Get("P-384").PublicKeyPem)).Validate().Error);
    }

    [Fact]
    public void A_v001_envelope_with_an_empty_payload_is_not_insertable()
    {
        var key = TestKey.Get("P-256");
        var envelope = TestEnvelopes.Json(TestEnvelopes.InTotoType, [], (TestEnvelopes.Sign(key, TestEnvelopes.InTotoType, []), null));

        AssertError(EntryErrorKind.InvalidInput, "entry not insertable into log: invalid DSSE envelope", LoggedEntry.Parse(TestEnvelopes.IntotoV001(envelope, key.PublicKeyPem)).Validate().Error);
    }

    [Fact]
    public async Task Building_a_v001_entry_takes_one_key_and_the_envelope_as_given()
    {
        var key = TestKey.Get("P-384");
        var envelope = TestEnvelopes.Json(TestEnvelopes.InTotoType, TestEnvelopes.Statement, (TestEnvelopes.Sign(key, TestEnvelopes.InTotoType, TestEnvelopes.Statement), null));

        var built = IntotoV001Entry.FromArtifact(new ArtifactInput { Artifact = Encoding.UTF8.GetBytes(envelope), VerificationMaterial = key.PublicKeyPem });

        Assert.True(built.Succeeded, built.Error?.Message);
        Assert.Equal(
            (await LoggedEntry.Parse(TestEnvelopes.IntotoV001(envelope, key.PublicKeyPem)).CanonicalizeAsync(CancellationToken.None)).Value,
            (await built.Value!.CanonicalizeAsync(CancellationToken.None)).Value);
        Assert.Equal("only one public key must be provided", IntotoV001Entry.FromArtifact(new ArtifactInput
        {
            Artifact = Encoding.UTF8.GetBytes(envelope),
            VerificationMaterial = key.PublicKeyPem,
            VerificationMaterials = [key.PublicKeyPem],
        }).Error?.Message);
        Assert.Equal("accepted signatures do not match threshold, Found: 0, Expected 1", IntotoV001Entry.FromArtifact(new ArtifactInput
        {
            Artifact = Encoding.UTF8.GetBytes(envelope),
            VerificationMaterial = TestKey.Get("P-256").PublicKeyPem,
        }).Error?.Message);
    }

    [Fact]
    public async Task An_old_v001_body_without_a_payload_hash_recanonicalizes_without_one_and_has_no_attestation_key()
    {
        var key = TestKey.Get("P-256");
        var body = new JsonObject
        {
            ["apiVersion"] = "0.0.1",
            ["kind"] = "intoto",
            ["spec"] = new JsonObject
            {
                ["content"] = new JsonObject { ["hash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = ClientHash } },
                ["publicKey"] = Convert.ToBase64String(key.PublicKeyPem),
            },
        }.ToJsonString();
        var entry = Assert.IsType<IntotoV001Entry>(LoggedEntry.Parse(body));

        Assert.Equal(body, Encoding.UTF8.GetString(entry.CanonicalizeStoredEntry().Value!));
        Assert.Null(entry.AttestationKey);
        Assert.Equal(["sha256:" + ClientHash, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(key.PublicKeyPem))], (await entry.IndexKeysAsync(CancellationToken.None)).Value);
    }

    private static Rekor.Core.Pki.X509.X509PublicKey ParseKey(byte[] pem)
    {
        Assert.True(Rekor.Core.Pki.X509.X509Verifier.TryParse(pem, out var verifier, out var error), error);
        return verifier.PublicKey;
    }
}
