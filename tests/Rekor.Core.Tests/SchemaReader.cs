using System.Text.Json;

namespace Rekor.Core.Tests;

/// <summary>
/// Reads the JSON Schema keywords the document generator and the mutations understand. Any other keyword is refused
/// loudly (<see cref="CheckKeywords"/>), so a schema that grows a new constraint cannot make the agreement test
/// pass by silently generating documents that never exercise it.
/// </summary>
internal static class SchemaReader
{
    private static readonly HashSet<string> Annotations = ["$schema", "$id", "title", "description", "readOnly", "writeOnly", "default", "examples"];

    private static readonly HashSet<string> Understood =
        ["type", "properties", "required", "additionalProperties", "items", "minItems", "enum", "pattern", "format", "oneOf"];

    public static void CheckKeywords(JsonElement schema)
    {
        foreach (var keyword in schema.EnumerateObject())
        {
            if (!Annotations.Contains(keyword.Name) && !Understood.Contains(keyword.Name))
            {
                throw new NotSupportedException($"the test document generator does not understand the keyword '{keyword.Name}'; teach it before relying on the agreement test");
            }
        }
    }

    /// <summary>The <c>type</c> of a schema (the first, for a list of types), or null when it has none.</summary>
    public static string? Type(JsonElement schema) => Types(schema) is [var first, ..] ? first : null;

    /// <summary>Every type a schema's <c>type</c> allows (one, or a list such as tuf's content: object or string); empty when it has none.</summary>
    public static IReadOnlyList<string> Types(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return [];
        }

        return type.ValueKind == JsonValueKind.String ? [type.GetString()!] : [.. type.EnumerateArray().Select(t => t.GetString()!)];
    }

    public static IReadOnlyList<KeyValuePair<string, JsonElement>> Properties(JsonElement schema) =>
        schema.TryGetProperty("properties", out var properties)
            ? [.. properties.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value))]
            : [];

    public static JsonElement? Property(JsonElement schema, string name) =>
        schema.TryGetProperty("properties", out var properties) && properties.TryGetProperty(name, out var property) ? property : null;

    public static IReadOnlyList<string> Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) ? [.. required.EnumerateArray().Select(r => r.GetString()!)] : [];

    /// <summary>
    /// The branches of a <c>oneOf</c>, each as the property names it requires. Rekor only uses branches that require
    /// properties (e.g. rekord <c>data</c>: <c>{required:[hash]}</c> or <c>{required:[content]}</c>); other branches are refused.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> OneOfBranches(JsonElement schema)
    {
        if (!schema.TryGetProperty("oneOf", out var oneOf))
        {
            return [];
        }

        var branches = new List<IReadOnlyList<string>>();
        foreach (var branch in oneOf.EnumerateArray())
        {
            if (branch.EnumerateObject().Any(k => k.Name != "required" && !Annotations.Contains(k.Name)))
            {
                throw new NotSupportedException("only oneOf branches made of 'required' are supported by the test document generator");
            }

            branches.Add(Required(branch));
        }

        return branches;
    }

    /// <summary><c>additionalProperties</c>: null when absent, otherwise the raw value (a boolean or a schema).</summary>
    public static JsonElement? AdditionalProperties(JsonElement schema) =>
        schema.TryGetProperty("additionalProperties", out var additional) ? additional : null;

    /// <summary>Whether properties beyond <c>properties</c> may appear with any value.</summary>
    public static bool AllowsAnyAdditionalProperty(JsonElement schema) =>
        AdditionalProperties(schema) is not { } additional || additional.ValueKind == JsonValueKind.True;

    public static int MinItems(JsonElement schema) =>
        schema.TryGetProperty("minItems", out var minItems) ? minItems.GetInt32() : 0;

    public static string? StringKeyword(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) ? value.GetString() : null;

    /// <summary>Every sub-schema of a schema, itself included (properties, items, additionalProperties).</summary>
    public static IEnumerable<JsonElement> SelfAndDescendants(JsonElement schema)
    {
        yield return schema;
        var children = Properties(schema).Select(p => p.Value).ToList();
        if (schema.TryGetProperty("items", out var items))
        {
            children.Add(items);
        }

        if (AdditionalProperties(schema) is { ValueKind: JsonValueKind.Object } additional)
        {
            children.Add(additional);
        }

        foreach (var descendant in children.SelectMany(SelfAndDescendants))
        {
            yield return descendant;
        }
    }
}
