using System.Text.Json;

namespace Rekor.Core.Json;

/// <summary>
/// How Go's <c>encoding/json</c> reads a JSON object into a struct, for code that must accept and refuse exactly what
/// Rekor's Go structs do: a member matches a field by name ignoring case (Unicode simple folding, so the Kelvin sign
/// and the long s count as <c>k</c> and <c>s</c>), the last matching member wins, unknown members are ignored, and
/// <c>null</c> leaves a field at its zero value. A value of the wrong JSON type makes the whole unmarshal fail, and
/// the messages say so as Go does (<c>json: cannot unmarshal number into Go struct field …</c>).
/// </summary>
/// <remarks>
/// Not modelled: Go's merging when a member appears twice with an object or array value (Go decodes the second
/// into what the first left), and a null after an object for a struct field (Go keeps the object); here the last one
/// replaces the first. Strings follow Go (<see cref="TryReadString"/>).
/// </remarks>
public static class GoJsonFields
{
    /// <summary>The last member of <paramref name="jsonObject"/> whose name folds to <paramref name="fieldName"/>; false if none or if it is null.</summary>
    public static bool TryGetField(JsonElement jsonObject, string fieldName, out JsonElement value) =>
        TryGetMember(jsonObject, fieldName, out value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>The last member of <paramref name="jsonObject"/> whose name folds to <paramref name="fieldName"/>, null included; false if none.</summary>
    public static bool TryGetMember(JsonElement jsonObject, string fieldName, out JsonElement value)
    {
        value = default;
        var found = false;
        foreach (var member in jsonObject.EnumerateObject())
        {
            if (NamesFold(member.Name, fieldName))
            {
                value = member.Value;
                found = true;
            }
        }

        return found;
    }

    /// <summary>
    /// A Go <c>string</c> field: every member whose name folds to <paramref name="fieldName"/> must be a string or null
    /// (else false, with the kind of the first one that is not); the value is the last string, since a null leaves
    /// the field as it was; empty when there is none.
    /// </summary>
    public static bool TryReadString(JsonElement jsonObject, string fieldName, out string value, out JsonValueKind wrongKind)
    {
        value = string.Empty;
        wrongKind = JsonValueKind.Undefined;
        foreach (var member in jsonObject.EnumerateObject())
        {
            if (!NamesFold(member.Name, fieldName))
            {
                continue;
            }

            switch (member.Value.ValueKind)
            {
                case JsonValueKind.String:
                    value = member.Value.GetString()!;
                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    wrongKind = member.Value.ValueKind;
                    return false;
            }
        }

        return true;
    }

    /// <summary>Go's name of a JSON value's type in unmarshal errors.</summary>
    public static string TypeName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "null",
    };

    /// <summary>Go's message for a value of the wrong type in a struct field (<paramref name="path"/> is <c>Struct.field.sub</c>).</summary>
    public static string CannotUnmarshalField(JsonValueKind kind, string path, string goType) =>
        $"json: cannot unmarshal {TypeName(kind)} into Go struct field {path} of type {goType}";

    /// <summary>Go's message for a top-level value of the wrong type.</summary>
    public static string CannotUnmarshalValue(JsonValueKind kind, string goType) =>
        $"json: cannot unmarshal {TypeName(kind)} into Go value of type {goType}";

    /// <summary>Whether a value reads into a Go <c>string</c> (a string, or null).</summary>
    public static bool IsString(JsonElement value) => value.ValueKind is JsonValueKind.String or JsonValueKind.Null;

    /// <summary>Whether a value reads into a Go <c>bool</c> (true, false, or null).</summary>
    public static bool IsBool(JsonElement value) => value.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null;

    /// <summary>Whether a value reads into a Go <c>map[string]string</c>: null, or an object whose values are strings or null.</summary>
    public static bool IsStringMap(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var member in value.EnumerateObject())
        {
            if (!IsString(member.Value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The entries of a <c>map[string]string</c> in document order, a later duplicate key replacing the earlier value
    /// in place; a null value reads as the empty string, as Go stores it.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> StringMapEntries(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var entries = new List<KeyValuePair<string, string>>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var member in value.EnumerateObject())
        {
            var text = member.Value.ValueKind == JsonValueKind.String ? member.Value.GetString()! : string.Empty;
            if (positions.TryGetValue(member.Name, out var at))
            {
                entries[at] = new(member.Name, text);
            }
            else
            {
                positions[member.Name] = entries.Count;
                entries.Add(new(member.Name, text));
            }
        }

        return entries;
    }

    /// <summary>Go's <c>bytes.EqualFold</c> on a member name and an (ASCII) field name.</summary>
    private static bool NamesFold(string memberName, string fieldName)
    {
        if (memberName.Length != fieldName.Length)
        {
            return false;
        }

        for (var i = 0; i < memberName.Length; i++)
        {
            var c = memberName[i] switch
            {
                '\u212A' => 'k',
                '\u017F' => 's',
                > '\u007F' => '\0',
                var ascii => char.ToLowerInvariant(ascii),
            };
            if (c == '\0' || c != char.ToLowerInvariant(fieldName[i]))
            {
                return false;
            }
        }

        return true;
    }
}
