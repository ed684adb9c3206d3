using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Rekor.Core.Pki.Jar;

/// <summary>
/// The attributes of one manifest section, as relic keeps them in a Go <c>http.Header</c>: names compared without
/// case and written in Go's canonical MIME form (<c>SHA-256-Digest</c> becomes <c>Sha-256-Digest</c>, which is what
/// relic's messages show), values trimmed, the last of a repeated name kept.
/// </summary>
public sealed class JarAttributes
{
    private readonly Dictionary<string, string> _values;

    private JarAttributes(Dictionary<string, string> values) => _values = values;

    /// <summary>Every attribute, by canonical name.</summary>
    public IReadOnlyDictionary<string, string> All => _values;

    public string? Get(string name) => _values.TryGetValue(CanonicalName(name), out var value) ? value : null;

    /// <summary>relic's <c>parseSection</c>: CRLF to LF, continuation lines joined, one <c>name: value</c> per line.</summary>
    public static bool TryParse(ReadOnlySpan<byte> section, [NotNullWhen(true)] out JarAttributes? attributes, [NotNullWhen(false)] out string? error)
    {
        attributes = null;
        var text = Encoding.UTF8.GetString(section).Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n ", string.Empty, StringComparison.Ordinal);
        Dictionary<string, string> values = new(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                error = "jar manifest is malformed";
                return false;
            }

            values[CanonicalName(line[..colon].Trim())] = line[(colon + 1)..].Trim();
        }

        attributes = new JarAttributes(values);
        error = null;
        return true;
    }

    /// <summary>
    /// Go's <c>textproto.CanonicalMIMEHeaderKey</c>: the first letter and each letter after a hyphen upper case, the
    /// rest lower case; a name with a character that cannot be in a header name is left as it is.
    /// </summary>
    public static string CanonicalName(string name)
    {
        if (name.Length == 0 || name.Any(c => c > 0x7E || c <= ' ' || "\"(),/:;<=>?@[\\]{}".Contains(c, StringComparison.Ordinal)))
        {
            return name;
        }

        var chars = name.ToCharArray();
        var upper = true;
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = upper ? char.ToUpperInvariant(chars[i]) : char.ToLowerInvariant(chars[i]);
            upper = chars[i] == '-';
        }

        return new string(chars);
    }
}
