using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rekor.Core.Tests;

/// <summary>
/// One value of a document together with the schema that governs it, addressed by its path from the root so that
/// the same place can be found again in a deep copy of the document.
/// </summary>
internal sealed record DocumentTarget(IReadOnlyList<object> Segments, JsonNode? Node, JsonElement Schema)
{
    private static readonly JsonElement Unconstrained = JsonDocument.Parse("{}").RootElement.Clone();

    public string Path => "$" + string.Concat(Segments.Select(s => s is int i ? $"[{i.ToString(CultureInfo.InvariantCulture)}]" : $".{s}"));

    public bool IsString => Node is JsonValue value && value.GetValueKind() == JsonValueKind.String;

    /// <summary>
    /// Every value of <paramref name="document"/> that a schema governs (through <c>properties</c>, <c>items</c> or an
    /// <c>additionalProperties</c> schema); with <paramref name="includeUnconstrained"/>, every value at all.
    /// </summary>
    public static IReadOnlyList<DocumentTarget> Collect(JsonNode? document, JsonElement schema, bool includeUnconstrained = false)
    {
        var targets = new List<DocumentTarget>();
        Walk(document, schema, [], targets, includeUnconstrained);
        return targets;
    }

    /// <summary>The value at this target's path in <paramref name="root"/> (a copy of the document it was collected from).</summary>
    public JsonNode? Find(JsonNode? root)
    {
        var node = root;
        foreach (var segment in Segments)
        {
            node = segment is int index ? node!.AsArray()[index] : node!.AsObject()[(string)segment];
        }

        return node;
    }

    /// <summary>Puts <paramref name="value"/> at this target's path in <paramref name="root"/> and returns the (possibly new) root.</summary>
    public JsonNode? Replace(JsonNode? root, JsonNode? value)
    {
        if (Segments.Count == 0)
        {
            return value;
        }

        var parent = new DocumentTarget(Segments.Take(Segments.Count - 1).ToList(), null, Schema).Find(root);
        if (Segments[^1] is int index)
        {
            parent!.AsArray()[index] = value;
        }
        else
        {
            parent!.AsObject()[(string)Segments[^1]] = value;
        }

        return root;
    }

    private static void Walk(JsonNode? node, JsonElement? schema, List<object> segments, List<DocumentTarget> targets, bool includeUnconstrained)
    {
        if (schema is not null || includeUnconstrained)
        {
            targets.Add(new DocumentTarget([.. segments], node, schema ?? Unconstrained));
        }

        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    JsonElement? child = null;
                    if (schema is { } s)
                    {
                        child = SchemaReader.Property(s, name)
                            ?? (SchemaReader.AdditionalProperties(s) is { ValueKind: JsonValueKind.Object } additional ? additional : null);
                    }

                    Walk(value, child, [.. segments, name], targets, includeUnconstrained);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    JsonElement? items = schema is { } s && s.TryGetProperty("items", out var itemSchema) ? itemSchema : null;
                    Walk(array[i], items, [.. segments, i], targets, includeUnconstrained);
                }

                break;
        }
    }
}
