using System.Globalization;
using System.Text.RegularExpressions;

namespace Rekor.Cli;

/// <summary>
/// Durations as rekor-cli's flags take them (Go's <c>time.ParseDuration</c> units: <c>500ms</c>, <c>30s</c>, <c>2m</c>,
/// <c>1h30m</c>), or a plain number of seconds.
/// </summary>
internal static partial class Durations
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            duration = TimeSpan.FromSeconds(seconds);
            return seconds >= 0;
        }

        var matches = Part().Matches(text);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != text)
        {
            return false;
        }

        foreach (Match match in matches)
        {
            var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            duration += match.Groups["unit"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                _ => TimeSpan.FromHours(value),
            };
        }

        return true;
    }

    /// <exception cref="CliFailure">The text is not a duration (usage error naming the flag).</exception>
    public static TimeSpan Parse(string text, string flag) =>
        TryParse(text, out var duration) ? duration : throw CliFailure.Usage($"{flag}: '{text}' is not a duration (e.g. 30s, 2m, 500ms)");

    [GeneratedRegex(@"(?<value>[0-9]+(\.[0-9]+)?)(?<unit>ms|s|m|h)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
