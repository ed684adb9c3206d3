using System.Text.Json;
using Rekor.Core.Models;
using Rekor.Core.Types;

namespace Rekor.Core.Tests;

public class TypeMapTests
{
    private const string HashedRekord = """
        {"apiVersion":"0.0.1","kind":"hashedrekord","spec":{"signature":{"content":"AAAA","publicKey":{"content":"AAAA"}},"data":{"hash":{"algorithm":"sha256","value":"aa"}}}}
        """;

    [Fact]
    public void Every_kind_of_rekor_v1_is_registered_without_a_hand_kept_list()
    {
        var kinds = TypeMap.Kinds.Select(k => k.Kind).ToList();
        Assert.Equal(["alpine", "cose", "dsse", "hashedrekord", "helm", "intoto", "jar", "rekord", "rfc3161", "rpm", "tuf"], kinds);
        Assert.Equal(12, TypeMap.Implementations.Count);
    }

    [Fact]
    public void A_proposed_entry_is_read_into_the_model_of_its_kind_and_version()
    {
        var parsed = Parse(HashedRekord);

        Assert.True(parsed.Succeeded, parsed.Message);
        var entry = Assert.IsType<Hashedrekord>(parsed.Entry);
        var spec = Assert.IsType<HashedrekordV001Schema>(entry.Spec);
        Assert.Equal("sha256", spec.Data.Hash!.Algorithm);
        Assert.Equal(new byte[] { 0, 0, 0 }, spec.Signature.Content);
    }

    [Fact]
    public void Intoto_versions_are_told_apart_by_api_version()
    {
        var v1 = Parse("""{"kind":"intoto","apiVersion":"0.0.1","spec":{"content":{"envelope":"{}"},"publicKey":"AAAA"}}""");
        var v2 = Parse("""{"kind":"intoto","apiVersion":"0.0.2","spec":{"content":{"envelope":{"payloadType":"x","signatures":[{"sig":"AAAA","publicKey":"AAAA"}]}}}}""");

        Assert.IsType<IntotoV001Schema>(v1.Entry!.Spec);
        Assert.IsType<IntotoV002Schema>(v2.Entry!.Spec);
    }

    [Fact]
    public void An_unknown_kind_names_what_was_received_and_what_is_supported()
    {
        var parsed = Parse("""{"kind":"recipe","apiVersion":"0.0.1","spec":{}}""");

        Assert.Equal(ProposedEntryFailure.UnknownKind, parsed.Failure);
        Assert.Contains("\"recipe\"", parsed.Message, StringComparison.Ordinal);
        Assert.Contains("hashedrekord", parsed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsupported_version_names_what_was_received_and_what_is_supported()
    {
        var parsed = Parse(HashedRekord.Replace("\"0.0.1\"", "\"0.0.9\"", StringComparison.Ordinal));

        Assert.Equal(ProposedEntryFailure.UnsupportedVersion, parsed.Failure);
        Assert.Contains("\"0.0.9\"", parsed.Message, StringComparison.Ordinal);
        Assert.Contains("0.0.1", parsed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_kind_and_a_malformed_envelope_are_reported_with_their_paths()
    {
        Assert.Equal(ProposedEntryFailure.MissingKind, Parse("""{"apiVersion":"0.0.1","spec":{}}""").Failure);

        var parsed = Parse("""{"kind":"rekord","apiVersion":"one","spec":{},"extra":1}""");
        Assert.Equal(ProposedEntryFailure.MalformedEnvelope, parsed.Failure);
        Assert.Contains(parsed.Violations, v => v.Path == "$.apiVersion" && v.Keyword == "pattern");
        Assert.Contains(parsed.Violations, v => v.Path == "$.extra" && v.Keyword == "additionalProperties");
    }

    [Fact]
    public void Spec_violations_are_reported_at_their_path_inside_the_entry()
    {
        var parsed = Parse("""{"kind":"hashedrekord","apiVersion":"0.0.1","spec":{"data":{"hash":{"algorithm":"md5","value":"aa"}},"signature":{"content":"@@"}}}""");

        Assert.Equal(ProposedEntryFailure.SchemaViolation, parsed.Failure);
        Assert.Contains(parsed.Violations, v => v.Path == "$.spec.data.hash.algorithm" && v.Keyword == "enum");
        Assert.Contains(parsed.Violations, v => v.Path == "$.spec.signature.content" && v.Keyword == "format");
    }

    [Fact]
    public void A_spec_is_not_held_to_oneOf_as_rekor_does_not_hold_it()
    {
        // rekord's schema says data has hash or content (oneOf); rekor-cli sends both and Rekor accepts it.
        var parsed = Parse("""{"kind":"rekord","apiVersion":"0.0.1","spec":{"signature":{"format":"x509","content":"AAAA","publicKey":{"content":"AAAA"}},"data":{"content":"AAAA","hash":{"algorithm":"sha256","value":"aa"}}}}""");

        Assert.True(parsed.Succeeded, parsed.Message);
    }

    [Fact]
    public void The_json_converter_round_trips_a_proposed_entry()
    {
        var entry = JsonSerializer.Deserialize<ProposedEntry>(HashedRekord, RekorJson.Options)!;
        var written = JsonSerializer.Serialize(entry, RekorJson.Options);

        Assert.Equal(HashedRekord, written);
    }

    [Fact]
    public void The_json_converter_refuses_an_unknown_kind_with_a_clear_message()
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ProposedEntry>("""{"kind":"recipe","apiVersion":"0.0.1","spec":{}}""", RekorJson.Options));
        Assert.Contains("unknown kind \"recipe\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kind_whose_behaviour_is_not_built_yet_refuses_honestly()
    {
        // Every Rekor kind is built now; a new kind starts from the contract's defaults, which must refuse, never pass.
        var implementation = new UnbuiltEntry();

        var canonical = await implementation.CanonicalizeAsync(CancellationToken.None);

        Assert.Equal(EntryErrorKind.Unsupported, implementation.Validate().Error?.Kind);
        Assert.Equal(EntryErrorKind.Unsupported, canonical.Error?.Kind);
        Assert.Equal(EntryErrorKind.Unsupported, (await implementation.IndexKeysAsync(CancellationToken.None)).Error?.Kind);
        Assert.Equal(EntryErrorKind.Unsupported, (await implementation.VerifyAsync(CancellationToken.None)).Error?.Kind);
        Assert.Equal("unbuilt 0.0.1: canonicalization is not supported by this server yet", canonical.Error!.Message);
    }

    /// <summary>A kind that overrides none of the behaviour: what a newly added kind is before its partial class does anything.</summary>
    private sealed class UnbuiltEntry : EntryImplementation
    {
        public override string Kind => "unbuilt";

        public override string ApiVersion => "0.0.1";

        public override EntrySpec SpecModel => throw new NotSupportedException();

        public override IProposedEntry ToProposedEntry() => throw new NotSupportedException();
    }

    [Fact]
    public void Registering_a_second_schema_for_an_existing_kind_fails_loudly()
    {
        var existing = TypeMap.FindKind("rekord")!;
        var impostor = new KindDescriptor("rekord", existing.ValidateEnvelope, existing.Versions, existing.CreateEntry);

        Assert.Throws<InvalidOperationException>(() => TypeMap.RegisterKind(impostor));
    }

    private static ProposedEntryParse Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return TypeMap.ParseProposedEntry(document.RootElement);
    }
}
