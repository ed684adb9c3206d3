using System.Text;
using System.Text.Json;
using Rekor.Core.Schemas;
using Rekor.Core.Tests.Types;
using Rekor.Core.Types;
using static Rekor.Core.Tests.Hostile.HostileJson;

namespace Rekor.Core.Tests.Hostile;

/// <summary>
/// Valid hashedrekord, rekord, dsse and intoto 0.0.1 entries with a hostile token put into each position in turn: the type map,
/// the envelope's validator and the version's model <c>Validate</c> answer every one with a failure, never an exception.
/// </summary>
public class HostileProposedEntryTests
{
    private static readonly Dictionary<string, (string Kind, string Json)> ValidEntries = new()
    {
        ["hashedrekord"] = ("hashedrekord", ProposedEntries.HashedRekord("sha256", new string('a', 64), [1, 2, 3], [4, 5, 6])),
        ["rekord"] = ("rekord", ProposedEntries.Rekord("x509", [1, 2, 3], [4, 5, 6], [7, 8, 9], new string('b', 64))),
        ["hashedrekord vector"] = ("hashedrekord", FirstVectorBody("hashedrekord")),
        ["rekord vector"] = ("rekord", FirstVectorBody("rekord")),
        ["dsse vector"] = ("dsse", FirstVectorBody("dsse")),
        ["intoto 0.0.1 vector"] = ("intoto", FirstVectorBody("intoto")),
    };

    public static TheoryData<string> Entries => [.. ValidEntries.Keys];

    [Theory]
    [MemberData(nameof(Entries))]
    public void The_entries_the_hostile_ones_are_made_from_are_valid(string entry)
    {
        using var document = JsonDocument.Parse(ValidEntries[entry].Json);

        var parsed = TypeMap.ParseProposedEntry(document.RootElement);

        Assert.True(parsed.Succeeded, parsed.Message);
    }

    [Theory]
    [MemberData(nameof(Entries))]
    public void Unreadable_text_or_numbers_beyond_range_in_any_value_are_failures_not_exceptions(string entry)
    {
        var (kind, json) = ValidEntries[entry];
        AssertEveryPlacementFails(kind, Values.SelectMany(token => InEveryValue(json, token)));
    }

    [Theory]
    [MemberData(nameof(Entries))]
    public void Property_names_that_are_not_valid_unicode_anywhere_are_failures_not_exceptions(string entry)
    {
        var (kind, json) = ValidEntries[entry];
        AssertEveryPlacementFails(kind, Strings.SelectMany(token => InEveryName(json, token).Concat(AsAnExtraMemberOfEveryObject(json, token))));
    }

    [Fact]
    public void Unreadable_text_in_a_kind_is_a_missing_kind_that_says_why()
    {
        var parsed = Parse([.. """{"kind":"""u8, 0x22, 0xff, 0x22, .. ""","apiVersion":"0.0.1","spec":{}}"""u8]);

        Assert.Equal(ProposedEntryFailure.MissingKind, parsed.Failure);
        Assert.Contains(parsed.Violations, v => v.Path == "$.kind" && v.Message == "must be valid Unicode text");
    }

    [Fact]
    public void Unreadable_text_in_a_spec_is_reported_at_its_path()
    {
        var json = ValidEntries["hashedrekord"].Json.Replace(new string('a', 64), "\\ud800", StringComparison.Ordinal);

        var parsed = Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal(ProposedEntryFailure.SchemaViolation, parsed.Failure);
        var violation = Assert.Single(parsed.Violations);
        Assert.Equal(new SchemaViolation("$.spec.data.hash.value", "type", "must be valid Unicode text"), violation);
    }

    [Fact]
    public void Unreadable_text_where_the_schema_leaves_the_json_open_is_refused_before_the_model_holds_it()
    {
        // tuf keeps its metadata as free-form JSON: no validator reads inside, and the model would hold the text unread.
        var parsed = Parse("""{"kind":"tuf","apiVersion":"0.0.1","spec":{"metadata":{"content":{"signed":{"note":"\udc00"}}},"root":{"content":{}}}}"""u8.ToArray());

        Assert.Equal(ProposedEntryFailure.SchemaViolation, parsed.Failure);
        Assert.Contains("a lone surrogate escape (\\udc00)", parsed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Free_form_json_nested_beyond_what_the_serializer_reads_is_a_failure()
    {
        var deep = new string('[', 500) + new string(']', 500);
        var json = """{"kind":"tuf","apiVersion":"0.0.1","spec":{"metadata":{"content":{"deep":""" + deep + """}},"root":{"content":{}}}}""";
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 1000 });

        var parsed = TypeMap.ParseProposedEntry(document.RootElement);

        Assert.Equal(ProposedEntryFailure.SchemaViolation, parsed.Failure);
        Assert.StartsWith("couldn't read the tuf 0.0.1 spec", parsed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Base64_the_schema_admits_but_the_model_cannot_decode_is_a_schema_violation()
    {
        // "AB==" has non-zero bits in its padding: the format check counts characters, .NET's decoder refuses it.
        var json = ValidEntries["hashedrekord"].Json.Replace(Convert.ToBase64String([1, 2, 3]), "AB==", StringComparison.Ordinal);

        var parsed = Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal(ProposedEntryFailure.SchemaViolation, parsed.Failure);
        Assert.StartsWith("couldn't read the hashedrekord 0.0.1 spec", parsed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_that_breaks_its_schema_a_thousand_times_is_described_in_a_message_of_bounded_length()
    {
        var members = string.Join(",", Enumerable.Range(0, 1000).Select(i => $"\"x{i}\":1"));
        var parsed = Parse(Encoding.UTF8.GetBytes($$"""{"kind":"hashedrekord","apiVersion":"0.0.1","spec":{},{{members}}}"""));

        Assert.Equal(ProposedEntryFailure.MalformedEnvelope, parsed.Failure);
        Assert.Equal(1000, parsed.Violations.Count);
        Assert.EndsWith("; and 980 more", parsed.Message, StringComparison.Ordinal);
    }

    private static void AssertEveryPlacementFails(string kindName, IEnumerable<Placement> placements)
    {
        var kind = TypeMap.FindKind(kindName)!;
        var version = kind.FindVersion("0.0.1")!;
        var problems = new List<string>();
        var count = 0;
        foreach (var placement in placements)
        {
            count++;
            try
            {
                using var document = JsonDocument.Parse(placement.Document);
                var root = document.RootElement;
                if (TypeMap.ParseProposedEntry(root).Succeeded)
                {
                    problems.Add($"{placement}: TypeMap.ParseProposedEntry accepted it");
                }

                var envelope = new List<SchemaViolation>();
                kind.ValidateEnvelope(root, "$", envelope);
                if (placement.InSpec && version.Validate(root.GetProperty("spec")).Count == 0)
                {
                    problems.Add($"{placement}: the {kindName} 0.0.1 model's Validate found nothing");
                }
                else if (!placement.InSpec && envelope.Count == 0)
                {
                    problems.Add($"{placement}: the {kindName} envelope's validator found nothing");
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                problems.Add($"{placement}: {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.True(count > 10, $"only {count} placements");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static ProposedEntryParse Parse(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return TypeMap.ParseProposedEntry(document.RootElement);
    }

    private static string FirstVectorBody(string kind) =>
        Encoding.UTF8.GetString(EntryVector.All.First(v => v.Kind == kind && !EntryVector.PreJcsBodies.Contains(v.File)).Body);
}
