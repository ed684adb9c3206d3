using System.Text.RegularExpressions;

namespace Rekor.Core.Types;

/// <summary>
/// A set of comparators that must all hold, e.g. <c>&gt;=0.0.1 &lt;0.1.0</c>; a bare version means exactly it.
/// How an implementation states which <c>apiVersion</c> values it accepts (Rekor's semver ranges).
/// </summary>
public sealed partial class VersionRange
{
    private readonly IReadOnlyList<(string Operator, SemanticVersion Version)> _comparators;
    private readonly string _text;

    private VersionRange(IReadOnlyList<(string, SemanticVersion)> comparators, string text)
    {
        _comparators = comparators;
        _text = text;
    }

    [GeneratedRegex(@"(>=|<=|>|<|=)?\s*([0-9][0-9A-Za-z.+-]*)", RegexOptions.CultureInvariant)]
    private static partial Regex Comparator();

    public static VersionRange Exactly(SemanticVersion version) => new([("=", version)], version.ToString());

    public static VersionRange Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var comparators = new List<(string, SemanticVersion)>();
        var consumed = 0;
        foreach (Match match in Comparator().Matches(text))
        {
            if (text.AsSpan(consumed, match.Index - consumed).Trim().Length != 0)
            {
                break;
            }

            comparators.Add((match.Groups[1].Success ? match.Groups[1].Value : "=", SemanticVersion.Parse(match.Groups[2].Value)));
            consumed = match.Index + match.Length;
        }

        if (comparators.Count == 0 || text.AsSpan(consumed).Trim().Length != 0)
        {
            throw new FormatException($"'{text}' is not a version range (expected comparators such as '>=0.0.1 <0.1.0')");
        }

        return new VersionRange(comparators, text.Trim());
    }

    public bool Contains(SemanticVersion version)
    {
        foreach (var (op, bound) in _comparators)
        {
            var holds = op switch
            {
                ">=" => version >= bound,
                "<=" => version <= bound,
                ">" => version > bound,
                "<" => version < bound,
                _ => version.CompareTo(bound) == 0,
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => _text;
}
