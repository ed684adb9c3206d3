using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Rekor.Core.Models;
using Rekor.Core.Schemas;
using Rekor.Core.Tests.Vectors;
using Rekor.Core.Tests.Verification;
using Rekor.Core.Types;
using Rekor.Core.Verification;
using static Rekor.Core.Tests.Hostile.HostileJson;

namespace Rekor.Core.Tests.Hostile;

/// <summary>Every generated model's <c>Validate</c>, and the verifier's reading of a log entry, answer hostile JSON with violations.</summary>
public class HostileModelTests
{
    private const string Complete = "hashedrekord/public-41958702-sigstore-java-v02.json";

    /// <summary>Every model class generated into Rekor.Core, each with its static <c>Validate(JsonElement)</c>.</summary>
    public static TheoryData<string> Models =>
        [.. typeof(LogEntry).Assembly.GetTypes().Where(t => t.Namespace == "Rekor.Core.Models" && ValidateOf(t) is not null).Select(t => t.Name).Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_schema_in_the_repository_has_models_to_check()
    {
        Assert.True(Models.Count >= 40, $"only {Models.Count} models");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void A_models_validate_answers_hostile_values_and_names_in_each_of_its_properties_without_an_exception(string model)
    {
        var validate = ValidateOf(typeof(LogEntry).Assembly.GetType("Rekor.Core.Models." + model)!)!;
        var names = typeof(LogEntry).Assembly.GetType("Rekor.Core.Models." + model)!.GetProperties()
            .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name)
            .Where(n => n is not null)
            .Select(n => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(n)))
            .ToList();

        var documents = new List<byte[]>();
        foreach (var token in Values)
        {
            documents.Add(token.Json);
            documents.Add([(byte)'[', .. token.Json, (byte)']']);
            documents.AddRange(names.Select(name => (byte[])[(byte)'{', .. name, (byte)':', .. token.Json, (byte)'}']));
            documents.AddRange(names.Select(name => (byte[])[(byte)'{', .. name, .. """:{"a":"""u8, .. token.Json, .. "}}"u8]));
        }

        foreach (var token in Strings)
        {
            documents.Add([(byte)'{', .. token.Json, .. ":1}"u8]);
            documents.AddRange(names.Select(name => (byte[])[(byte)'{', .. name, .. ":{"u8, .. token.Json, .. ":1}}"u8]));
        }

        foreach (var document in documents)
        {
            using var parsed = JsonDocument.Parse(document);
            var violations = validate(parsed.RootElement);
            Assert.NotNull(violations);
        }
    }

    [Fact]
    public void Numbers_beyond_range_in_a_log_entry_are_checked_without_an_exception_and_fail_where_the_schema_types_integers()
    {
        var entry = File.ReadAllText(VectorFiles.PathOf(Complete));
        var logEntry = JsonNode.Parse(entry)!["logEntry"]!.ToJsonString();
        var checkedPlacements = 0;

        foreach (var placement in Values.SelectMany(token => InEveryValue(logEntry, token)))
        {
            using var document = JsonDocument.Parse(placement.Document);
            var violations = LogEntry.Validate(document.RootElement);
            var isBody = placement.Path.EndsWith(".body", StringComparison.Ordinal);
            var isUnreadableOrNotAnInteger = placement.What != "30 digits";
            if (!isBody && isUnreadableOrNotAnInteger)
            {
                Assert.True(violations.Count > 0, $"{placement}: no violation");
                checkedPlacements++;
            }
        }

        Assert.True(checkedPlacements > 50, $"only {checkedPlacements} placements checked");
    }

    [Theory]
    [MemberData(nameof(UnreadableStrings))]
    public void A_body_whose_text_is_not_valid_unicode_fails_every_check_that_reads_it(string what)
    {
        var vector = VectorLogEntry.Read(RekorVector.Named(Complete));
        var entry = vector.Entry.DeepClone().AsObject();
        entry["body"] = "hostile-body";
        var wire = Encoding.UTF8.GetBytes(entry.ToJsonString());
        var token = Strings.Single(s => s.Name == what).Json;
        var at = wire.AsSpan().IndexOf("\"hostile-body\""u8);
        byte[] hostile = [.. wire.AsSpan(0, at), .. token, .. wire.AsSpan(at + "\"hostile-body\""u8.Length)];

        var result = LogEntryVerifier.Verify(vector.Key, JsonSerializer.Deserialize<LogEntryValue>(hostile, RekorJson.Options)!, vector.TrustedKeys);

        foreach (var check in new[] { VerificationCheck.BodyHashMatchesKey, VerificationCheck.SignedEntryTimestamp, VerificationCheck.InclusionProof })
        {
            Assert.True(result[check].Failed, result[check].ToString());
            Assert.Contains("not valid Unicode text", result[check].Reason, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string> UnreadableStrings => [.. Strings.Select(s => s.Name)];

    private static Func<JsonElement, IReadOnlyList<SchemaViolation>>? ValidateOf(Type type) =>
        type.GetMethod("Validate", BindingFlags.Public | BindingFlags.Static, [typeof(JsonElement)]) is { } method
            ? json => (IReadOnlyList<SchemaViolation>)method.Invoke(null, [json])!
            : null;
}
