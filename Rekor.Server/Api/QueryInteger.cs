using System.Globalization;

namespace Rekor.Server.Api;

/// <summary>
/// An integer query parameter checked as Rekor's framework checks it: 422 with sub-code <see cref="ValidationCode.InvalidType"/> when
/// it is not an int64, <see cref="ValidationCode.Minimum"/> when it is below its minimum.
/// </summary>
public static class QueryInteger
{
    public static bool TryParse(string? text, string name, long minimum, out long value, out IResult? error)
    {
        error = null;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            error = ApiResults.Error(422, $"{name} in query must be of type int64: \"{text}\"", ValidationCode.InvalidType);
            return false;
        }

        if (value < minimum)
        {
            error = ApiResults.Error(422, $"{name} in query should be greater than or equal to {minimum.ToString(CultureInfo.InvariantCulture)}", ValidationCode.Minimum);
            return false;
        }

        return true;
    }
}
