using System.Globalization;
using SharpYaml.Serialization;

namespace Rekor.Server.Configuration;

/// <summary>One inactive shard as rekor-server's sharding config names it: its tree, frozen length, and key.</summary>
/// <param name="TreeLength">The frozen size (0: not given; rekor-server reads it from Trillian anyway).</param>
/// <param name="Signer">The shard's key (<c>signingConfig.signingSchemeOrKeyPath</c>: a KMS URI or key file); null: not given.</param>
/// <param name="SignerPassword">The key file's password (<c>signingConfig.fileSignerPassword</c>). A secret: never printed.</param>
public sealed record InactiveShardConfig(long TreeId, long TreeLength, string? Signer, string? SignerPassword);

/// <summary>
/// rekor-server's inactive-shard file (<c>--trillian_log_server.sharding_config</c>), which the chart always passes
/// (default <c>/sharding/sharding-config.yaml</c>): a YAML (or JSON) list of <c>treeID</c>, <c>treeLength</c> and
/// optional <c>signingConfig</c>, field names matched without regard to case as Go's decoder does. Empty, comments
/// only or an empty list: no shards listed. A missing file is no shards, with a warning. What the shards must agree
/// with is the store's (see <see cref="Hosting.InactiveShardKeys"/>).
/// </summary>
public static class ShardingConfigFile
{
    /// <summary>What the file at <paramref name="path"/> means: missing (warn), fine, or a problem that must stop start-up.</summary>
    public static (bool Missing, string? Problem) Inspect(string? path)
    {
        var read = Read(path);
        return (read.Missing, read.Problem);
    }

    /// <summary>The shards the file lists (empty when it lists none, is missing or is not given), or the problem reading it.</summary>
    public static (bool Missing, IReadOnlyList<InactiveShardConfig> Shards, string? Problem) Read(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return (false, [], null);
        }

        if (!File.Exists(path))
        {
            return (true, [], null);
        }

        try
        {
            var text = File.ReadAllText(path);
            return (false, string.IsNullOrWhiteSpace(text) ? [] : Parse(text), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (false, [], $"reading the sharding config {path}: {e.Message}");
        }
        catch (Exception e) when (e is SharpYaml.YamlException or FormatException or InvalidOperationException or ArgumentException)
        {
            return (false, [], $"reading the sharding config {path}: {e.Message}");
        }
    }

    private static List<InactiveShardConfig> Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        if (root is null || (root is YamlScalarNode scalar && scalar.Value is null or "" or "~" or "null"))
        {
            return [];
        }

        if (root is not YamlSequenceNode list)
        {
            throw new FormatException("it must be a list of shards (treeID, treeLength, signingConfig)");
        }

        var shards = new List<InactiveShardConfig>();
        foreach (var item in list.Children)
        {
            var shard = item as YamlMappingNode ?? throw new FormatException($"shard {shards.Count + 1} is not a mapping of treeID, treeLength, signingConfig");
            var signing = Field(shard, "signingConfig") as YamlMappingNode;
            if (signing is not null && (Text(signing, "tinkKEKURI") is { Length: > 0 } || Text(signing, "tinkKeysetPath") is { Length: > 0 }))
            {
                throw new FormatException($"shard {shards.Count + 1}: Tink keysets are not supported (name the key with signingSchemeOrKeyPath: a KMS URI or a key file)");
            }

            var treeId = Number(shard, "treeID") ?? throw new FormatException($"shard {shards.Count + 1} has no treeID");
            if (treeId <= 0)
            {
                throw new FormatException($"shard {shards.Count + 1}: treeID must be positive, not {treeId}");
            }

            var length = Number(shard, "treeLength") ?? 0;
            if (length < 0)
            {
                throw new FormatException($"shard {shards.Count + 1} (tree {treeId}): treeLength must not be negative");
            }

            shards.Add(new InactiveShardConfig(treeId, length, signing is null ? null : NullIfEmpty(Text(signing, "signingSchemeOrKeyPath")), signing is null ? null : NullIfEmpty(Text(signing, "fileSignerPassword"))));
        }

        return shards;
    }

    private static YamlNode? Field(YamlMappingNode mapping, string name) =>
        mapping.Children.FirstOrDefault(pair => pair.Key is YamlScalarNode key && string.Equals(key.Value, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static string? Text(YamlMappingNode mapping, string name) => (Field(mapping, name) as YamlScalarNode)?.Value;

    private static long? Number(YamlMappingNode mapping, string name) => Text(mapping, name) is { } text
        ? long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : throw new FormatException($"{name} '{text}' is not a whole number")
        : null;

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
