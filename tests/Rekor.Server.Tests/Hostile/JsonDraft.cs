using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Rekor.Server.Tests.Hostile;

/// <summary>
/// A JSON document under mutation: a tree, plus raw texts that placeholder strings in the tree stand for. Writing
/// swaps each quoted placeholder for its raw bytes, so a draft can hold what a JSON tree cannot: invalid UTF-8, lone
/// surrogate escapes, duplicate members, <c>1e400</c>, ten thousand levels of nesting, or no JSON at all.
/// Invariant: a raw text only contains placeholders registered before it, so writing them newest first resolves all.
/// </summary>
internal sealed class JsonDraft
{
    private const string PlaceholderPrefix = "@@hostile-raw-";

    private readonly List<byte[]> _raw;

    private JsonDraft(JsonNode? root, List<byte[]> raw)
    {
        Root = root;
        _raw = raw;
    }

    public JsonNode? Root { get; private set; }

    public static JsonDraft Parse(string json) => new(JsonNode.Parse(json), []);

    public JsonDraft Clone() => new(Root?.DeepClone(), [.. _raw]);

    /// <summary>A string that <see cref="Write"/> replaces, quotes included, by <paramref name="raw"/>.</summary>
    public string Placeholder(byte[] raw)
    {
        _raw.Add(raw);
        return PlaceholderPrefix + (_raw.Count - 1).ToString(CultureInfo.InvariantCulture) + "@@";
    }

    /// <summary>Puts <paramref name="raw"/> where the value at <paramref name="location"/> is.</summary>
    public void Replace(JsonLocation location, byte[] raw) => Set(location, JsonValue.Create(Placeholder(raw)));

    public void Set(JsonLocation location, JsonNode? node)
    {
        if (location.IsRoot)
        {
            Root = node;
            return;
        }

        switch (At(location.Parent))
        {
            case JsonObject parent:
                parent[(string)location.Last] = node;
                break;
            case JsonArray parent:
                parent[(int)location.Last] = node;
                break;
            default:
                throw new InvalidOperationException($"{location} has no container parent");
        }
    }

    public JsonNode? At(JsonLocation location)
    {
        var node = Root;
        foreach (var segment in location.Segments)
        {
            node = segment is string name ? node!.AsObject()[name] : node!.AsArray()[(int)segment];
        }

        return node;
    }

    /// <summary>The text of the value at <paramref name="location"/> as it would be written now, placeholders unresolved.</summary>
    public string TextAt(JsonLocation location) => At(location)?.ToJsonString() ?? "null";

    /// <summary>Every value in the tree, the root first.</summary>
    public IReadOnlyList<JsonLocation> Locations()
    {
        var found = new List<JsonLocation>();
        void Walk(JsonNode? node, JsonLocation here)
        {
            found.Add(here);
            switch (node)
            {
                case JsonObject members:
                    foreach (var (name, value) in members)
                    {
                        Walk(value, here.Then(name));
                    }

                    break;
                case JsonArray items:
                    for (var i = 0; i < items.Count; i++)
                    {
                        Walk(items[i], here.Then(i));
                    }

                    break;
                default:
                    break;
            }
        }

        Walk(Root, JsonLocation.Root);
        return found;
    }

    /// <summary>The length <see cref="Write"/> would give, without building the bytes (a repeated huge value can reach gigabytes).</summary>
    public long WrittenLength()
    {
        var resolved = new long[_raw.Count];
        for (var i = 0; i < _raw.Count; i++)
        {
            resolved[i] = ResolvedLength(_raw[i], resolved, i);
        }

        return ResolvedLength(Encoding.UTF8.GetBytes(Root?.ToJsonString() ?? "null"), resolved, _raw.Count);
    }

    public byte[] Write()
    {
        var bytes = Encoding.UTF8.GetBytes(Root?.ToJsonString() ?? "null");
        for (var i = _raw.Count - 1; i >= 0; i--)
        {
            bytes = ReplaceAll(bytes, QuotedPlaceholder(i), _raw[i]);
        }

        return bytes;
    }

    private static byte[] QuotedPlaceholder(int index) =>
        Encoding.UTF8.GetBytes("\"" + PlaceholderPrefix + index.ToString(CultureInfo.InvariantCulture) + "@@\"");

    /// <summary>The length of <paramref name="text"/> once the placeholders below <paramref name="below"/> (resolved lengths known) are replaced.</summary>
    private static long ResolvedLength(byte[] text, long[] resolved, int below)
    {
        long length = text.Length;
        for (var i = 0; i < below; i++)
        {
            var placeholder = QuotedPlaceholder(i);
            var occurrences = 0;
            for (var rest = text.AsSpan(); rest.IndexOf(placeholder) is var at and >= 0; rest = rest[(at + placeholder.Length)..])
            {
                occurrences++;
            }

            length += occurrences * (resolved[i] - placeholder.Length);
        }

        return length;
    }

    private static byte[] ReplaceAll(byte[] text, byte[] placeholder, byte[] raw)
    {
        var at = text.AsSpan().IndexOf(placeholder);
        if (at < 0)
        {
            return text;
        }

        var written = new List<byte>(text.Length + raw.Length);
        var rest = text.AsSpan();
        while (at >= 0)
        {
            written.AddRange(rest[..at]);
            written.AddRange(raw);
            rest = rest[(at + placeholder.Length)..];
            at = rest.IndexOf(placeholder);
        }

        written.AddRange(rest);
        return [.. written];
    }
}
