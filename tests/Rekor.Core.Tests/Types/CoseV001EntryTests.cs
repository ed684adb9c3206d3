using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Rekor.Core.Pki;
using Rekor.Core.Tests.Cose;
using Rekor.Core.Tests.Pki;
using Rekor.Core.Types;
using Rekor.Core.Types.Cose.V001;

namespace Rekor.Core.Tests.Types;

/// <summary>
/// cose 0.0.1 with COSE_Sign1 messages built and signed in the test (<see cref="TestCose"/>: Debian has no COSE tool),
/// checked against Rekor's <c>pkg/types/cose/v0.0.1/entry.go</c> and go-cose v1.3.0's messages.
/// </summary>
public class CoseV001EntryTests
{
    private static readonly byte[] Payload = "{\"hello\":\"cose\"}"u8.ToArray();

    private static readonly ECDsa P256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private static readonly RSA Rsa2048 = RSA.Create(2048);

    private static byte[] PemOf(AsymmetricAlgorithm key) => Pem.Encode("PUBLIC KEY", key.ExportSubjectPublicKeyInfo());

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static EntryError? ValidateError(string json) => LoggedEntry.Parse(json).Validate().Error;

    private static void AssertRefused(string expected, string json)
    {
        var error = ValidateError(json);
        Assert.NotNull(error);
        Assert.Equal(EntryErrorKind.InvalidInput, error.Kind);
        Assert.Equal(expected, error.Message);
    }

    public static TheoryData<string> Algorithms() => ["ES256", "PS256"];

    private static (byte[] Message, byte[] Pem) Signed(string algorithm, byte[]? aad = null, string? contentType = null, byte[]? payload = null) =>
        algorithm == "ES256"
            ? (TestCose.Sign1(payload ?? Payload, TestCose.ES256, TestCose.Es256(P256), aad, contentType), PemOf(P256))
            : (TestCose.Sign1(payload ?? Payload, TestCose.PS256, TestCose.Ps256(Rsa2048), aad, contentType), PemOf(Rsa2048));

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task A_valid_message_is_admitted_with_its_hashes_its_canonical_key_and_the_message_as_attestation(string algorithm)
    {
        var (message, pem) = Signed(algorithm);
        var entry = LoggedEntry.Parse(TestCose.Entry(message, pem, new JsonObject()));

        Assert.True(entry.Validate().Succeeded, entry.Validate().Error?.Message);
        var canonical = await entry.CanonicalizeAsync(CancellationToken.None);

        Assert.True(canonical.Succeeded, canonical.Error?.Message);
        var expected = "{\"apiVersion\":\"0.0.1\",\"kind\":\"cose\",\"spec\":{\"data\":{\"envelopeHash\":{\"algorithm\":\"sha256\",\"value\":\"" + Hex(message)
            + "\"},\"payloadHash\":{\"algorithm\":\"sha256\",\"value\":\"" + Hex(Payload) + "\"}},\"publicKey\":\"" + Convert.ToBase64String(pem) + "\"}}";
        Assert.Equal(expected, Encoding.UTF8.GetString(canonical.Value!));
        Assert.Equal("sha256:" + Hex(message), entry.AttestationKey);
        Assert.Equal("sha256:" + Hex(message), entry.Attestation!.Key);
        Assert.Equal(message, entry.Attestation.Data.ToArray());

        var keys = await entry.IndexKeysAsync(CancellationToken.None);
        Assert.Equal([Hex(pem), "sha256:" + Hex(message), "sha256:" + Hex(Payload)], keys.Value!);

        var stored = Assert.IsType<CoseV001Entry>(LoggedEntry.Parse(canonical.Value!));
        Assert.Equal(canonical.Value, stored.CanonicalizeStoredEntry().Value);
        Assert.Equal(entry.AttestationKey, stored.AttestationKey);
        Assert.False((await stored.VerifyAsync(CancellationToken.None)).Succeeded);
        Assert.True((await stored.WithMessage(message).VerifyAsync(CancellationToken.None)).Succeeded);
    }

    [Fact]
    public void A_key_in_PEM_other_than_Go_writes_it_is_stored_canonical()
    {
        var message = TestCose.Sign1(Payload, TestCose.ES256, TestCose.Es256(P256));
        var dotnetPem = Encoding.ASCII.GetBytes(P256.ExportSubjectPublicKeyInfoPem() + "\n\n");
        var entry = Assert.IsType<CoseV001Entry>(LoggedEntry.Parse(TestCose.Entry(message, dotnetPem, new JsonObject())));

        Assert.Contains(Convert.ToBase64String(PemOf(P256)), Encoding.UTF8.GetString(entry.CanonicalizeStoredEntry().Value ?? []));
    }

    [Fact]
    public async Task An_in_toto_content_type_adds_the_statement_subject_digests()
    {
        var statement = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\",\"digest\":{\"sha256\":\"ABCDEF\"}}]}"u8.ToArray();
        var (message, pem) = Signed("ES256", contentType: "application/vnd.in-toto+json", payload: statement);
        var keys = await LoggedEntry.Parse(TestCose.Entry(message, pem, new JsonObject())).IndexKeysAsync(CancellationToken.None);

        Assert.Equal([Hex(pem), "sha256:" + Hex(message), "sha256:" + Hex(statement), "sha256:abcdef"], keys.Value!);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void A_message_checked_with_another_key_is_refused(string algorithm)
    {
        var (message, _) = Signed(algorithm);
        var other = algorithm == "ES256" ? PemOf(ECDsa.Create(ECCurve.NamedCurves.nistP256)) : PemOf(RSA.Create(2048));

        AssertRefused("verification error", TestCose.Entry(message, other, new JsonObject()));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void A_tampered_payload_is_refused(string algorithm)
    {
        var (_, pem) = Signed(algorithm);
        var protectedHeader = TestCose.ProtectedHeader(algorithm == "ES256" ? TestCose.ES256 : TestCose.PS256);
        var sign = algorithm == "ES256" ? TestCose.Es256(P256) : TestCose.Ps256(Rsa2048);
        var signature = sign(TestCose.SigStructure(protectedHeader, [], Payload));
        var tampered = TestCose.Message(protectedHeader, "{\"hello\":\"COSE\"}"u8.ToArray(), signature);

        AssertRefused("verification error", TestCose.Entry(tampered, pem, new JsonObject()));
    }

    [Fact]
    public void External_aad_must_be_the_one_signed()
    {
        var aad = "context"u8.ToArray();
        var (message, pem) = Signed("ES256", aad);

        Assert.Null(ValidateError(TestCose.Entry(message, pem, TestCose.Aad(aad))));
        AssertRefused("verification error", TestCose.Entry(message, pem, TestCose.Aad("other"u8.ToArray())));
        AssertRefused("verification error", TestCose.Entry(message, pem, new JsonObject()));
    }

    [Fact]
    public void Without_alg_a_message_verifies_only_with_external_aad_as_go_cose_allows()
    {
        var aad = "context"u8.ToArray();
        var withAad = TestCose.Sign1(Payload, alg: null, TestCose.Es256(P256), aad);
        var withoutAad = TestCose.Sign1(Payload, alg: null, TestCose.Es256(P256));

        Assert.Null(ValidateError(TestCose.Entry(withAad, PemOf(P256), TestCose.Aad(aad))));
        AssertRefused("algorithm not found", TestCose.Entry(withoutAad, PemOf(P256), new JsonObject()));
    }

    [Fact]
    public void Algorithms_other_than_ES256_with_P256_and_PS256_with_RSA_are_refused_with_Rekors_messages()
    {
        // The key picks the algorithm (Rekor's getPublicKey); the header must agree (go-cose's ensureVerificationAlgorithm).
        var es384Header = TestCose.Sign1(Payload, TestCose.ES384, TestCose.Es256(P256));
        AssertRefused("algorithm mismatch: verifier ES256: header ES384", TestCose.Entry(es384Header, PemOf(P256), new JsonObject()));

        var rs256Header = TestCose.Sign1(Payload, -257, TestCose.Ps256(Rsa2048));
        AssertRefused("algorithm mismatch: verifier PS256: header RS256", TestCose.Entry(rs256Header, PemOf(Rsa2048), new JsonObject()));

        var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var es384 = TestCose.Sign1(Payload, TestCose.ES384, t => p384.SignData(t, HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        AssertRefused("unsupported elliptic curve P-384", TestCose.Entry(es384, PemOf(p384), new JsonObject()));

        var ed25519 = TestKey.Get("Ed25519");
        var eddsa = TestCose.Sign1(Payload, -8, ed25519.SignMessage);
        AssertRefused("unsupported algorithm type ed25519.PublicKey", TestCose.Entry(eddsa, ed25519.PublicKeyPem, new JsonObject()));

        var rsa1024 = RSA.Create(1024);
        var small = TestCose.Sign1(Payload, TestCose.PS256, TestCose.Ps256(rsa1024));
        AssertRefused("RSA key must be at least 2048 bits long", TestCose.Entry(small, PemOf(rsa1024), new JsonObject()));
    }

    [Fact]
    public void Rekors_cross_field_rules_are_kept()
    {
        var (message, pem) = Signed("ES256");

        AssertRefused("cose object data cannot be nil", TestCose.Entry(message, pem, data: null));
        AssertRefused("cbor: invalid COSE_Sign1_Tagged object", TestCose.Entry(TestCose.Sign1(Payload, TestCose.ES256, TestCose.Es256(P256), tagged: false), pem, new JsonObject()));
        AssertRefused("invalid public key: failure decoding PEM", TestCose.Entry(message, "not a key"u8.ToArray(), new JsonObject()));
        var logged = "{\"kind\":\"cose\",\"apiVersion\":\"0.0.1\",\"spec\":{\"publicKey\":\"" + Convert.ToBase64String(pem) + "\",\"data\":{}}}";
        AssertRefused("envelope hash should have been previously computed", logged);
    }

    [Fact]
    public void A_client_builds_a_verified_entry_from_the_message_and_one_key()
    {
        var (message, pem) = Signed("PS256");
        var built = CoseV001Entry.FromArtifact(new ArtifactInput { Signature = message, VerificationMaterial = pem });
        Assert.True(built.Succeeded, built.Error?.Message);
        Assert.True(built.Value!.Validate().Succeeded);

        var wrong = CoseV001Entry.FromArtifact(new ArtifactInput { Signature = message, VerificationMaterial = PemOf(P256) });
        Assert.Equal("algorithm mismatch: verifier ES256: header PS256", wrong.Error?.Message);
    }

    [Fact]
    public void A_client_builds_an_entry_for_a_message_signed_over_external_aad_only_when_given_that_aad()
    {
        var aad = "context the signer bound in"u8.ToArray();
        var message = TestCose.Sign1(Payload, TestCose.ES256, TestCose.Es256(P256), aad: aad);
        var pem = PemOf(P256);

        var withAad = CoseV001Entry.FromArtifact(new ArtifactInput { Signature = message, VerificationMaterial = pem, AdditionalAuthenticatedData = aad });
        var withoutAad = CoseV001Entry.FromArtifact(new ArtifactInput { Signature = message, VerificationMaterial = pem });

        Assert.True(withAad.Succeeded, withAad.Error?.Message);
        Assert.Equal(aad, ((Rekor.Core.Models.CoseV001Schema)withAad.Value!.SpecModel).Data!.Aad);
        Assert.False(withoutAad.Succeeded);
    }
}
