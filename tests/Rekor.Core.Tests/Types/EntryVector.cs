using System.Text.Json;
using Rekor.Core.Tests.Vectors;

namespace Rekor.Core.Tests.Types;

/// <summary>
/// A logged entry (hashedrekord, rekord, dsse, intoto) from shared/vectors: the stored body, the leaf hash the log reported
/// (the <c>logEntry</c> key's last 64 hex and the vector's <c>leafHash</c>), and the artifact data of its fixture.
/// </summary>
public sealed record EntryVector(string File, string Kind, byte[] Body, string LeafHashHex, string EntryKey, string? ArtifactDigestHex, string? ArtifactDigestAlgorithm)
{
    /// <summary>
    /// Bodies logged before Rekor canonicalized leaves (rekor PR #445, October 2021), named in the vectors README
    /// (§8.1): members in Go struct order (apiVersion, spec, kind), so not JCS. The content is the same, the bytes are not.
    /// </summary>
    public static IReadOnlySet<string> PreJcsBodies { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "rekord/public-25579-rekor-release-verify-doc.json",
        "rekord/public-5179-sigstore-python-cosign-bundle.json",
    };

    public static IReadOnlyList<EntryVector> All { get; } = Load();

    public static TheoryData<string> FilesOf(string kind) => [.. All.Where(v => v.Kind == kind).Select(v => v.File)];

    public static EntryVector Named(string file) => All.Single(v => v.File == file);

    public override string ToString() => File;

    private static EntryVector[] Load()
    {
        var vectors = new List<EntryVector>();
        foreach (var kind in new[] { "hashedrekord", "rekord", "dsse", "intoto" })
        {
            foreach (var path in Directory.EnumerateFiles(VectorFiles.PathOf(kind), "*.json").Order(StringComparer.Ordinal))
            {
                using var document = JsonDocument.Parse(System.IO.File.ReadAllBytes(path));
                var root = document.RootElement;
                if (!root.TryGetProperty("logEntry", out var logEntry))
                {
                    continue;
                }

                var entry = logEntry.EnumerateObject().Single();
                string? digestHex = null;
                string? digestAlgorithm = null;
                if (root.TryGetProperty("artifact", out var artifact) && artifact.ValueKind == JsonValueKind.Object
                    && artifact.TryGetProperty("messageSignature", out var messageSignature)
                    && messageSignature.TryGetProperty("messageDigest", out var digest))
                {
                    digestHex = digest.GetProperty("digestHex").GetString();
                    digestAlgorithm = digest.GetProperty("algorithm").GetString();
                }

                vectors.Add(new EntryVector(
                    $"{kind}/{Path.GetFileName(path)}",
                    root.GetProperty("kind").GetString()!,
                    Convert.FromBase64String(entry.Value.GetProperty("body").GetString()!),
                    root.GetProperty("leafHash").GetString()!,
                    entry.Name,
                    digestHex,
                    digestAlgorithm));
            }
        }

        return [.. vectors];
    }
}
