using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Rekor.Core.Types.Helm;

/// <summary>
/// The second part of a Helm provenance file (helm's <c>SumCollection</c>): a YAML mapping whose <c>files</c> member maps
/// each chart archive to <c>&lt;algorithm&gt;:&lt;hex&gt;</c>, and whose optional <c>images</c> member does the same for
/// images. Rekor reads it with <c>sigs.k8s.io/yaml</c> into <c>map[string]string</c> fields (member names matched
/// case-insensitively, other members ignored, values that are not strings refused).
/// </summary>
/// <remarks>
/// Reads the block-style YAML helm writes (<c>yaml.Marshal</c>): top-level <c>key: value</c> lines and indented
/// <c>key: value</c> lines under them, plain or quoted scalars, comments and blank lines. Flow collections other than
/// <c>{}</c>, multi-line scalars and deeper nesting under <c>files</c> or <c>images</c> are refused with a message
/// rather than guessed at; members other than those two are skipped whatever they hold. Files keep document order.
/// </remarks>
internal static class HelmSumCollection
{
    /// <summary>
    /// The <c>files</c> entries in document order; null when there is no <c>files</c> member or it is null (Go's nil map).
    /// </summary>
    public static bool TryRead(string yaml, out IReadOnlyList<KeyValuePair<string, string>>? files, [NotNullWhen(false)] out string? error)
    {
        files = null;
        List<KeyValuePair<string, string>>? current = null;
        var inStringMap = false;
        int? nestedIndent = null;
        foreach (var rawLine in yaml.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            var trimmed = line.TrimStart(' ');
            if (trimmed.Length == 0 || trimmed[0] == '#' || (line is "---" or "..."))
            {
                continue;
            }

            if (trimmed[0] == '\t')
            {
                error = "yaml: found a tab character that violates indentation";
                return false;
            }

            var indent = line.Length - trimmed.Length;
            if (indent == 0)
            {
                if (!TrySplitPair(trimmed, out var key, out var value, out error))
                {
                    return false;
                }

                nestedIndent = null;
                var isFiles = key.Equals("files", StringComparison.OrdinalIgnoreCase);
                inStringMap = isFiles || key.Equals("images", StringComparison.OrdinalIgnoreCase);
                if (!inStringMap)
                {
                    continue;
                }

                current = isFiles ? null : [];
                if (value.Length > 0 && value != "~" && value != "null")
                {
                    if (value != "{}")
                    {
                        error = $"json: cannot unmarshal {JsonKind(value)} into Go struct field SumCollection.{key} of type map[string]string";
                        return false;
                    }

                    current = [];
                }

                if (isFiles)
                {
                    files = current;
                }

                continue;
            }

            if (!inStringMap)
            {
                continue;
            }

            nestedIndent ??= indent;
            if (indent != nestedIndent)
            {
                error = "yaml: the files section nests deeper than a mapping of strings";
                return false;
            }

            if (!TrySplitPair(trimmed, out var name, out var hash, out error) || !TryString(hash, out var text, out error))
            {
                return false;
            }

            if (current is null)
            {
                current = [];
                files = current;
            }

            current.Add(new(name, text));
        }

        error = null;
        return true;
    }

    /// <summary>Splits <c>key: value</c> (or <c>key:</c>) into its key (unquoted) and its raw value (comment removed, trimmed).</summary>
    private static bool TrySplitPair(string line, out string key, out string value, [NotNullWhen(false)] out string? error)
    {
        key = value = "";
        int afterKey;
        if (line[0] is '"' or '\'')
        {
            var close = ClosingQuote(line);
            if (close < 0)
            {
                error = "yaml: found unexpected end of stream in a quoted scalar";
                return false;
            }

            key = Unquote(line[..(close + 1)]);
            afterKey = close + 1;
        }
        else
        {
            var separator = line.IndexOf(": ", StringComparison.Ordinal);
            afterKey = separator >= 0 ? separator : line.EndsWith(':') ? line.Length - 1 : -1;
            if (afterKey <= 0)
            {
                error = "yaml: could not find expected ':'";
                return false;
            }

            key = line[..afterKey];
        }

        if (afterKey >= line.Length || line[afterKey] != ':')
        {
            error = "yaml: could not find expected ':'";
            return false;
        }

        value = line[(afterKey + 1)..].Trim(' ');
        if (value.Length > 0 && value[0] is '"' or '\'' && ClosingQuote(value) is var valueClose and > 0)
        {
            // A quoted value ends at its closing quote; only a comment may follow it.
            var after = value[(valueClose + 1)..].TrimStart(' ');
            if (after.Length > 0 && after[0] != '#')
            {
                error = "yaml: did not find expected key";
                return false;
            }

            value = value[..(valueClose + 1)];
        }
        else if (value.Length > 0 && value[0] is not ('"' or '\'') && value.IndexOf(" #", StringComparison.Ordinal) is var comment and >= 0)
        {
            value = value[..comment].TrimEnd(' ');
        }

        if (value.StartsWith('#'))
        {
            value = "";
        }

        error = null;
        return true;
    }

    /// <summary>A value of <c>map[string]string</c>: quoted text, plain text, or null (which Go leaves as the empty string).</summary>
    private static bool TryString(string value, out string text, [NotNullWhen(false)] out string? error)
    {
        text = "";
        error = null;
        if (value.Length == 0 || value is "~" or "null" or "Null" or "NULL")
        {
            return true;
        }

        if (value[0] is '"' or '\'')
        {
            if (value.Length < 2 || value[^1] != value[0])
            {
                error = "yaml: found unexpected end of stream in a quoted scalar";
                return false;
            }

            text = Unquote(value);
            return true;
        }

        if (value[0] is '{' or '[' or '|' or '>' or '&' or '*' or '!')
        {
            error = "yaml: a files entry must be a plain or quoted string";
            return false;
        }

        if (JsonKind(value) != "string")
        {
            error = $"json: cannot unmarshal {JsonKind(value)} into Go value of type string";
            return false;
        }

        text = value;
        return true;
    }

    /// <summary>Where the quoted scalar opening <paramref name="line"/> closes (a doubled single quote or a backslash-escaped double quote does not close it); -1 if it does not.</summary>
    private static int ClosingQuote(string line)
    {
        var quote = line[0];
        for (var i = 1; i < line.Length; i++)
        {
            if (quote == '\'' && line[i] == '\'' && i + 1 < line.Length && line[i + 1] == '\'')
            {
                i++;
            }
            else if (quote == '"' && line[i] == '\\')
            {
                i++;
            }
            else if (line[i] == quote)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The text of a whole quoted scalar: <c>''</c> in single quotes, <c>\"</c> and <c>\\</c> in double quotes.</summary>
    private static string Unquote(string quoted) => quoted[0] == '\''
        ? quoted[1..^1].Replace("''", "'", StringComparison.Ordinal)
        : quoted[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    /// <summary>What YAML 1.1 (go-yaml v2) resolves a plain scalar to, in the words of Go's JSON errors.</summary>
    private static string JsonKind(string value)
    {
        if (value is "true" or "false" or "True" or "False" or "TRUE" or "FALSE" or "yes" or "no" or "Yes" or "No" or "YES" or "NO" or "on" or "off" or "On" or "Off" or "ON" or "OFF" or "y" or "n" or "Y" or "N")
        {
            return "bool";
        }

        if (value.StartsWith('[') || value.StartsWith('{'))
        {
            return value.StartsWith('[') ? "array" : "object";
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? "number" : "string";
    }
}
