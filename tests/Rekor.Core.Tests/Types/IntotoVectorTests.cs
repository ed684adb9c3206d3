using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Rekor.Core.Merkle;
using Rekor.Core.Types;
using Rekor.Core.Types.Intoto.V001;
using Rekor.Core.Types.Intoto.V002;

namespace Rekor.Core.Tests.Types;

/// <summary>
/// Every intoto entry logged by a real Rekor (three 0.0.2, one 0.0.1). Their fixtures kept the envelope, so besides
/// re-deriving each logged body, the proposed entry the client sent is rebuilt and must verify and canonicalize to
/// exactly the logged bytes: for 0.0.2 from the logged body (which keeps what the client sent except the payload) with
/// the payload put back; for 0.0.1 from the envelope text the vector names and the logged key.
/// </summary>
public class IntotoVectorTests
{
    public static TheoryData<string> Files() => EntryVector.FilesOf("intoto");

    public static TheoryData<string> V002Files() =>
        [.. EntryVector.All.Where(v => v.Kind == "intoto" && v.File.Contains("/v002-", StringComparison.Ordinal)).Select(v => v.File)];

    [Theory]
    [MemberData(nameof(Files))]
    public void Recanonicalizing_a_logged_body_gives_its_bytes_and_its_leaf_hash(string file)
    {
        var vector = EntryVector.Named(file);
        var canonical = LoggedEntry.Parse(vector.Body) switch
        {
            IntotoV002Entry v002 => v002.CanonicalizeStoredEntry(),
            IntotoV001Entry v001 => v001.CanonicalizeStoredEntry(),
            var other => throw new InvalidOperationException(other.GetType().Name),
        };

        Assert.True(canonical.Succeeded, canonical.Error?.Message);
        Assert.Equal(Encoding.UTF8.GetString(vector.Body), Encoding.UTF8.GetString(canonical.Value!));
        Assert.Equal(vector.LeafHashHex, Rfc6962.HashLeaf(canonical.Value).ToHex());
    }

    [Theory]
    [MemberData(nameof(V002Files))]
    public async Task A_rebuilt_v002_proposed_entry_verifies_and_canonicalizes_to_the_logged_body(string file)
    {
        var vector = EntryVector.Named(file);
        var fixture = EnvelopeVector.Named(file);
        var proposed = fixture.DecodedBody.DeepClone().AsObject();
        var content = proposed["spec"]!["content"]!.AsObject();
        content.Remove("payloadHash");
        content["envelope"]!["payload"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(fixture.PayloadBase64));

        var entry = LoggedEntry.Parse(proposed.ToJsonString());

        Assert.True(entry.Validate().Succeeded, entry.Validate().Error?.Message);
        var canonical = await entry.CanonicalizeAsync(CancellationToken.None);
        Assert.True(canonical.Succeeded, canonical.Error?.Message);
        Assert.Equal(Encoding.UTF8.GetString(vector.Body), Encoding.UTF8.GetString(canonical.Value!));

        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(fixture.Payload));
        Assert.Equal("sha256:" + payloadHash, entry.AttestationKey);
        Assert.Equal("sha256:" + payloadHash, entry.Attestation!.Key);
        Assert.Equal(fixture.Payload, entry.Attestation.Data.ToArray());
        Assert.Equal(entry.AttestationKey, LoggedEntry.Parse(vector.Body).AttestationKey);
    }

    [Fact]
    public async Task A_rebuilt_v001_proposed_entry_verifies_and_canonicalizes_to_the_logged_body()
    {
        const string file = "intoto/v001-public-6800673-sigstore-js.json";
        var vector = EntryVector.Named(file);
        var fixture = EnvelopeVector.Named(file);
        var envelopeText = fixture.EnvelopeText();
        var spec = fixture.DecodedBody["spec"]!;
        Assert.Equal(spec["content"]!["hash"]!["value"]!.GetValue<string>(), Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(envelopeText))));
        var proposed = new JsonObject
        {
            ["kind"] = "intoto",
            ["apiVersion"] = "0.0.1",
            ["spec"] = new JsonObject { ["publicKey"] = spec["publicKey"]!.DeepClone(), ["content"] = new JsonObject { ["envelope"] = envelopeText } },
        };

        var entry = LoggedEntry.Parse(proposed.ToJsonString());

        Assert.True(entry.Validate().Succeeded, entry.Validate().Error?.Message);
        var canonical = await entry.CanonicalizeAsync(CancellationToken.None);
        Assert.True(canonical.Succeeded, canonical.Error?.Message);
        Assert.Equal(Encoding.UTF8.GetString(vector.Body), Encoding.UTF8.GetString(canonical.Value!));
        Assert.Equal("sha256:" + spec["content"]!["payloadHash"]!["value"]!.GetValue<string>(), entry.Attestation!.Key);
        Assert.Equal(fixture.Payload, entry.Attestation.Data.ToArray());
        Assert.Equal(entry.AttestationKey, LoggedEntry.Parse(vector.Body).AttestationKey);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_logged_body_is_neither_insertable_nor_verifiable(string file)
    {
        var entry = LoggedEntry.Parse(EntryVector.Named(file).Body);

        Assert.Equal("entry not insertable into log: missing envelope content", entry.Validate().Error?.Message);
        Assert.Equal(EntryErrorKind.InvalidInput, (await entry.CanonicalizeAsync(CancellationToken.None)).Error?.Kind);
        var verified = await entry.VerifyAsync(CancellationToken.None);
        Assert.Equal(EntryErrorKind.InvalidInput, verified.Error?.Kind);
        Assert.Contains("can only be verified with the envelope", verified.Error!.Message, StringComparison.Ordinal);
        Assert.Null(entry.Attestation);
    }

    [Theory]
    [MemberData(nameof(V002Files))]
    public async Task A_logged_v002_body_verifies_with_its_payload_put_back_and_only_with_it(string file)
    {
        var fixture = EnvelopeVector.Named(file);
        var logged = Assert.IsType<IntotoV002Entry>(LoggedEntry.Parse(EntryVector.Named(file).Body));

        var verified = await logged.WithPayload(fixture.PayloadBase64).VerifyAsync(CancellationToken.None);
        var other = await logged.WithPayload(Convert.ToBase64String([.. fixture.Payload, 0x20])).VerifyAsync(CancellationToken.None);

        Assert.True(verified.Succeeded, verified.Error?.Message);
        Assert.Equal(EntryErrorKind.InvalidInput, other.Error?.Kind);
    }

    [Fact]
    public async Task A_logged_v001_body_verifies_with_its_envelope_put_back_and_only_with_it()
    {
        const string file = "intoto/v001-public-6800673-sigstore-js.json";
        var fixture = EnvelopeVector.Named(file);
        var logged = Assert.IsType<IntotoV001Entry>(LoggedEntry.Parse(EntryVector.Named(file).Body));
        var envelopeText = fixture.EnvelopeText();

        var verified = await logged.WithEnvelope(envelopeText).VerifyAsync(CancellationToken.None);
        var reserialized = await logged.WithEnvelope(envelopeText.Replace("\",\"", "\", \"", StringComparison.Ordinal)).VerifyAsync(CancellationToken.None);

        Assert.True(verified.Succeeded, verified.Error?.Message);
        Assert.StartsWith("the envelope is not the one logged", reserialized.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_npm_provenance_entry_indexes_its_key_subjects_payload_and_statement_subject()
    {
        const string file = "intoto/v002-public-31821305-sigstore-go-npm-provenance.json";
        var fixture = EnvelopeVector.Named(file);
        var proposed = fixture.DecodedBody.DeepClone().AsObject();
        proposed["spec"]!["content"]!["envelope"]!["payload"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(fixture.PayloadBase64));

        var keys = (await LoggedEntry.Parse(proposed.ToJsonString()).IndexKeysAsync(CancellationToken.None)).Value!;
        var logged = (await LoggedEntry.Parse(EntryVector.Named(file).Body).IndexKeysAsync(CancellationToken.None)).Value!;

        var statement = JsonNode.Parse(fixture.Payload)!;
        var subjectDigests = statement["subject"]!.AsArray().SelectMany(s => s!["digest"]!.AsObject().Select(d => $"{d.Key}:{d.Value!.GetValue<string>()}"));
        Assert.Equal([.. logged, .. subjectDigests.Select(d => d.ToLowerInvariant())], keys);
        Assert.StartsWith("sha256:", logged[0], StringComparison.Ordinal);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(fixture.Payload)), logged[^1]);
    }

    [Fact]
    public void Every_logged_intoto_vector_is_checked() => Assert.Equal(4, Files().Count);
}
