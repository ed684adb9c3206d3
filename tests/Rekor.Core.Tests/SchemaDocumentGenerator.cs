using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rekor.Core.Tests;

/// <summary>
/// Walks a JSON schema and produces random documents that satisfy it: every required property plus a random subset
/// of the optional ones, exactly one branch of each <c>oneOf</c>, strings that match enums, patterns and formats,
/// arrays of at least <c>minItems</c> items and, where the schema allows it, unknown extra properties.
/// Deterministic for a given <see cref="Random"/> seed.
/// </summary>
internal sealed class SchemaDocumentGenerator(Random random)
{
    /// <summary>The patterns Rekor's version schemas use, each with a generator of matching strings.</summary>
    private static readonly Dictionary<string, Func<Random, string>> KnownPatterns = new(StringComparer.Ordinal)
    {
        // dsse 0.0.1 $.signatures[*].signature: padded standard base64 that is not empty.
        ["^(?:[A-Za-z0-9+\\/]{4})*(?:[A-Za-z0-9+\\/]{2}==|[A-Za-z0-9+\\/]{3}=|[A-Za-z0-9+\\/]{4})$"] = r => Base64(r, minBytes: 1),
    };

    // Printable text for unconstrained strings: quotes, backslashes, non-ASCII and a surrogate pair, but no CR/LF
    // (see SchemaMutations for why line breaks are kept away from base64 values).
    private static readonly string[] TextPieces =
        ["a", "Z", "0", "9", " ", "-", "_", ".", "/", "+", "=", "\"", "\\", "'", "é", "ß", "日", "\u2028", "😀", "{", "}", "<"];

    public Random Random => random;

    public JsonNode? Generate(JsonElement schema) => Generate(schema, depth: 0);

    /// <summary>A small random JSON value of any type, for places the schema leaves unconstrained.</summary>
    public JsonNode? AnyValue(int depth = 0) => random.Next(depth >= 2 ? 5 : 7) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(random.Next(-1000, 1000)),
        3 => JsonValue.Create(Math.Round(random.NextDouble() * 100, 3)),
        4 => JsonValue.Create(Text()),
        5 => new JsonArray([.. Enumerable.Range(0, random.Next(3)).Select(_ => AnyValue(depth + 1))]),
        _ => AnyObject(depth + 1),
    };

    /// <summary>Random printable text, 0 to 12 pieces long.</summary>
    public string Text()
    {
        var text = new StringBuilder();
        for (var i = random.Next(13); i > 0; i--)
        {
            text.Append(TextPieces[random.Next(TextPieces.Length)]);
        }

        return text.ToString();
    }

    /// <summary>Padded standard base64 (Go's StdEncoding, no line breaks) of 0 to 48 random bytes.</summary>
    public static string Base64(Random random, int minBytes = 0)
    {
        var bytes = new byte[random.Next(minBytes, 49)];
        random.NextBytes(bytes);
        return Convert.ToBase64String(bytes);
    }

    private JsonNode? Generate(JsonElement schema, int depth)
    {
        SchemaReader.CheckKeywords(schema);
        if (schema.TryGetProperty("enum", out var members))
        {
            var all = members.EnumerateArray().ToList();
            return JsonNode.Parse(all[random.Next(all.Count)].GetRawText());
        }

        var type = SchemaReader.Type(schema)
            ?? (schema.TryGetProperty("properties", out _) || schema.TryGetProperty("oneOf", out _) ? "object" : null);
        return type switch
        {
            "object" => GenerateObject(schema, depth),
            "array" => GenerateArray(schema, depth),
            "string" => JsonValue.Create(GenerateString(schema)),
            "boolean" => JsonValue.Create(random.Next(2) == 0),
            "integer" => JsonValue.Create(random.Next(-1000, 1000)),
            "number" => JsonValue.Create(Math.Round(random.NextDouble() * 1000, 3)),
            "null" => null,
            null => AnyValue(depth),
            _ => throw new NotSupportedException($"type '{type}' is not supported by the test document generator"),
        };
    }

    private JsonObject GenerateObject(JsonElement schema, int depth)
    {
        var include = new HashSet<string>(SchemaReader.Required(schema), StringComparer.Ordinal);
        var exclude = new HashSet<string>(StringComparer.Ordinal);
        var branches = SchemaReader.OneOfBranches(schema);
        if (branches.Count > 0)
        {
            // Satisfy one branch and make sure every other branch misses at least one of its required properties.
            var chosen = random.Next(branches.Count);
            include.UnionWith(branches[chosen]);
            for (var other = 0; other < branches.Count; other++)
            {
                var missable = branches[other].Where(name => !include.Contains(name)).ToList();
                if (other != chosen)
                {
                    exclude.Add(missable.Count > 0
                        ? missable[random.Next(missable.Count)]
                        : throw new NotSupportedException($"oneOf branch {other} is implied by branch {chosen}: no document can match exactly one"));
                }
            }
        }

        var members = new List<KeyValuePair<string, JsonNode?>>();
        foreach (var (name, propertySchema) in SchemaReader.Properties(schema))
        {
            if (include.Contains(name) || (!exclude.Contains(name) && random.Next(2) == 0))
            {
                members.Add(KeyValuePair.Create(name, Generate(propertySchema, depth + 1)));
            }
        }

        // Required by the schema or a branch without a definition under "properties": any value will do.
        foreach (var name in include.Where(n => SchemaReader.Property(schema, n) is null))
        {
            members.Add(KeyValuePair.Create(name, AnyValue(depth + 1)));
        }

        var reserved = new HashSet<string>(SchemaReader.Properties(schema).Select(p => p.Key).Concat(branches.SelectMany(b => b)), StringComparer.Ordinal);
        if (SchemaReader.AdditionalProperties(schema) is { ValueKind: JsonValueKind.Object } additional)
        {
            for (var i = random.Next(3); i > 0; i--)
            {
                members.Add(KeyValuePair.Create(UnusedName(reserved), Generate(additional, depth + 1)));
            }
        }
        else if (SchemaReader.AllowsAnyAdditionalProperty(schema) && random.Next(4) == 0)
        {
            members.Add(KeyValuePair.Create(UnusedName(reserved), AnyValue(depth + 1)));
        }

        // Both validators must be indifferent to member order.
        return new JsonObject(members.OrderBy(_ => random.Next()));
    }

    private JsonArray GenerateArray(JsonElement schema, int depth)
    {
        var items = schema.TryGetProperty("items", out var itemSchema) ? itemSchema : (JsonElement?)null;
        var count = SchemaReader.MinItems(schema) + random.Next(4);
        return new JsonArray([.. Enumerable.Range(0, count).Select(_ => items is { } s ? Generate(s, depth + 1) : AnyValue(depth + 1))]);
    }

    private string GenerateString(JsonElement schema)
    {
        if (SchemaReader.StringKeyword(schema, "pattern") is { } pattern)
        {
            return KnownPatterns.TryGetValue(pattern, out var matching)
                ? matching(random)
                : throw new NotSupportedException($"pattern '{pattern}' is unknown to the test document generator; add a generator of matching strings");
        }

        return SchemaReader.StringKeyword(schema, "format") switch
        {
            null => Text(),
            "byte" => Base64(random),
            var format => throw new NotSupportedException($"format '{format}' is not supported by the test document generator"),
        };
    }

    private JsonObject AnyObject(int depth)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var members = new List<KeyValuePair<string, JsonNode?>>();
        for (var i = random.Next(4); i > 0; i--)
        {
            members.Add(KeyValuePair.Create(UnusedName(names), AnyValue(depth)));
        }

        return new JsonObject(members);
    }

    /// <summary>A property name that is not in <paramref name="taken"/> (and is then added to it).</summary>
    private string UnusedName(HashSet<string> taken)
    {
        string name;
        do
        {
            name = random.Next(3) switch
            {
                0 => "extra" + random.Next(100),
                1 => "x-" + Text(),
                _ => Text(),
            };
        }
        while (!taken.Add(name));

        return name;
    }
}
