using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Rekor.Core.Schemas;

namespace Rekor.Core.Verification;

/// <summary>
/// Reads fields of a protobuf message in its canonical JSON mapping, as Sigstore bundles are written: a field may be
/// named in lowerCamelCase or by its proto name, <c>int64</c> is a decimal string (a JSON number is accepted too), and
/// <c>bytes</c> is standard or URL-safe base64 with or without padding. Never throws on malformed JSON.
/// </summary>
internal static class ProtobufJson
{
    /// <summary>The member <paramref name="jsonName"/> or, failing that, <paramref name="protoName"/>; false when
    /// <paramref name="message"/> is not an object, has neither, or the member is JSON null (an absent field).</summary>
    public static bool TryGetField(JsonElement message, string jsonName, string protoName, out JsonElement value)
    {
        value = default;
        if (message.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (!message.TryGetProperty(jsonName, out value) && !message.TryGetProperty(protoName, out value))
        {
            return false;
        }

        return value.ValueKind != JsonValueKind.Null;
    }

    /// <summary>An <c>int64</c> value: a JSON string of decimal digits (optionally signed) or an integral JSON number.</summary>
    public static bool TryReadInt64(JsonElement value, out long result)
    {
        result = 0;
        return value.ValueKind switch
        {
            JsonValueKind.String => SchemaChecks.TryGetText(value, out var text)
                && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result),
            JsonValueKind.Number => value.TryGetInt64(out result),
            _ => false,
        };
    }

    /// <summary>A <c>bytes</c> value: a JSON string of standard or URL-safe base64, padded or not.</summary>
    public static bool TryReadBytes(JsonElement value, out byte[] bytes)
    {
        bytes = [];
        if (!SchemaChecks.TryGetText(value, out var text))
        {
            return false;
        }

        var standard = text.Replace('-', '+').Replace('_', '/');
        if (standard.Length % 4 != 0)
        {
            standard = standard.PadRight(standard.Length + (4 - (standard.Length % 4)), '=');
        }

        var buffer = new byte[Base64.GetMaxDecodedFromUtf8Length(standard.Length)];
        if (!Convert.TryFromBase64String(standard, buffer, out var written))
        {
            return false;
        }

        bytes = buffer.AsSpan(0, written).ToArray();
        return true;
    }

    /// <summary>A <c>string</c> value that is valid Unicode text.</summary>
    public static bool TryReadString(JsonElement value, [NotNullWhen(true)] out string? text) => SchemaChecks.TryGetText(value, out text);

    /// <summary>A JSON string element holding <paramref name="text"/>, or an undefined element for null.</summary>
    public static JsonElement StringElement(string? text)
    {
        if (text is null)
        {
            return default;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(text);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
