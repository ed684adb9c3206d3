using System.Text.Json;

namespace Rekor.Core.Tests.Vectors;

/// <summary>
/// One real Rekor v1 log entry from shared/vectors (see its README): the fields a server signs and a client checks.
/// </summary>
public sealed record RekorVector(
    string File,
    string BodyBase64,
    string DecodedBodyJson,
    long IntegratedTime,
    string LogIdHex,
    long LogIndex,
    string? SignedEntryTimestampBase64,
    string? Checkpoint,
    string LogPublicKeyPem,
    long? ShardTreeId)
{
    public byte[] Body => Convert.FromBase64String(BodyBase64);

    public override string ToString() => File;

    /// <summary>Every vector file with a <c>logEntry</c>, by its path relative to the vectors folder.</summary>
    public static IReadOnlyList<RekorVector> All { get; } = Load();

    public static RekorVector Named(string file) => All.Single(v => v.File == file);

    private static long? TreeIdOf(JsonElement vector) =>
        vector.TryGetProperty("shard", out var shard) && shard.TryGetProperty("treeID", out var treeId) && treeId.ValueKind == JsonValueKind.String
            ? long.Parse(treeId.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    private static RekorVector[] Load()
    {
        var root = VectorFiles.Root;
        var vectors = new List<RekorVector>();
        foreach (var path in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(System.IO.File.ReadAllBytes(path));
            if (!document.RootElement.TryGetProperty("logEntry", out var logEntry))
            {
                continue;
            }

            var entry = logEntry.EnumerateObject().Single().Value;
            var verification = entry.GetProperty("verification");
            string? checkpoint = null;
            if (verification.TryGetProperty("inclusionProof", out var proof) && proof.TryGetProperty("checkpoint", out var text))
            {
                checkpoint = text.GetString();
            }

            vectors.Add(new RekorVector(
                Path.GetRelativePath(root, path).Replace('\\', '/'),
                entry.GetProperty("body").GetString()!,
                document.RootElement.GetProperty("decodedBody").GetRawText(),
                entry.GetProperty("integratedTime").GetInt64(),
                entry.GetProperty("logID").GetString()!,
                entry.GetProperty("logIndex").GetInt64(),
                verification.TryGetProperty("signedEntryTimestamp", out var set) ? set.GetString() : null,
                checkpoint,
                document.RootElement.GetProperty("logPublicKeyPem").GetString()!,
                TreeIdOf(document.RootElement)));
        }

        return vectors.Count > 0
            ? [.. vectors]
            : throw new InvalidOperationException($"no vector with a logEntry under {root}");
    }
}
