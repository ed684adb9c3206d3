using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rekor.Core.Tests;

/// <summary>A change that makes a valid document break one keyword of its schema.</summary>
internal enum MutationKind
{
    DropRequired,
    WrongType,
    OutsideEnum,
    BreakPattern,
    BreakBase64,
    ForbiddenAdditionalProperty,
    TooFewItems,
    OneOfBoth,
    OneOfNeither,
}

/// <summary>A mutated document and what was done to it.</summary>
internal sealed record Mutant(JsonNode? Document, string Description);

/// <summary>
/// Turns valid documents into invalid ones, one broken keyword at a time (<see cref="TryBreak"/>), and into
/// documents of unknown validity by random edits (<see cref="Scramble"/>).
/// <para>
/// Base64 ("byte") values are only ever broken by inserting '!', never by touching padding or line breaks. That region
/// is deliberately avoided: NJsonSchema 10.7.2 checks "byte" as <c>length % 4 == 0 &amp;&amp; ^[a-zA-Z0-9\+/]*={0,3}$</c>,
/// so it accepts three '=' of padding ("A===") and counts CR/LF towards the length, whereas Rekor's check is Go's
/// StdEncoding (at most two '=', CR/LF ignored). Both are defensible readings of an under-specified format, and the
/// disagreement would say nothing about the generated validators.
/// </para>
/// </summary>
internal sealed class SchemaMutations(SchemaDocumentGenerator generator)
{
    private static readonly Dictionary<string, JsonNode?> SampleOfType = new(StringComparer.Ordinal)
    {
        ["object"] = new JsonObject(),
        ["array"] = new JsonArray(),
        ["string"] = "text",
        ["number"] = 1.5,
        ["boolean"] = true,
        ["null"] = null,
    };

    private Random Random => generator.Random;

    /// <summary>The mutations that some part of <paramref name="schema"/> makes possible (each must be exercised).</summary>
    public static IReadOnlySet<MutationKind> Possible(JsonElement schema)
    {
        var kinds = new HashSet<MutationKind>();
        foreach (var s in SchemaReader.SelfAndDescendants(schema))
        {
            Add(kinds, SchemaReader.Required(s).Count > 0, MutationKind.DropRequired);
            Add(kinds, SchemaReader.Type(s) is not null, MutationKind.WrongType);
            Add(kinds, s.TryGetProperty("enum", out _), MutationKind.OutsideEnum);
            Add(kinds, s.TryGetProperty("pattern", out _), MutationKind.BreakPattern);
            Add(kinds, SchemaReader.StringKeyword(s, "format") == "byte", MutationKind.BreakBase64);
            Add(kinds, !SchemaReader.AllowsAnyAdditionalProperty(s), MutationKind.ForbiddenAdditionalProperty);
            Add(kinds, SchemaReader.MinItems(s) > 0, MutationKind.TooFewItems);
            Add(kinds, SchemaReader.OneOfBranches(s).Count > 0, MutationKind.OneOfBoth);
            Add(kinds, SchemaReader.OneOfBranches(s).Count > 0, MutationKind.OneOfNeither);
        }

        return kinds;

        static void Add(HashSet<MutationKind> kinds, bool condition, MutationKind kind)
        {
            if (condition)
            {
                kinds.Add(kind);
            }
        }
    }

    /// <summary>Breaks one keyword of the schema at a random place of a valid document, or returns null when the document has no such place.</summary>
    public Mutant? TryBreak(JsonNode? valid, JsonElement schema, MutationKind kind)
    {
        var targets = DocumentTarget.Collect(valid, schema).Where(t => Applies(t, kind)).ToList();
        if (targets.Count == 0)
        {
            return null;
        }

        var root = valid?.DeepClone();
        var target = targets[Random.Next(targets.Count)];
        var node = target.Find(root);
        var s = target.Schema;
        switch (kind)
        {
            case MutationKind.DropRequired:
                var name = Pick([.. SchemaReader.Required(s).Where(node!.AsObject().ContainsKey)]);
                node.AsObject().Remove(name);
                return new Mutant(root, $"dropped required '{name}' at {target.Path}");
            case MutationKind.WrongType:
                var types = SchemaReader.Types(s);
                var type = string.Join(" or ", types);
                var wrong = Pick([.. SampleOfType.Keys.Where(t => !types.Contains(t) && !(t == "number" && types.Contains("integer")))]);
                return new Mutant(target.Replace(root, SampleOfType[wrong]?.DeepClone()), $"{type} replaced by a {wrong} at {target.Path}");
            case MutationKind.OutsideEnum:
                var allowed = s.GetProperty("enum").EnumerateArray().Select(e => e.ToString()).ToHashSet(StringComparer.Ordinal);
                var outside = Pick([.. new[] { "md5", "SHA256", allowed.First() + " ", "", "none" }.Where(c => !allowed.Contains(c))]);
                return new Mutant(target.Replace(root, outside), $"'{outside}' (not in enum) at {target.Path}");
            case MutationKind.BreakPattern:
                return new Mutant(target.Replace(root, Insert(node!.GetValue<string>(), Random.Next(2) == 0 ? '!' : '%')), $"pattern broken at {target.Path}");
            case MutationKind.BreakBase64:
                // Never by padding or line breaks: see the class comment.
                return new Mutant(target.Replace(root, Insert(node!.GetValue<string>(), '!')), $"'!' inserted into base64 at {target.Path}");
            case MutationKind.ForbiddenAdditionalProperty:
                var additional = SchemaReader.AdditionalProperties(s)!.Value;
                var extra = additional.ValueKind == JsonValueKind.False ? "text" : SampleOfType[SampleOfType.Keys.First(t => t != SchemaReader.Type(additional))]?.DeepClone();
                node!.AsObject()["unexpected-" + Random.Next(1000)] = extra;
                return new Mutant(root, $"forbidden additional property at {target.Path}");
            case MutationKind.TooFewItems:
                var array = node!.AsArray();
                while (array.Count >= SchemaReader.MinItems(s))
                {
                    array.RemoveAt(Random.Next(array.Count));
                }

                return new Mutant(root, $"{array.Count} item(s), fewer than minItems, at {target.Path}");
            case MutationKind.OneOfBoth:
                var obj = node!.AsObject();
                var unmet = Pick([.. SchemaReader.OneOfBranches(s).Where(b => !b.All(obj.ContainsKey))]);
                foreach (var missing in unmet.Where(n => !obj.ContainsKey(n)))
                {
                    obj[missing] = SchemaReader.Property(s, missing) is { } propertySchema ? generator.Generate(propertySchema) : generator.AnyValue();
                }

                return new Mutant(root, $"two oneOf branches met (added {string.Join(", ", unmet)}) at {target.Path}");
            case MutationKind.OneOfNeither:
                var met = node!.AsObject();
                var removed = SchemaReader.OneOfBranches(s).Where(b => b.All(met.ContainsKey)).Select(b => Pick([.. b])).ToList();
                removed.ForEach(n => met.Remove(n));
                return new Mutant(root, $"no oneOf branch met (removed {string.Join(", ", removed)}) at {target.Path}");
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>One to three random edits anywhere in the document (possibly targeted breaks); the result may or may not be valid.</summary>
    public Mutant Scramble(JsonNode? document, JsonElement schema)
    {
        var steps = new List<string>();
        for (var step = Random.Next(1, 4); step > 0; step--)
        {
            if (Random.Next(4) == 0 && TryBreak(document, schema, (MutationKind)Random.Next(Enum.GetValues<MutationKind>().Length)) is { } broken)
            {
                document = broken.Document;
                steps.Add(broken.Description);
                continue;
            }

            var targets = DocumentTarget.Collect(document, schema, includeUnconstrained: true);
            var target = targets[Random.Next(targets.Count)];
            document = document?.DeepClone();
            var node = target.Find(document);
            switch (Random.Next(5))
            {
                case 0:
                    document = target.Replace(document, generator.AnyValue(1));
                    steps.Add($"random value at {target.Path}");
                    break;
                case 1 when node is JsonObject { Count: > 0 } obj:
                    var name = obj.ElementAt(Random.Next(obj.Count)).Key;
                    obj.Remove(name);
                    steps.Add($"removed '{name}' at {target.Path}");
                    break;
                case 2 when node is JsonObject obj:
                    // Often a name the schema knows somewhere, so that oneOf branches and required lists get hit.
                    var names = SchemaReader.SelfAndDescendants(schema).SelectMany(SchemaReader.Properties).Select(p => p.Key).Distinct().ToArray();
                    var added = Random.Next(2) == 0 ? Pick(names) : "extra";
                    obj[added] = generator.AnyValue(1);
                    steps.Add($"set '{added}' at {target.Path}");
                    break;
                case 3 when node is JsonValue value && value.GetValueKind() == JsonValueKind.String:
                    // Characters that break patterns and base64 alike; no '=', CR or LF (see the class comment).
                    document = target.Replace(document, Insert(value.GetValue<string>(), Pick(['!', '%', 'A', ' ', 'é', '/'])));
                    steps.Add($"character inserted at {target.Path}");
                    break;
                case 4 when node is JsonArray { Count: > 0 } array:
                    if (Random.Next(2) == 0)
                    {
                        array.RemoveAt(Random.Next(array.Count));
                    }
                    else
                    {
                        array.Add(array[Random.Next(array.Count)]?.DeepClone());
                    }

                    steps.Add($"array resized at {target.Path}");
                    break;
                default:
                    steps.Add($"no-op at {target.Path}");
                    break;
            }
        }

        return new Mutant(document, "random: " + string.Join("; ", steps));
    }

    private static bool Applies(DocumentTarget target, MutationKind kind)
    {
        var s = target.Schema;
        return kind switch
        {
            MutationKind.DropRequired => target.Node is JsonObject o && SchemaReader.Required(s).Any(o.ContainsKey),
            MutationKind.WrongType => SchemaReader.Type(s) is not null,
            MutationKind.OutsideEnum => s.TryGetProperty("enum", out _) && target.IsString,
            MutationKind.BreakPattern => s.TryGetProperty("pattern", out _) && target.IsString,
            MutationKind.BreakBase64 => SchemaReader.StringKeyword(s, "format") == "byte" && target.IsString,
            MutationKind.ForbiddenAdditionalProperty => target.Node is JsonObject && !SchemaReader.AllowsAnyAdditionalProperty(s)
                && (SchemaReader.AdditionalProperties(s)!.Value.ValueKind == JsonValueKind.False || SchemaReader.Type(SchemaReader.AdditionalProperties(s)!.Value) is not null),
            MutationKind.TooFewItems => target.Node is JsonArray && SchemaReader.MinItems(s) > 0,
            MutationKind.OneOfBoth => target.Node is JsonObject o && SchemaReader.OneOfBranches(s).Any(b => !b.All(o.ContainsKey)),
            MutationKind.OneOfNeither => target.Node is JsonObject o && SchemaReader.OneOfBranches(s).Any(b => b.All(o.ContainsKey)),
            _ => false,
        };
    }

    /// <summary>Inserts a character at a random place, never between the halves of a surrogate pair.</summary>
    private string Insert(string text, char character)
    {
        var position = Random.Next(text.Length + 1);
        if (position < text.Length && char.IsLowSurrogate(text[position]))
        {
            position--;
        }

        return text.Insert(position, character.ToString());
    }

    private T Pick<T>(T[] choices) => choices[Random.Next(choices.Length)];
}
