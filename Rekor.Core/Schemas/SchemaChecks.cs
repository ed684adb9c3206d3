using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace Rekor.Core.Schemas;

/// <summary>
/// The run-time half of the generated validators: the checks that are the same for every schema, so generated
/// code stays short. Semantics follow JSON Schema draft-07. Every check here answers for any JSON value, however
/// hostile (text that is not valid Unicode, numbers beyond any range, patterns that backtrack): it reports, it
/// never throws.
/// </summary>
public static class SchemaChecks
{
    /// <summary>
    /// How long a generated pattern may take to match one string. The patterns in Rekor's schemas are anchored and
    /// run in time linear in the string, and the strings they check are short (digests, versions, tree IDs,
    /// signatures): they match in microseconds. Even the base64 pattern run over a whole 32 MiB request body matches
    /// in about 0.25 s on a 2-core machine, so one second is well clear of any honest input, while it bounds what a
    /// pattern that backtracks catastrophically (possible in a schema from elsewhere) can cost per string.
    /// </summary>
    public static readonly TimeSpan PatternMatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The text of a JSON string, or false when <paramref name="value"/> is not a string or its text is not valid
    /// Unicode (invalid UTF-8 bytes, or a <c>\u</c> escape that leaves a lone surrogate), which
    /// <see cref="JsonElement.GetString"/> would throw on. Invalid UTF-8 is found without an exception; a lone
    /// surrogate costs one caught exception, and only hostile input holds one (a server refuses such bodies up
    /// front with <see cref="Json.JsonTextCheck"/>).
    /// </summary>
    /// <summary>
    /// The <c>format: byte</c> check of a string value, on its raw UTF-8 when it has no escapes (base64 needs none), so
    /// that a large inline artifact is not copied into a string twice its size; escaped text takes the string path.
    /// </summary>
    public static ByteFormatProblem ByteFormatProblem(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (value.ValueKind != JsonValueKind.String || !Utf8.IsValid(raw))
        {
            return Schemas.ByteFormatProblem.NotText;
        }

        // The raw value of a string keeps its quotes.
        var inner = raw[1..^1];
        if (!inner.Contains((byte)'\\'))
        {
            return SchemaFormats.IsStandardBase64(inner) ? Schemas.ByteFormatProblem.None : Schemas.ByteFormatProblem.NotBase64;
        }

        if (!TryGetText(value, out var text))
        {
            return Schemas.ByteFormatProblem.NotText;
        }

        return SchemaFormats.IsStandardBase64(text) ? Schemas.ByteFormatProblem.None : Schemas.ByteFormatProblem.NotBase64;
    }

    public static bool TryGetText(JsonElement value, [NotNullWhen(true)] out string? text)
    {
        text = null;
        if (value.ValueKind != JsonValueKind.String || !Utf8.IsValid(JsonMarshal.GetRawUtf8Value(value)))
        {
            return false;
        }

        try
        {
            text = value.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false; // A \u escape that unescapes to a lone surrogate.
        }
    }

    /// <summary>The name of a property, or false when it is not valid Unicode (see <see cref="TryGetText"/>);
    /// <see cref="JsonProperty.Name"/> would throw then.</summary>
    public static bool TryGetName(JsonProperty property, [NotNullWhen(true)] out string? name)
    {
        name = null;
        if (!Utf8.IsValid(JsonMarshal.GetRawUtf8PropertyName(property)))
        {
            return false;
        }

        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false; // A \u escape that unescapes to a lone surrogate.
        }
    }

    /// <summary>
    /// <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> (the last member of that name wins), but false
    /// instead of an exception when <paramref name="value"/> is not an object, and an answer even when the object has
    /// property names that are not valid Unicode (which <c>TryGetProperty</c> throws on when it passes them).
    /// </summary>
    public static bool TryGetProperty(JsonElement value, string name, out JsonElement property)
    {
        property = default;
        if (value.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        try
        {
            return value.TryGetProperty(name, out property);
        }
        catch (InvalidOperationException)
        {
            // Some escaped name on the way does not decode: look at every name that does.
            var found = false;
            foreach (var candidate in value.EnumerateObject())
            {
                if (TryGetName(candidate, out var candidateName) && candidateName == name)
                {
                    property = candidate.Value;
                    found = true;
                }
            }

            return found;
        }
    }

    /// <summary>
    /// Whether there is stack enough to validate one level deeper; if not, a violation at <paramref name="path"/>.
    /// Validation descends with the document only through schemas that refer to themselves, but then a deep enough
    /// document would otherwise end the process.
    /// </summary>
    public static bool CanDescend(string path, List<SchemaViolation> violations)
    {
        ArgumentNullException.ThrowIfNull(violations);
        if (RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            return true;
        }

        violations.Add(new SchemaViolation(path, "depth", "nests too deeply to be validated"));
        return false;
    }

    /// <summary>
    /// Matches <paramref name="text"/> against a generated pattern (built with <see cref="PatternMatchTimeout"/>):
    /// null when it matches, otherwise the violation's message, which says so when matching timed out.
    /// </summary>
    public static string? PatternProblem(Regex pattern, string patternText, string text)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        try
        {
            return pattern.IsMatch(text) ? null : "must match the pattern " + patternText;
        }
        catch (RegexMatchTimeoutException)
        {
            return "must match the pattern " + patternText + ", but matching gave up after "
                + pattern.MatchTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s";
        }
    }
    /// <summary>Whether a value has a JSON Schema type. An integer is a number written without fraction or exponent.</summary>
    public static bool IsType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && JsonMarshal.GetRawUtf8Value(value).IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0,
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

    /// <summary>
    /// Compares a JSON number with a bound written as an invariant-culture literal: exactly while both fit a decimal,
    /// otherwise as doubles. Every JSON number has a double (beyond ±1.8e308 it is ±infinity, which still orders
    /// correctly against any finite bound), so this never throws for a number; anything else is the caller's mistake.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="number"/> is not a JSON number.</exception>
    public static int Compare(JsonElement number, string bound)
    {
        if (number.ValueKind != JsonValueKind.Number)
        {
            throw new ArgumentException($"expected a JSON number, not {number.ValueKind}", nameof(number));
        }

        if (decimal.TryParse(bound, NumberStyles.Float, CultureInfo.InvariantCulture, out var limit) && number.TryGetDecimal(out var value))
        {
            return value.CompareTo(limit);
        }

        var approximateLimit = double.Parse(bound, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (number.TryGetDouble(out var approximate))
        {
            return approximate.CompareTo(approximateLimit);
        }

        // Not reached with .NET's parser, which rounds every JSON number to a double; should one ever be refused, it
        // lies beyond every bound on the side of its sign.
        return JsonMarshal.GetRawUtf8Value(number)[0] == (byte)'-' ? -1 : 1;
    }

    /// <summary>Whether a value equals an enum member given by its JSON kind and text; false for text that is not valid Unicode.</summary>
    public static bool EqualsLiteral(JsonElement value, string kind, string text) => kind switch
    {
        "String" => TryGetText(value, out var actual) && actual == text,
        "Number" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number)
            && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var literal) && number == literal,
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
