using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Rekor.Core.Pki.Tuf;

/// <summary>
/// The bytes a TUF signature is over: the <c>signed</c> object in OLPC canonical JSON, as go-tuf v0.7 writes it with
/// securesystemslib's <c>cjson.EncodeCanonical</c> (not RFC 8785): keys sorted, no whitespace, only <c>\</c> and
/// <c>"</c> escaped in strings, integers only (a fractional number cannot be signed). A key repeated in an object
/// keeps its last value, as Go's decoding into a map does.
/// </summary>
internal static class TufSigningJson
{
    public static bool TryEncode(JsonElement value, [NotNullWhen(true)] out byte[]? encoded, [NotNullWhen(false)] out string? error)
    {
        var builder = new StringBuilder();
        if (!TryWrite(value, builder, out error))
        {
            encoded = null;
            return false;
        }

        encoded = Encoding.UTF8.GetBytes(builder.ToString());
        return true;
    }

    private static bool TryWrite(JsonElement value, StringBuilder output, [NotNullWhen(false)] out string? error)
    {
        error = null;
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var member in value.EnumerateObject())
                {
                    members[member.Name] = member.Value;
                }

                output.Append('{');
                var first = true;
                foreach (var (name, member) in members)
                {
                    if (!first)
                    {
                        output.Append(',');
                    }

                    first = false;
                    WriteString(name, output);
                    output.Append(':');
                    if (!TryWrite(member, output, out error))
                    {
                        return false;
                    }
                }

                output.Append('}');
                return true;
            case JsonValueKind.Array:
                output.Append('[');
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (index++ > 0)
                    {
                        output.Append(',');
                    }

                    if (!TryWrite(item, output, out error))
                    {
                        return false;
                    }
                }

                output.Append(']');
                return true;
            case JsonValueKind.String:
                WriteString(value.GetString()!, output);
                return true;
            case JsonValueKind.Number:
                if (value.TryGetInt64(out var integer))
                {
                    output.Append(integer.ToString(CultureInfo.InvariantCulture));
                    return true;
                }

                var number = value.GetDouble();
                if (Math.Truncate(number) == number && Math.Abs(number) < 1e15)
                {
                    output.Append(((long)number).ToString(CultureInfo.InvariantCulture));
                    return true;
                }

                error = "cjson: can't canonicalize floating point number";
                return false;
            case JsonValueKind.True:
                output.Append("true");
                return true;
            case JsonValueKind.False:
                output.Append("false");
                return true;
            default:
                output.Append("null");
                return true;
        }
    }

    private static void WriteString(string text, StringBuilder output)
    {
        output.Append('"');
        output.Append(text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal));
        output.Append('"');
    }
}
