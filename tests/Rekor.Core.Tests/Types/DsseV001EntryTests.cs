using System.Security.Cryptography;
using System.Text;
using Rekor.Core.Tests.Pki;
using Rekor.Core.Types;
using Rekor.Core.Types.Dsse.V001;

namespace Rekor.Core.Tests.Types;

/// <summary>dsse 0.0.1 with envelopes signed by keys of our own.</summary>
public class DsseV001EntryTests
{
    private static readonly byte[] Text = "hello, log"u8.ToArray();

    private const string NoSignatureAccepted = "could not verify envelope: accepted signatures do not match threshold, Found: 0, Expected 1";

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static void AssertInvalid(string expectedMessage, EntryError? error)
    {
        Assert.NotNull(error);
        Assert.Equal(EntryErrorKind.InvalidInput, error.Kind);
        Assert.Equal(expectedMessage, error.Message);
    }

    private static async Task<EntryOutcome<byte[]>> Canonicalize(string proposed) =>
        await LoggedEntry.Parse(proposed).CanonicalizeAsync(CancellationToken.None);

    [Theory]
    [MemberData(nameof(TestKey.PermittedNames), MemberType = typeof(TestKey))]
    public async Task An_envelope_signed_by_its_verifier_is_admitted_with_hashes_and_the_canonical_key(string name)
    {
        var key = TestKey.Get(name);
        var sig = TestEnvelopes.Sign(key, "text/plain", Text);
        var envelope = TestEnvelopes.Json("text/plain", Text, (sig, null));
        var entry = LoggedEntry.Parse(TestEnvelopes.Dsse(envelope, key.PublicKeyPem));

        Assert.True(entry.Validate().Succeeded, entry.Validate().Error?.Message);
        var canonical = await entry.CanonicalizeAsync(CancellationToken.None);

        Assert.True(canonical.Succeeded, canonical.Error?.Message);
        var expected = "{\"apiVersion\":\"0.0.1\",\"kind\":\"dsse\",\"spec\":{\"envelopeHash\":{\"algorithm\":\"sha256\",\"value\":\"" + Sha256Hex(envelope)
            + "\"},\"payloadHash\":{\"algorithm\":\"sha256\",\"value\":\"" + Convert.ToHexStringLower(SHA256.HashData(Text))
            + "\"},\"signatures\":[{\"signature\":\"" + sig + "\",\"verifier\":\"" + Convert.ToBase64String(key.PublicKeyPem) + "\"}]}}";
        Assert.Equal(expected, Encoding.UTF8.GetString(canonical.Value!));
        Assert.Equal(canonical.Value, Assert.IsType<DsseV001Entry>(LoggedEntry.Parse(canonical.Value!)).CanonicalizeStoredEntry().Value);
        Assert.Null(entry.Attestation);
    }

    [Fact]
    public async Task A_logged_body_whose_verifier_did_not_sign_fails_verification_even_with_the_envelope()
    {
        var (key, other) = (TestKey.Get("P-256"), TestKey.Get("P-384"));
        var envelope = TestEnvelopes.Json("text/plain", Text, (TestEnvelopes.Sign(key, "text/plain", Text), null));
        var body = (await Canonicalize(TestEnvelopes.Dsse(envelope, key.PublicKeyPem))).Value!;
        var forged = Encoding.UTF8.GetString(body).Replace(Convert.ToBase64String(key.PublicKeyPem), Convert.ToBase64String(other.PublicKeyPem), StringComparison.Ordinal);

        var genuine = await Assert.IsType<DsseV001Entry>(LoggedEntry.Parse(body)).WithEnvelope(envelope).VerifyAsync(CancellationToken.None);
        var verified = await Assert.IsType<DsseV001Entry>(LoggedEntry.Parse(forged)).WithEnvelope(envelope).VerifyAsync(CancellationToken.None);

        Assert.True(genuine.Succeeded, genuine.Error?.Message);
        Assert.Equal(EntryErrorKind.InvalidInput, verified.Error?.Kind);
        Assert.EndsWith("does not verify over the envelope with its logged verifier", verified.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_signatures_by_two_keys_are_stored_sorted_by_signature_text_whatever_the_verifier_order()
    {
        var (p256, ed25519) = (TestKey.Get("P-256"), TestKey.Get("Ed25519"));
        var (a, b) = (TestEnvelopes.Sign(p256, "text/plain", Text), TestEnvelopes.Sign(ed25519, "text/plain", Text));
        var envelope = TestEnvelopes.Json("text/plain", Text, (a, null), (b, null));

        var first = await Canonicalize(TestEnvelopes.Dsse(envelope, p256.PublicKeyPem, ed25519.PublicKeyPem));
        var second = await Canonicalize(TestEnvelopes.Dsse(envelope, ed25519.PublicKeyPem, p256.PublicKeyPem));

        Assert.True(first.Succeeded, first.Error?.Message);
        Assert.Equal(first.Value, second.Value);
        var stored = Assert.IsType<DsseV001Entry>(LoggedEntry.Parse(first.Value!)).Spec.Signatures!;
        Assert.Equal([.. new[] { a, b }.Order(StringComparer.Ordinal)], stored.Select(s => s.Signature));
        Assert.Equal(stored.Single(s => s.Signature == a).Verifier, p256.PublicKeyPem);
    }

    [Theory]
    [InlineData("P-256", 32)]
    [InlineData("P-384", 48)]
    [InlineData("P-521", 66)]
    public async Task An_ecdsa_signature_in_ieee_p1363_form_is_verified_as_sigstore_verifies_it(string name, int fieldBytes)
    {
        // Rekor's own dsse tests ("key with IEEE P1361 sig") expect these to pass: sigstore's ECDSAVerifier reads r ‖ s
        // when the signature is not ASN.1.
        var key = TestKey.Get(name);
        var der = key.SignMessage(Rekor.Core.Dsse.Pae.Encode("text/plain", Text));
        var sequence = new System.Formats.Asn1.AsnReader(der, System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
        byte[] p1363 = [.. Fixed(sequence.ReadIntegerBytes().Span), .. Fixed(sequence.ReadIntegerBytes().Span)];

        var accepted = await Canonicalize(TestEnvelopes.Dsse(TestEnvelopes.Json("text/plain", Text, (Convert.ToBase64String(p1363), null)), key.PublicKeyPem));
        var shortened = await Canonicalize(TestEnvelopes.Dsse(TestEnvelopes.Json("text/plain", Text, (Convert.ToBase64String(p1363[..^2]), null)), key.PublicKeyPem));
        var derWithTrailingByte = await Canonicalize(TestEnvelopes.Dsse(TestEnvelopes.Json("text/plain", Text, (Convert.ToBase64String([.. der, 0]), null)), key.PublicKeyPem));

        Assert.True(accepted.Succeeded, accepted.Error?.Message);
        AssertInvalid(NoSignatureAccepted, shortened.Error);
        AssertInvalid(NoSignatureAccepted, derWithTrailingByte.Error);

        byte[] Fixed(ReadOnlySpan<byte> integer)
        {
            var trimmed = integer.TrimStart((byte)0);
            return [.. new byte[fieldBytes - trimmed.Length], .. trimmed];
        }
    }

    [Fact]
    public async Task A_signature_by_another_key_is_refused()
    {
        var envelope = TestEnvelopes.Json("text/plain", Text, (TestEnvelopes.Sign(TestKey.Get("P-256"), "text/plain", Text), null));

        AssertInvalid(NoSignatureAccepted, (await Canonicalize(TestEnvelopes.Dsse(envelope, TestKey.Get("P-384").PublicKeyPem))).Error);
    }

    [Fact]
    public async Task A_tampered_payload_or_payload_type_is_refused()
    {
        var key = TestKey.Get("RSA-2048");
        var sig = TestEnvelopes.Sign(key, "text/plain", Text);

        AssertInvalid(NoSignatureAccepted, (await Canonicalize(TestEnvelopes.Dsse(TestEnvelopes.Json("text/plain", "hello, log!"u8.ToArray(), (sig, null)), key.PublicKeyPem))).Error);
        AssertInvalid(NoSignatureAccepted, (await Canonicalize(TestEnvelopes.Dsse(TestEnvelopes.Json("text/plain+x", Text, (sig, null)), key.PublicKeyPem))).Error);
    }

    [Fact]
    public async Task When_one_of_two_signatures_is_bad_the_envelope_is_refused()
    {
        var (p256, ed25519) = (TestKey.Get("P-256"), TestKey.Get("Ed25519"));
        var good = TestEnvelopes.Sign(p256, "text/plain", Text);
        var bad = TestEnvelopes.Sign(ed25519, "text/plain", "something else"u8.ToArray());
        var envelope = TestEnvelopes.Json("text/plain", Text, (good, null), (bad, null));

        AssertInvalid(NoSignatureAccepted, (await Canonicalize(TestEnvelopes.Dsse(envelope, p256.PublicKeyPem, ed25519.PublicKeyPem))).Error);
        AssertInvalid("all signatures must have a key that verifies it", (await Canonicalize(TestEnvelopes.Dsse(envelope, p256.PublicKeyPem))).Error);
    }

    [Fact]
    public async Task A_verifier_for_no_signature_is_refused_unless_every_signature_was_already_verified()
    {
        // Rekor stops reading verifiers once every signature has one, so an unused verifier listed last passes.
        var (p256, rsa) = (TestKey.Get("P-256"), TestKey.Get("RSA-2048"));
        var sig = TestEnvelopes.Sign(p256, "text/plain", Text);
        var envelope = TestEnvelopes.Json("text/plain", Text, (sig, null));

        AssertInvalid(NoSignatureAccepted, (await Canonicalize(TestEnvelopes.Dsse(envelope, rsa.PublicKeyPem, p256.PublicKeyPem))).Error);
        var unusedLast = await Canonicalize(TestEnvelopes.Dsse(envelope, p256.PublicKeyPem, rsa.PublicKeyPem));
        Assert.Equal((await Canonicalize(TestEnvelopes.Dsse(envelope, p256.PublicKeyPem))).Value, unusedLast.Value);
        var garbageLast = await Canonicalize(TestEnvelopes.Dsse(envelope, p256.PublicKeyPem, "not a key"u8.ToArray()));
        Assert.True(garbageLast.Succeeded, garbageLast.Error?.Message);
    }

    [Fact]
    public async Task A_signature_without_a_verifier_is_refused()
    {
        var (p256, p384) = (TestKey.Get("P-256"), TestKey.Get("P-384"));
        var envelope = TestEnvelopes.Json("text/plain", Text, (TestEnvelopes.Sign(p256, "text/plain", Text), null), (TestEnvelopes.Sign(p384, "text/plain", Text), null));

        AssertInvalid("all signatures must have a key that verifies it", (await Canonicalize(TestEnvelopes.Dsse(envelope, p384.PublicKeyPem))).Error);
    }

    [Fact]
    public async Task Two_signatures_by_one_key_can_never_both_be_verified()
    {
        // go-securesystemslib lets a key accept one signature per verification: the first it verifies, every time.
        var key = TestKey.Get("P-256");
        var envelope = TestEnvelopes.Json("text/plain", Text, (TestEnvelopes.Sign(key, "text/plain", Text), null), (TestEnvelopes.Sign(key, "text/plain", Text), null));

        AssertInvalid("all signatures must have a key that verifies it", (await Canonicalize(TestEnvelopes.Dsse(envelope, key.PublicKeyPem, key.PublicKeyPem))).Error);
    }

    [Fact]
    public async Task The_same_signature_text_twice_is_one_signature()
    {
        var key = TestKey.Get("P-256");
        var sig = TestEnvelopes.Sign(key, "text/plain", Text);

        var canonical = await Canonicalize(TestEnvelopes.Dsse(TestEnvelopes.Json("text/plain", Text, (sig, null), (sig, "k")), key.PublicKeyPem));

        Assert.True(canonical.Succeeded, canonical.Error?.Message);
        Assert.Single(Assert.IsType<DsseV001Entry>(LoggedEntry.Parse(canonical.Value!)).Spec.Signatures!);
    }

    [Fact]
    public async Task Member_names_are_matched_ignoring_case_a_later_null_keeps_a_string_and_key_ids_are_not_checked_as_go_reads_them()
    {
        var key = TestKey.Get("P-256");
        var sig = TestEnvelopes.Sign(key, "text/plain", Text);
        var envelope = $"{{\"PayloadType\":\"text/plain\",\"PAYLOAD\":\"{Convert.ToBase64String(Text)}\",\"payload\":null,\"Signatures\":[{{\"Sig\":\"{sig}\",\"keyid\":\"whatever\"}}],\"extra\":[1,{{}}]}}";

        var canonical = await Canonicalize(TestEnvelopes.Dsse(envelope, key.PublicKeyPem));

        Assert.True(canonical.Succeeded, canonical.Error?.Message);
    }

    [Theory]
    [InlineData("", "the envelope is not valid JSON")]
    [InlineData("{\"payload\":", "the envelope is not valid JSON")]
    [InlineData("\uFEFF{}", "the envelope is not valid JSON")]
    [InlineData("[]", "json: cannot unmarshal array into Go value of type dsse.Envelope")]
    [InlineData("\"envelope\"", "json: cannot unmarshal string into Go value of type dsse.Envelope")]
    [InlineData("{\"payload\":1,\"signatures\":[]}", "json: cannot unmarshal number into Go struct field Envelope.payload of type string")]
    [InlineData("{\"signatures\":{}}", "json: cannot unmarshal object into Go struct field Envelope.signatures of type []dsse.Signature")]
    [InlineData("{\"signatures\":[\"x\"]}", "json: cannot unmarshal string into Go struct field Envelope.signatures of type dsse.Signature")]
    [InlineData("{\"signatures\":[{\"sig\":true}]}", "json: cannot unmarshal bool into Go struct field Envelope.signatures.sig of type string")]
    [InlineData("null", "DSSE envelope must contain 1 or more signatures")]
    [InlineData("{\"payloadType\":\"t\",\"payload\":\"aGk=\",\"signatures\":[]}", "DSSE envelope must contain 1 or more signatures")]
    [InlineData("{\"payloadType\":\"t\",\"payload\":\"aGk=\",\"signatures\":[{\"sig\":\"!!\"}]}", "could not verify envelope: unable to base64 decode payload (is payload in the right format?)")]
    [InlineData("{\"payloadType\":\"t\",\"payload\":\"a\",\"signatures\":[{\"sig\":\"aGk=\"}]}", "could not verify envelope: unable to base64 decode payload (is payload in the right format?)")]
    [InlineData("{\"payloadType\":\"t\",\"payload\":\"aGk=\",\"signatures\":[null]}", NoSignatureAccepted)]
    public async Task A_malformed_envelope_is_refused_with_what_is_wrong(string envelope, string expected)
    {
        var canonical = await Canonicalize(TestEnvelopes.Dsse(envelope, TestKey.Get("P-256").PublicKeyPem));

        Assert.Equal(EntryErrorKind.InvalidInput, canonical.Error?.Kind);
        Assert.StartsWith(expected, canonical.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_verifier_that_is_not_a_key_is_refused()
    {
        var envelope = TestEnvelopes.Json("text/plain", Text, (TestEnvelopes.Sign(TestKey.Get("P-256"), "text/plain", Text), null));

        var canonical = await Canonicalize(TestEnvelopes.Dsse(envelope, "not a key"u8.ToArray()));

        AssertInvalid("could not parse public key as x509: invalid public key: failure decoding PEM", canonical.Error);
    }

    [Fact]
    public async Task Proposed_content_with_computed_fields_is_refused()
    {
        var proposed = System.Text.Json.Nodes.JsonNode.Parse(TestEnvelopes.Dsse("{}", TestKey.Get("P-256").PublicKeyPem))!;
        proposed["spec"]!["payloadHash"] = new System.Text.Json.Nodes.JsonObject { ["algorithm"] = "sha256", ["value"] = "00" };

        var entry = LoggedEntry.Parse(proposed.ToJsonString());

        AssertInvalid("either proposedContent or envelopeHash, payloadHash, and signatures must be present but not both", entry.Validate().Error);
        AssertInvalid("either proposedContent or envelopeHash, payloadHash, and signatures must be present but not both",
            (await entry.CanonicalizeAsync(CancellationToken.None)).Error);
    }

    [Fact]
    public async Task An_in_toto_envelope_is_indexed_by_its_key_subjects_hashes_statement_subjects_and_materials()
    {
        var key = TestKey.Get("P-256");
        var certificate = TestCertificates.PemOf(TestCertificates.Leaf(key, TestKey.Get("P-384"), TestCertificates.Email("Signer@Example.com")));
        var envelope = TestEnvelopes.Json(TestEnvelopes.InTotoType, TestEnvelopes.Statement, (TestEnvelopes.Sign(key, TestEnvelopes.InTotoType, TestEnvelopes.Statement), null));
        var entry = LoggedEntry.Parse(TestEnvelopes.Dsse(envelope, certificate));

        var keys = await entry.IndexKeysAsync(CancellationToken.None);

        Assert.True(keys.Succeeded, keys.Error?.Message);
        Assert.Equal(
            [
                "sha256:" + Convert.ToHexStringLower(SHA256.HashData(certificate)),
                "signer@example.com",
                "sha256:" + Convert.ToHexStringLower(SHA256.HashData(TestEnvelopes.Statement)),
                "sha256:" + Sha256Hex(envelope),
                "sha256:aa11", "sha512:bb22", "sha256:cc33", "sha1:dd44",
            ],
            keys.Value);
    }

    [Fact]
    public async Task Only_the_in_toto_payload_type_is_read_for_statement_digests()
    {
        var key = TestKey.Get("P-256");
        var envelope = TestEnvelopes.Json("application/json", TestEnvelopes.Statement, (TestEnvelopes.Sign(key, "application/json", TestEnvelopes.Statement), null));

        var keys = await LoggedEntry.Parse(TestEnvelopes.Dsse(envelope, key.PublicKeyPem)).IndexKeysAsync(CancellationToken.None);

        Assert.Equal(3, keys.Value!.Count);
    }

    [Fact]
    public async Task Building_from_an_envelope_and_keys_gives_the_entry_a_client_would_send()
    {
        var (p256, rsa) = (TestKey.Get("P-256"), TestKey.Get("RSA-3072"));
        var envelope = TestEnvelopes.Json("text/plain", Text, (TestEnvelopes.Sign(rsa, "text/plain", Text), null), (TestEnvelopes.Sign(p256, "text/plain", Text), null));

        var built = DsseV001Entry.FromArtifact(new ArtifactInput
        {
            Signature = Encoding.UTF8.GetBytes(envelope),
            VerificationMaterial = p256.PublicKeyPem,
            VerificationMaterials = [rsa.PublicKeyPem],
        });

        Assert.True(built.Succeeded, built.Error?.Message);
        var entry = Assert.IsType<DsseV001Entry>(built.Value);
        Assert.Equal(envelope, entry.Spec.ProposedContent!.Envelope);
        Assert.Equal([rsa.PublicKeyPem, p256.PublicKeyPem], entry.Spec.ProposedContent.Verifiers);
        Assert.Equal(
            (await Canonicalize(TestEnvelopes.Dsse(envelope, p256.PublicKeyPem, rsa.PublicKeyPem))).Value,
            (await entry.CanonicalizeAsync(CancellationToken.None)).Value);
        Assert.Equal(EntryErrorKind.InvalidInput, DsseV001Entry.FromArtifact(new ArtifactInput { Signature = "{"u8.ToArray(), VerificationMaterial = p256.PublicKeyPem }).Error?.Kind);
        Assert.Equal(NoSignatureAccepted, DsseV001Entry.FromArtifact(new ArtifactInput { Signature = Encoding.UTF8.GetBytes(envelope), VerificationMaterial = TestKey.Get("P-521").PublicKeyPem }).Error?.Message);
    }
}
