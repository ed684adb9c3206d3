using System.Globalization;

namespace Rekor.Server.Configuration;

/// <summary>
/// Go's <c>time.ParseDuration</c> grammar, as rekor-server's duration flags take it: a sequence of decimal numbers,
/// each with an optional fraction and a unit (<c>ns</c>, <c>us</c>, <c>µs</c>, <c>ms</c>, <c>s</c>, <c>m</c>,
/// <c>h</c>), e.g. <c>30s</c>, <c>1m30s</c>, <c>1.5h</c>; a bare <c>0</c> is zero. Negative durations are refused
/// (no flag of this server has a use for them).
/// </summary>
public static class GoDuration
{
    private static readonly (string Unit, double Seconds)[] Units =
        [("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("μs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)];

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text is "0")
        {
            return true;
        }

        if (string.IsNullOrEmpty(text) || text[0] is '-')
        {
            return false;
        }

        var rest = text.AsSpan(text[0] is '+' ? 1 : 0);
        var seconds = 0.0;
        if (rest.IsEmpty)
        {
            return false;
        }

        while (!rest.IsEmpty)
        {
            var digits = 0;
            while (digits < rest.Length && (char.IsAsciiDigit(rest[digits]) || rest[digits] == '.'))
            {
                digits++;
            }

            if (digits == 0 || !double.TryParse(rest[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            rest = rest[digits..];
            var unit = default((string Unit, double Seconds));
            foreach (var candidate in Units)
            {
                // Ordered so that "ms" is tried before "m".
                if (rest.StartsWith(candidate.Unit, StringComparison.Ordinal))
                {
                    unit = candidate;
                    break;
                }
            }

            if (unit.Unit is null)
            {
                return false;
            }

            seconds += number * unit.Seconds;
            rest = rest[unit.Unit.Length..];
        }

        if (seconds > TimeSpan.MaxValue.TotalSeconds)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
