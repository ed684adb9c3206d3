using System.Text.Json;

namespace Rekor.Server.Api;

/// <summary>
/// The JSON types of a search query (<c>POST /api/v1/log/entries/retrieve</c>) as Rekor's generated model declares
/// them: <c>entryUUIDs</c> an array of strings, <c>logIndexes</c> an array of 64-bit integers, <c>entries</c> an array
/// of objects; each may be absent or null. Once a query passes, its items can be read without further type checks.
/// </summary>
public static class SearchQueryShape
{
    /// <summary>The first member or item whose JSON type the model cannot hold, described for an error message; null when none.</summary>
    public static string? FindTypeError(JsonElement query)
    {
        return Check(query, "entryUUIDs", "a string", item => item.ValueKind == JsonValueKind.String)
            ?? Check(query, "logIndexes", "an integer within 64 bits", item => item.ValueKind == JsonValueKind.Number && item.TryGetInt64(out _))
            ?? Check(query, "entries", "an object", item => item.ValueKind == JsonValueKind.Object);
    }

    private static string? Check(JsonElement query, string name, string itemType, Func<JsonElement, bool> itemFits)
    {
        if (!query.TryGetProperty(name, out var member) || member.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (member.ValueKind != JsonValueKind.Array)
        {
            return $"{name} must be an array, not {Describe(member.ValueKind)}";
        }

        var index = 0;
        foreach (var item in member.EnumerateArray())
        {
            if (!itemFits(item))
            {
                return $"{name}[{index}] must be {itemType}, not {Describe(item.ValueKind)}";
            }

            index++;
        }

        return null;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
