using System.Runtime.InteropServices;
using System.Text.Json;

namespace Rekor.Core.Json;

/// <summary>
/// A received value as an error message may quote it: short strings as they are, anything longer described by its
/// size, so a message never copies a large part of a request (a 32 MiB "kind" would otherwise be copied several
/// times over while the message is built). The type map and the server's messages share this one rule.
/// </summary>
public static class JsonExcerpt
{
    /// <summary>Longest string quoted, in bytes of its JSON text.</summary>
    public const int MaxQuotedBytes = 256;

    /// <summary>The string's text when its JSON form is at most <see cref="MaxQuotedBytes"/> bytes; a description otherwise.</summary>
    public static string? StringOrDescription(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var raw = JsonMarshal.GetRawUtf8Value(value);
        return raw.Length <= MaxQuotedBytes
            ? value.GetString()
            : $"(a string of {raw.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)} bytes)";
    }
}
