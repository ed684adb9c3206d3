using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Rekor.Core.Alpine;

/// <summary>
/// An apk's <c>.PKGINFO</c> (<c>key = value</c> lines) read as Rekor reads it, with go-ini v1.67's default options and
/// <c>Section("").KeysHash()</c>: comment lines (<c>#</c>, <c>;</c>) skipped, <c>=</c> or <c>:</c> as the delimiter,
/// a value cut at its first <c>#</c> or <c>;</c> (go-ini's inline comments: a quirk, so a <c>pkgdesc</c> with a
/// semicolon is stored shortened), surrounding quotes removed, a trailing backslash continuing the value on the next
/// line, and a key repeated (<c>depend</c>, <c>provides</c>) keeping its last value. Keys after a <c>[section]</c>
/// line belong to that section and are not returned.
/// </summary>
internal static class PkgInfo
{
    private static readonly System.Buffers.SearchValues<char> Delimiters = System.Buffers.SearchValues.Create("=:");

    private static readonly System.Buffers.SearchValues<char> InlineComment = System.Buffers.SearchValues.Create("#;");

    public static bool TryParse(ReadOnlySpan<byte> content, [NotNullWhen(true)] out IReadOnlyDictionary<string, string>? pairs, [NotNullWhen(false)] out string? error)
    {
        pairs = null;
        var text = Encoding.UTF8.GetString(content.StartsWith("\xEF\xBB\xBF"u8) ? content[3..] : content);
        var lines = text.Split('\n');
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var inDefaultSection = true;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimStart();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[')
            {
                var close = line.LastIndexOf(']');
                if (close < 0)
                {
                    error = "unclosed section: " + line;
                    return false;
                }

                var name = line[1..close];
                inDefaultSection = name is "" or "DEFAULT";
                continue;
            }

            var delimiter = line.AsSpan().IndexOfAny(Delimiters);
            if (delimiter < 0)
            {
                error = "key-value delimiter not found: " + line;
                return false;
            }

            if (delimiter == 0)
            {
                error = "empty key name: " + line;
                return false;
            }

            var key = line[..delimiter].Trim();
            var value = ReadValue(line[(delimiter + 1)..], lines, ref i);
            if (inDefaultSection)
            {
                result[key] = value;
            }
        }

        pairs = result;
        error = null;
        return true;
    }

    /// <summary>go-ini's <c>readValue</c> with default options (no python multi-line values, no unescaping).</summary>
    private static string ReadValue(string raw, string[] lines, ref int index)
    {
        var line = raw.TrimStart();
        if (line.Length == 0)
        {
            return "";
        }

        foreach (var quote in new[] { "\"\"\"", "`" })
        {
            if (line.StartsWith(quote, StringComparison.Ordinal) && line.Length > quote.Length)
            {
                var close = line.LastIndexOf(quote, StringComparison.Ordinal);
                if (close >= quote.Length)
                {
                    return line[quote.Length..close];
                }
            }
        }

        line = line.Trim();
        if (line.EndsWith('\\'))
        {
            return ContinuationLines(line[..^1], lines, ref index);
        }

        var comment = line.AsSpan().IndexOfAny(InlineComment);
        if (comment >= 0)
        {
            line = line[..comment].Trim();
        }

        if (SurroundedBy(line, '\'') || SurroundedBy(line, '"'))
        {
            line = line[1..^1];
        }

        return line;
    }

    /// <summary>go-ini's <c>readContinuationLines</c>: following lines appended (trimmed) while each ends with a backslash.</summary>
    private static string ContinuationLines(string value, string[] lines, ref int index)
    {
        while (index + 1 < lines.Length)
        {
            var next = lines[++index].Trim();
            if (next.Length == 0)
            {
                break;
            }

            value += next;
            if (!value.EndsWith('\\'))
            {
                break;
            }

            value = value[..^1];
        }

        return value;
    }

    private static bool SurroundedBy(string text, char quote) =>
        text.Length >= 2 && text[0] == quote && text[^1] == quote && text.Count(c => c == quote) == 2;
}
