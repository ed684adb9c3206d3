using SharpYaml.Serialization;

namespace Rekor.Server.Tests.Deploy;

/// <summary>
/// deploy/values-rekor.yaml parsed with SharpYaml: one document whose root is a mapping. Paths are the chart's dotted
/// key paths (<c>server.config.treeID</c>); the walk stops at free-form keys (<see cref="ChartValuesKeys.FreeForm"/>),
/// whose keys may themselves contain dots.
/// </summary>
internal sealed class ValuesOverlay
{
    private ValuesOverlay(YamlMappingNode root, string[] lines)
    {
        Root = root;
        Lines = lines;
    }

    public YamlMappingNode Root { get; }

    /// <summary>The file's text lines (index 0 = line 1).</summary>
    public string[] Lines { get; }

    public static ValuesOverlay Load(string path)
    {
        var text = File.ReadAllText(path);
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        Assert.Single(stream.Documents);
        var root = Assert.IsType<YamlMappingNode>(stream.Documents[0].RootNode);
        return new ValuesOverlay(root, text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'));
    }

    /// <summary>Every key path the overlay sets, with the key's node, down to (and including) free-form keys.</summary>
    public IEnumerable<(string Path, YamlNode Key, YamlNode Value)> Keys() => Walk(Root, string.Empty);

    public YamlNode? Find(string path)
    {
        YamlNode node = Root;
        foreach (var part in path.Split('.'))
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(part), out var child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    /// <summary>The scalar at <paramref name="path"/>, or null when absent or not a scalar.</summary>
    public string? Scalar(string path) => (Find(path) as YamlScalarNode)?.Value;

    /// <summary>The scalar items of the sequence at <paramref name="path"/> (empty when absent).</summary>
    public IReadOnlyList<string> Sequence(string path) =>
        Find(path) is YamlSequenceNode sequence ? sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty).ToList() : [];

    private static IEnumerable<(string, YamlNode, YamlNode)> Walk(YamlMappingNode mapping, string prefix)
    {
        foreach (var (key, value) in mapping.Children)
        {
            var path = prefix + ((YamlScalarNode)key).Value;
            yield return (path, key, value);
            if (value is YamlMappingNode child && !ChartValuesKeys.FreeForm.Contains(path))
            {
                foreach (var nested in Walk(child, path + "."))
                {
                    yield return nested;
                }
            }
        }
    }
}
