using System.Text.Json;
using System.Text.Json.Nodes;
using Rekor.Core.Types;
using Rekor.Core.Verification;

namespace Rekor.Core.Tests.Verification;

/// <summary>Every vector that holds its bundle <c>tlogEntries[i]</c> object, verified and converted from the bundle.</summary>
public class BundleTlogEntryVectorTests
{
    public static TheoryData<string> Files() => [.. VectorBundleEntry.Files];

    [Fact]
    public void Every_vector_with_a_bundle_tlog_entry_is_verified_here()
    {
        // 31 of the 39 v1 vectors were rebuilt from a bundle and keep its tlog entry (README §2).
        Assert.Equal(31, VectorBundleEntry.Files.Count);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_check_a_bundle_entry_supports_passes_and_every_other_is_not_applicable(string file)
    {
        var vector = VectorBundleEntry.Read(file);

        var result = vector.Verify();

        Assert.Equal(Enum.GetValues<VerificationCheck>(), result.LogEntry.Checks.Select(c => c.Check));
        Assert.All(result.LogEntry.Checks, c => Assert.True(
            c.Outcome == (vector.Supported.Contains(c.Check) ? CheckOutcome.Passed : CheckOutcome.NotApplicable),
            $"{c} (supported: {string.Join(", ", vector.Supported)})"));
        Assert.True(result.KindVersion.Passed, result.KindVersion.ToString());
        Assert.Empty(result.Entry.Malformed);
        Assert.True(result.IsVerified, result.ToString());
        Assert.False(result.HasFailures);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void The_rebuilt_entry_is_the_vectors_log_entry(string file)
    {
        var vector = VectorBundleEntry.Read(file);
        var expected = vector.V1.Entry.DeepClone().AsObject();
        expected.Remove("attestation");

        var entry = BundleTlogEntry.Read(VectorBundleEntry.Element(vector.Tlog));
        var actual = JsonSerializer.SerializeToNode(entry.Entry, RekorJson.Options)!.AsObject();
        if (actual["verification"]?["inclusionProof"] is JsonObject proof && proof["checkpoint"] is null)
        {
            proof.Remove("checkpoint"); // the generated model writes an absent checkpoint as null; the wire omits it
        }

        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}\nactual   {actual.ToJsonString()}");
        Assert.Equal(vector.V1.Vector.BodyBase64, entry.Entry.Body.GetString());
        Assert.Equal(vector.V1.Vector.SignedEntryTimestampBase64, actual["verification"]?["signedEntryTimestamp"]?.GetValue<string>());
        Assert.Equal(vector.V1.Vector.Checkpoint, entry.Entry.Verification?.InclusionProof?.Checkpoint);
        Assert.Equal(vector.Tlog["kindVersion"]!["kind"]!.GetValue<string>(), entry.Kind);
        Assert.Equal(vector.Tlog["kindVersion"]!["version"]!.GetValue<string>(), entry.Version);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void The_rebuilt_key_names_the_tree_of_the_checkpoint_or_else_is_the_leaf_hash(string file)
    {
        var vector = VectorBundleEntry.Read(file);
        var leafHash = vector.V1.Key[^EntryId.UuidHexLength..];

        var entry = BundleTlogEntry.Read(VectorBundleEntry.Element(vector.Tlog));

        var expected = vector.V1.Vector.Checkpoint is null ? leafHash : vector.VectorEntryId;
        Assert.Equal(expected, entry.EntryKey);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Proto_field_names_and_unpadded_url_safe_base64_read_as_the_json_names_do(string file)
    {
        var vector = VectorBundleEntry.Read(file);
        var renamed = ToProtoForm(vector.Tlog.DeepClone());

        var result = vector.Verify(renamed);

        Assert.True(result.IsVerified, result.ToString());
        Assert.Equal(
            JsonSerializer.Serialize(BundleTlogEntry.Read(VectorBundleEntry.Element(vector.Tlog)).Entry, RekorJson.Options),
            JsonSerializer.Serialize(result.Entry.Entry, RekorJson.Options));
    }

    /// <summary>Renames every member to its proto name (lowerCamelCase to snake_case) and rewrites every base64
    /// string but the checkpoint as unpadded URL-safe base64.</summary>
    private static JsonNode ToProtoForm(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                var renamed = new JsonObject();
                foreach (var (name, value) in obj.ToList())
                {
                    obj.Remove(name);
                    var protoName = string.Concat(name.Select(c => char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : c.ToString()));
                    renamed[protoName] = name is "envelope" or "kind" or "version" || value is null ? value : ToProtoForm(value);
                }

                return renamed;
            case JsonArray array:
                return new JsonArray([.. array.Select(e => ToProtoForm(e!.DeepClone()))]);
            case JsonValue value when value.TryGetValue<string>(out var text) && IsBase64(text):
                return JsonValue.Create(text.TrimEnd('=').Replace('+', '-').Replace('/', '_'));
            default:
                return node;
        }
    }

    private static bool IsBase64(string text) =>
        text.Length % 4 == 0 && text.Length >= 8 && Convert.TryFromBase64String(text, new byte[text.Length], out _) && !text.All(char.IsAsciiDigit);
}
