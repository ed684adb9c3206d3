using System.Globalization;
using System.Text.Json;

namespace Rekor.Core.Schemas;

/// <summary>
/// The run-time half of the generated validators: the checks that are the same for every schema, so generated
/// code stays short. Semantics follow JSON Schema draft-07.
/// </summary>
public static class SchemaChecks
{
    /// <summary>Whether a value has a JSON Schema type. An integer is a number written without fraction or exponent.</summary>
    public static bool IsType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.GetRawText().AsSpan().IndexOfAny('.', 'e', 'E') < 0,
        _ => true, // Swagger's "file" and anything unknown constrain nothing here.
    };

    /// <summary>The path of a member: <c>$.a.b</c>, or <c>$['odd name']</c> when the name is not an identifier.</summary>
    public static string Child(string path, string name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return path + "['" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "']";
            }
        }

        return name.Length == 0 ? path + "['']" : path + "." + name;
    }

    public static string Item(string path, int index) => path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    /// <summary>String length as JSON Schema counts it: in Unicode code points, not UTF-16 units.</summary>
    public static int Length(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsLowSurrogate(text[i]) || i == 0 || !char.IsHighSurrogate(text[i - 1]))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Compares a JSON number with a bound written as an invariant-culture literal.</summary>
    public static int Compare(JsonElement number, string bound)
    {
        var limit = decimal.Parse(bound, NumberStyles.Float, CultureInfo.InvariantCulture);
        return number.TryGetDecimal(out var value) ? value.CompareTo(limit) : number.GetDouble().CompareTo((double)limit);
    }

    /// <summary>Whether a value equals an enum member given by its JSON kind and text.</summary>
    public static bool EqualsLiteral(JsonElement value, string kind, string text) => kind switch
    {
        "String" => value.ValueKind == JsonValueKind.String && value.GetString() == text,
        "Number" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number)
            && number == decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        "Boolean" => (value.ValueKind == JsonValueKind.True && text == "true") || (value.ValueKind == JsonValueKind.False && text == "false"),
        "Null" => value.ValueKind == JsonValueKind.Null,
        _ => false,
    };

    /// <summary>How many of the sub-schemas a value satisfies (for oneOf and anyOf); their violations are discarded.</summary>
    public static int CountMatches(JsonElement value, string path, params SchemaValidator[] validators)
    {
        ArgumentNullException.ThrowIfNull(validators);
        var matches = 0;
        var scratch = new List<SchemaViolation>();
        foreach (var validator in validators)
        {
            scratch.Clear();
            validator(value, path, scratch);
            if (scratch.Count == 0)
            {
                matches++;
            }
        }

        return matches;
    }

    public static string OneOfMessage(int matches) => matches == 0
        ? "must match exactly one schema in oneOf, but matches none"
        : "must match exactly one schema in oneOf, but matches " + matches.ToString(CultureInfo.InvariantCulture);
}
