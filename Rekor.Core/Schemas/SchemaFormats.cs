using System.Globalization;
using System.Net.Mail;

namespace Rekor.Core.Schemas;

/// <summary>
/// The string formats the schemas use. Unknown formats are annotations and accept anything, as JSON Schema says.
/// </summary>
public static class SchemaFormats
{
    public static bool IsValid(string format, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return format switch
        {
            "byte" => IsStandardBase64(text),
            "uri" => Uri.TryCreate(text, UriKind.Absolute, out _),
            "email" => IsEmail(text),
            "date-time" => DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            _ => true,
        };
    }

    /// <summary>
    /// Standard base64 with padding, as Go's <c>encoding/base64.StdEncoding</c> accepts it (Rekor's "byte" fields):
    /// carriage returns and line feeds are ignored, everything else must be the alphabet, then at most two '='.
    /// </summary>
    public static bool IsStandardBase64(string text)
    {
        var length = 0;
        var padding = 0;
        foreach (var c in text)
        {
            if (c is '\r' or '\n')
            {
                continue;
            }

            if (c == '=')
            {
                padding++;
            }
            else if (padding > 0 || !(char.IsAsciiLetterOrDigit(c) || c == '+' || c == '/'))
            {
                return false;
            }

            length++;
        }

        return length % 4 == 0 && padding <= 2;
    }

    /// <summary><see cref="IsStandardBase64(string)"/> over UTF-8 bytes (any non-ASCII byte is outside the alphabet).</summary>
    public static bool IsStandardBase64(ReadOnlySpan<byte> utf8)
    {
        var length = 0;
        var padding = 0;
        foreach (var b in utf8)
        {
            if (b is (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            if (b == '=')
            {
                padding++;
            }
            else if (padding > 0 || !(char.IsAsciiLetterOrDigit((char)b) || b == '+' || b == '/'))
            {
                return false;
            }

            length++;
        }

        return length % 4 == 0 && padding <= 2;
    }

    private static bool IsEmail(string text)
    {
        if (text.Length == 0 || text.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        return MailAddress.TryCreate(text, out var address) && address.Address == text;
    }
}
