using System.Globalization;
using System.Text.Json;

namespace Rekor.Server.Signing.Gcp;

/// <summary>
/// Reading Cloud KMS answers under the proto3 JSON mapping: a field may be spelled lowerCamelCase or as its proto
/// snake_case name; int64 and Int64Value come as a decimal string or a number; bytes as base64 (standard or URL-safe,
/// padded or not); a missing field holds its default (false, absent wrapper). A value of the wrong shape is a
/// <see cref="FormatException"/> naming the field, never a silent default.
/// </summary>
internal static class GcpKmsJson
{
    public static bool TryGet(JsonElement obj, string camelName, out JsonElement value)
    {
        value = default;
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (obj.TryGetProperty(camelName, out value) || obj.TryGetProperty(SnakeCase(camelName), out value))
        {
            return value.ValueKind != JsonValueKind.Null;
        }

        return false;
    }

    public static string? String(JsonElement obj, string name)
    {
        if (!TryGet(obj, name, out var v))
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw new FormatException($"\"{name}\" is not a string");
    }

    /// <summary>An enum value as its name; a number is kept as its decimal text (callers map the numbers they know).</summary>
    public static string? Enum(JsonElement obj, string name)
    {
        if (!TryGet(obj, name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number when v.TryGetInt32(out var n) => n.ToString(CultureInfo.InvariantCulture),
            _ => throw new FormatException($"\"{name}\" is not an enum value"),
        };
    }

    /// <summary>An int64 / Int64Value field; null when absent.</summary>
    public static long? Int64(JsonElement obj, string name)
    {
        if (!TryGet(obj, name, out var v))
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var number))
        {
            return number;
        }

        if (v.ValueKind == JsonValueKind.String
            && long.TryParse(v.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        throw new FormatException($"\"{name}\" is not an int64");
    }

    /// <summary>A bool field; false when absent (proto3 omits defaults).</summary>
    public static bool Bool(JsonElement obj, string name)
    {
        if (!TryGet(obj, name, out var v))
        {
            return false;
        }

        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new FormatException($"\"{name}\" is not a bool"),
        };
    }

    /// <summary>A bytes field; null when absent.</summary>
    public static byte[]? Bytes(JsonElement obj, string name)
    {
        if (!TryGet(obj, name, out var v))
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            throw new FormatException($"\"{name}\" is not a base64 string");
        }

        var text = v.GetString()!.Replace('-', '+').Replace('_', '/');
        text = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new FormatException($"\"{name}\" is not valid base64");
        }
    }

    private static string SnakeCase(string camel)
    {
        var builder = new System.Text.StringBuilder(camel.Length + 4);
        foreach (var c in camel)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                builder.Append('_').Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
