using System.Text;
using System.Text.Json.Nodes;

namespace Rekor.Server.Tests.Hostile;

/// <summary>Valid searches to mutate, naming what the baseline put in the log, for both search endpoints.</summary>
internal static class SearchBodies
{
    public const string EntriesPath = "/api/v1/log/entries/retrieve";

    public const string IndexPath = "/api/v1/index/retrieve";

    /// <summary>An email in the certificate of a logged hashedrekord vector (sigstore-java v0.2).</summary>
    public const string LoggedEmail = "appu@google.com";

    public static IReadOnlyList<NamedBody> ForEntries(Baseline baseline)
    {
        var uuids = baseline.EntryIds.Select(id => id[^64..]).ToList();
        var lastIndex = baseline.Tree.Size - 1;
        return
        [
            new("entryUUIDs", Json(new JsonObject { ["entryUUIDs"] = Strings(baseline.EntryIds[0], uuids[1]) })),
            new("logIndexes", Json(new JsonObject { ["logIndexes"] = Numbers(0, 1, lastIndex) })),
            new("entries", Json(new JsonObject { ["entries"] = new JsonArray(Parsed(ValidEntries.FreshHashedRekord), Parsed(ValidEntries.FreshRekord)) })),
            new("all three", Json(new JsonObject
            {
                ["entryUUIDs"] = Strings(uuids[0]),
                ["logIndexes"] = Numbers(lastIndex),
                ["entries"] = new JsonArray(Parsed(ValidEntries.FreshHashedRekord)),
            })),
        ];
    }

    public static IReadOnlyList<NamedBody> ForIndex()
    {
        var hash = "sha256:" + Convert.ToHexStringLower(ValidEntries.ArtifactSha256);
        var publicKey = new JsonObject { ["format"] = "x509", ["content"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(ValidEntries.PublicKeyPem)) };
        return
        [
            new("hash", Json(new JsonObject { ["hash"] = hash })),
            new("bare hash", Json(new JsonObject { ["hash"] = Convert.ToHexStringLower(ValidEntries.ArtifactSha256) })),
            new("publicKey", Json(new JsonObject { ["publicKey"] = publicKey.DeepClone() })),
            new("email", Json(new JsonObject { ["email"] = LoggedEmail })),
            new("and", Json(new JsonObject { ["operator"] = "and", ["hash"] = hash, ["publicKey"] = publicKey.DeepClone() })),
            new("or", Json(new JsonObject { ["operator"] = "or", ["hash"] = hash, ["email"] = LoggedEmail })),
        ];
    }

    private static JsonNode Parsed(NamedBody body) => JsonNode.Parse(body.Json)!;

    private static JsonArray Strings(params string[] items) => new([.. items.Select(i => (JsonNode)i)]);

    private static JsonArray Numbers(params long[] items) => new([.. items.Select(i => (JsonNode)i)]);

    private static string Json(JsonObject query) => query.ToJsonString();
}
