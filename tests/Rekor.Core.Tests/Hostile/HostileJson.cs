using System.Text;
using System.Text.Json.Nodes;

namespace Rekor.Core.Tests.Hostile;

/// <summary>
/// JSON that System.Text.Json parses but cannot read back (strings and names whose text is not valid Unicode), numbers
/// beyond every .NET numeric type, and the ways to put them into every position of an otherwise valid document.
/// </summary>
internal static class HostileJson
{
    /// <summary>String tokens (quotes included) that parse, but whose text <c>GetString</c> throws on.</summary>
    public static IReadOnlyList<Token> Strings { get; } =
    [
        new("a lone high surrogate escape", Ascii("\"\\ud800\"")),
        new("a lone low surrogate escape", Ascii("\"\\uDFFF\"")),
        new("a high surrogate escape before a letter", Ascii("\"ab\\ud800\\u0041\"")),
        new("surrogate escapes in the wrong order", Ascii("\"\\udc00\\ud800\"")),
        new("an invalid UTF-8 byte", [(byte)'"', 0xff, (byte)'"']),
        new("a truncated UTF-8 sequence", [(byte)'"', (byte)'x', 0xe2, 0x82, (byte)'"']),
        new("a surrogate encoded in UTF-8", [(byte)'"', 0xed, 0xa0, 0x80, (byte)'"']),
        new("invalid UTF-8 beside an escape", [(byte)'"', (byte)'\\', (byte)'n', 0xc3, 0x28, (byte)'"']),
    ];

    /// <summary>Number tokens beyond long, decimal or double (in range or in precision).</summary>
    public static IReadOnlyList<Token> Numbers { get; } =
    [
        new("1e400", Ascii("1e400")),
        new("-1e400", Ascii("-1e400")),
        new("30 digits", Ascii("123456789012345678901234567890")),
        new("1.0e-400", Ascii("1.0e-400")),
        new("-1.0e-400", Ascii("-1.0e-400")),
    ];

    public static IEnumerable<Token> Values => Strings.Concat(Numbers);

    private const string Marker = "hostile-7d1c0b";

    private static readonly byte[] MarkerToken = Ascii("\"" + Marker + "\"");

    /// <summary>The document with the value at each scalar position (strings, numbers, booleans, null) replaced by <paramref name="token"/>.</summary>
    public static IEnumerable<Placement> InEveryValue(string json, Token token) =>
        Positions(JsonNode.Parse(json)!, "$", [])
            .Where(p => p.Node is JsonValue)
            .Select(p => Place(json, p.Path, p.Route, Below(p.Route, 2), token, (root, route) => Replace(root, route, JsonValue.Create(Marker))));

    /// <summary>The document with each property name replaced by <paramref name="name"/> (a string token), one at a time.</summary>
    public static IEnumerable<Placement> InEveryName(string json, Token name) =>
        Positions(JsonNode.Parse(json)!, "$", [])
            .Where(p => p.Route.Count > 0 && p.Route[^1] is string)
            .Select(p => Place(json, p.Path + " (its name)", p.Route, Below(p.Route, 2), name, (root, route) =>
            {
                var parent = Navigate(root, route.Take(route.Count - 1)).AsObject();
                var key = (string)route[^1];
                var value = parent[key];
                parent.Remove(key);
                parent[Marker] = value;
            }));

    /// <summary>The document with one extra member named <paramref name="name"/> in each object, one at a time.</summary>
    public static IEnumerable<Placement> AsAnExtraMemberOfEveryObject(string json, Token name) =>
        Positions(JsonNode.Parse(json)!, "$", [])
            .Where(p => p.Node is JsonObject)
            .Select(p => Place(json, p.Path + " (an extra member)", p.Route, Below(p.Route, 1), name, (root, route) => Navigate(root, route).AsObject()[Marker] = 1));

    /// <summary>Whether a change at <paramref name="route"/> lands inside the spec (at least <paramref name="steps"/> steps down from the root, through <c>spec</c>).</summary>
    private static bool Below(List<object> route, int steps) => route.Count >= steps && route[0] is "spec";

    private static Placement Place(string json, string path, List<object> route, bool inSpec, Token token, Action<JsonNode, List<object>> mark)
    {
        var root = JsonNode.Parse(json)!;
        mark(root, route);
        var marked = Encoding.UTF8.GetBytes(root.ToJsonString());
        var at = marked.AsSpan().IndexOf(MarkerToken);
        return new Placement(path, token.Name, inSpec, [.. marked.AsSpan(0, at), .. token.Json, .. marked.AsSpan(at + MarkerToken.Length)]);
    }

    private static IEnumerable<(string Path, List<object> Route, JsonNode? Node)> Positions(JsonNode? node, string path, List<object> route)
    {
        yield return (path, route, node);
        var children = node switch
        {
            JsonObject o => o.Select(member => ((object)member.Key, member.Value, path + "." + member.Key)).ToList(),
            JsonArray a => a.Select((item, i) => ((object)i, item, path + "[" + i + "]")).ToList(),
            _ => [],
        };
        foreach (var (step, child, childPath) in children)
        {
            foreach (var position in Positions(child, childPath, [.. route, step]))
            {
                yield return position;
            }
        }
    }

    private static JsonNode Navigate(JsonNode root, IEnumerable<object> route) =>
        route.Aggregate(root, (node, step) => step is string key ? node[key]! : node[(int)step]!);

    private static void Replace(JsonNode root, List<object> route, JsonNode replacement)
    {
        var parent = Navigate(root, route.Take(route.Count - 1));
        if (route[^1] is string key)
        {
            parent[key] = replacement;
        }
        else
        {
            parent[(int)route[^1]] = replacement;
        }
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    /// <summary>A hostile JSON token and what it is.</summary>
    public sealed record Token(string Name, byte[] Json)
    {
        public override string ToString() => Name;
    }

    /// <summary>A whole document, as UTF-8 bytes, holding one hostile token at <see cref="Path"/>; <see cref="InSpec"/>
    /// when the token sits inside the member <c>spec</c> (which is still there, under its own name).</summary>
    public sealed record Placement(string Path, string What, bool InSpec, byte[] Document)
    {
        public override string ToString() => $"{What} at {Path}";
    }
}
