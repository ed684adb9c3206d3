using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Rekor.Core.Merkle;
using Rekor.Core.Types;
using Rekor.Core.Types.Dsse.V001;

namespace Rekor.Core.Tests.Types;

/// <summary>
/// Every dsse entry logged by a real Rekor. Each vector's fixture kept the envelope and the signing certificate, so
/// besides re-deriving the logged body, the proposed entry the client sent is rebuilt and must canonicalize (with
/// its real signatures verified) to exactly the logged bytes.
/// </summary>
public class DsseVectorTests
{
    public static TheoryData<string> Files() => EntryVector.FilesOf("dsse");

    /// <summary>The proposed entry a client sends: the envelope text and the certificate as verifier.</summary>
    public static string Proposed(string envelopeText, params byte[][] verifiers) =>
        new JsonObject
        {
            ["kind"] = "dsse",
            ["apiVersion"] = "0.0.1",
            ["spec"] = new JsonObject
            {
                ["proposedContent"] = new JsonObject
                {
                    ["envelope"] = envelopeText,
                    ["verifiers"] = new JsonArray([.. verifiers.Select(v => (JsonNode)Convert.ToBase64String(v))]),
                },
            },
        }.ToJsonString();

    [Theory]
    [MemberData(nameof(Files))]
    public void Recanonicalizing_a_logged_body_gives_its_bytes_and_its_leaf_hash(string file)
    {
        var vector = EntryVector.Named(file);
        var entry = Assert.IsType<DsseV001Entry>(LoggedEntry.Parse(vector.Body));

        var canonical = entry.CanonicalizeStoredEntry();

        Assert.True(canonical.Succeeded, canonical.Error?.Message);
        Assert.Equal(Encoding.UTF8.GetString(vector.Body), Encoding.UTF8.GetString(canonical.Value!));
        Assert.Equal(vector.LeafHashHex, Rfc6962.HashLeaf(canonical.Value).ToHex());
        Assert.EndsWith(vector.LeafHashHex, vector.EntryKey, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task The_rebuilt_proposed_entry_verifies_and_canonicalizes_to_the_logged_body(string file)
    {
        var vector = EntryVector.Named(file);
        var fixture = EnvelopeVector.Named(file);
        var envelopeText = fixture.EnvelopeText();
        var logged = fixture.DecodedBody["spec"]!;
        Assert.Equal(logged["envelopeHash"]!["value"]!.GetValue<string>(), Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(envelopeText))));

        var entry = LoggedEntry.Parse(Proposed(envelopeText, Encoding.UTF8.GetBytes(fixture.SigningMaterialPem!)));

        Assert.True(entry.Validate().Succeeded, entry.Validate().Error?.Message);
        var canonical = await entry.CanonicalizeAsync(CancellationToken.None);
        Assert.True(canonical.Succeeded, canonical.Error?.Message);
        Assert.Equal(Encoding.UTF8.GetString(vector.Body), Encoding.UTF8.GetString(canonical.Value!));
        Assert.True((await entry.VerifyAsync(CancellationToken.None)).Succeeded);
        Assert.Null(entry.Attestation);
        Assert.Null(entry.AttestationKey);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_logged_body_is_neither_insertable_nor_verifiable(string file)
    {
        var entry = LoggedEntry.Parse(EntryVector.Named(file).Body);

        Assert.Equal("entry not insertable into log: missing proposed content", entry.Validate().Error?.Message);
        var canonical = await entry.CanonicalizeAsync(CancellationToken.None);
        var verified = await entry.VerifyAsync(CancellationToken.None);

        Assert.Equal(EntryErrorKind.InvalidInput, canonical.Error?.Kind);
        Assert.Equal(EntryErrorKind.InvalidInput, verified.Error?.Kind);
        Assert.Contains("can only be verified with the envelope", verified.Error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_logged_body_verifies_with_the_envelope_that_was_logged_and_only_with_it(string file)
    {
        var fixture = EnvelopeVector.Named(file);
        var logged = Assert.IsType<DsseV001Entry>(LoggedEntry.Parse(EntryVector.Named(file).Body));
        var envelopeText = fixture.EnvelopeText();

        var verified = await logged.WithEnvelope(envelopeText).VerifyAsync(CancellationToken.None);
        var reserialized = await logged.WithEnvelope(envelopeText.Replace("\",\"", "\", \"", StringComparison.Ordinal)).VerifyAsync(CancellationToken.None);

        Assert.True(verified.Succeeded, verified.Error?.Message);
        Assert.Equal(EntryErrorKind.InvalidInput, reserialized.Error?.Kind);
        Assert.StartsWith("the envelope is not the one logged", reserialized.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_logged_body_indexes_its_verifier_subjects_and_hashes_but_a_proposed_one_adds_the_statement_digests()
    {
        const string file = "dsse/public-175508996-cosign-oci-attestation.json";
        var vector = EntryVector.Named(file);
        var fixture = EnvelopeVector.Named(file);
        var spec = fixture.DecodedBody["spec"]!;
        var certificateHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fixture.SigningMaterialPem!)));
        string[] expected =
        [
            "sha256:" + certificateHash,
            "cody@soyland.com",
            "sha256:" + spec["payloadHash"]!["value"]!.GetValue<string>(),
            "sha256:" + spec["envelopeHash"]!["value"]!.GetValue<string>(),
        ];

        var loggedKeys = await LoggedEntry.Parse(vector.Body).IndexKeysAsync(CancellationToken.None);
        var proposedKeys = await LoggedEntry.Parse(Proposed(fixture.EnvelopeText(), Encoding.UTF8.GetBytes(fixture.SigningMaterialPem!)))
            .IndexKeysAsync(CancellationToken.None);

        Assert.Equal(expected, loggedKeys.Value);
        Assert.Equal([.. expected, "sha256:732112270d7e59418a8c080b134b24cabd67d250d0d0147a97ed95ba5c280aa4"], proposedKeys.Value);
    }

    [Fact]
    public void Every_logged_dsse_vector_is_checked() => Assert.Equal(8, Files().Count);
}
