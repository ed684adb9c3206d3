using SharpYaml.Serialization;

namespace Rekor.Server.Configuration;

/// <summary>
/// Reads rekor-server's YAML config file as viper does: a map whose keys are flag names (<c>port: 3000</c>,
/// <c>rekor_server.address: 0.0.0.0</c>), where nested maps join their keys with dots (<c>rekor_server: {address: …}</c>)
/// and a list is a string slice (joined with commas). Keys are lower-cased, as viper's are.
/// </summary>
public static class ViperConfigFile
{
    /// <summary>The flag values of the file at <paramref name="path"/>, or why it cannot be read.</summary>
    public static (Dictionary<string, string> Values, string? Problem) Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (values, $"reading the config file {path}: {e.Message}");
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is null)
            {
                return (values, null);
            }

            if (stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                return (values, $"the config file {path} is not a YAML map of flag names to values");
            }

            Flatten(root, prefix: string.Empty, values);
            return (values, null);
        }
        catch (Exception e) when (e is SharpYaml.YamlException or InvalidOperationException or ArgumentException)
        {
            return (values, $"reading the config file {path}: {e.Message}");
        }
    }

    private static void Flatten(YamlMappingNode map, string prefix, Dictionary<string, string> values)
    {
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var key = prefix + ((keyNode as YamlScalarNode)?.Value ?? string.Empty).ToLowerInvariant();
            switch (valueNode)
            {
                case YamlMappingNode nested:
                    Flatten(nested, key + ".", values);
                    break;
                case YamlSequenceNode list:
                    values[key] = string.Join(',', list.Children.OfType<YamlScalarNode>().Select(s => s.Value));
                    break;
                case YamlScalarNode scalar:
                    values[key] = scalar.Value ?? string.Empty;
                    break;
            }
        }
    }
}
