using SharpYaml.Serialization;

namespace Rekor.Server.Configuration;

/// <summary>
/// rekor-server's inactive-shard file (<c>--trillian_log_server.sharding_config</c>), which the chart always passes
/// (default <c>/sharding/sharding-config.yaml</c>). This server does not take inactive shards from it yet: a file that
/// is empty, whitespace, comments only or an empty list means no inactive shards; a file that lists shards is refused,
/// never ignored (serving without them would drop their entries). A missing file is no shards, with a warning.
/// </summary>
public static class ShardingConfigFile
{
    /// <summary>What the file at <paramref name="path"/> means: missing (warn), fine, or a problem that must stop start-up.</summary>
    public static (bool Missing, string? Problem) Inspect(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return (false, null);
        }

        if (!File.Exists(path))
        {
            return (true, null);
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (false, $"reading the sharding config {path}: {e.Message}");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return (false, null);
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
            var empty = root is null
                || (root is YamlSequenceNode list && list.Children.Count == 0)
                || (root is YamlScalarNode scalar && scalar.Value is null or "" or "~" or "null");
            return (false, empty ? null : $"the sharding config {path} lists inactive shards, which this server does not support yet: start it with an empty file (only the active tree, --trillian_log_server.tlog_id)");
        }
        catch (Exception e) when (e is SharpYaml.YamlException or InvalidOperationException or ArgumentException)
        {
            return (false, $"reading the sharding config {path}: {e.Message}");
        }
    }
}
