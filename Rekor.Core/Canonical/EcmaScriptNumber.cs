using System.Globalization;

namespace Rekor.Core.Canonical;

/// <summary>
/// Writes a double as ECMAScript's <c>Number.prototype.toString()</c> does (ECMA-262 §7.1.12.1 with "Note 2"), the
/// number form RFC 8785 requires: the shortest digits that round-trip, laid out as an integer up to 1e21, as a decimal
/// fraction down to 1e-6, and in exponent form (<c>1e+21</c>, <c>1e-7</c>) beyond; <c>-0</c> is written as <c>0</c>.
/// </summary>
public static class EcmaScriptNumber
{
    /// <summary>
    /// Room for the longest form: a sign, <c>0.</c>, five zeros and 17 digits (25), or a sign and 21 integer digits.
    /// </summary>
    public const int MaxLength = 32;

    /// <summary>2^53: below it every integer is a double and its decimal digits are already the shortest form.</summary>
    private const double ExactIntegerLimit = 9007199254740992d;

    /// <summary>Writes <paramref name="value"/> as ASCII into <paramref name="destination"/> (at least
    /// <see cref="MaxLength"/> bytes) and returns the number of bytes written.</summary>
    /// <exception cref="ArgumentOutOfRangeException">NaN or an infinity, which JSON cannot hold.</exception>
    public static int Format(double value, Span<byte> destination)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "JSON has no form for NaN or infinities");
        }

        if (destination.Length < MaxLength)
        {
            throw new ArgumentException($"need {MaxLength} bytes of room", nameof(destination));
        }

        if (value == 0)
        {
            destination[0] = (byte)'0';
            return 1;
        }

        if (Math.Abs(value) < ExactIntegerLimit && Math.Floor(value) == value)
        {
            ((long)value).TryFormat(destination, out var integerLength, default, CultureInfo.InvariantCulture);
            return integerLength;
        }

        // .NET's round-trip format yields the shortest digits that read back as the same double and, among equally
        // short candidates, the one closest to it: the digit choice ECMAScript makes. Only the layout differs.
        Span<char> roundTrip = stackalloc char[MaxLength];
        value.TryFormat(roundTrip, out var roundTripLength, "R", CultureInfo.InvariantCulture);
        return Layout(roundTrip[..roundTripLength], destination);
    }

    /// <summary>The ECMAScript form of <paramref name="value"/> as a string.</summary>
    public static string ToString(double value)
    {
        Span<byte> bytes = stackalloc byte[MaxLength];
        var length = Format(value, bytes);
        return System.Text.Encoding.ASCII.GetString(bytes[..length]);
    }

    /// <summary>
    /// Re-lays a .NET round-trip string (<c>-d.dddE+xx</c> or <c>-ddd.ddd</c>) as ECMAScript does. With the digits
    /// s (k of them, no leading or trailing zeros) and n such that the value is 0.s × 10^n (ECMA-262's k and n).
    /// </summary>
    private static int Layout(ReadOnlySpan<char> roundTrip, Span<byte> destination)
    {
        var position = 0;
        if (roundTrip[0] == '-')
        {
            destination[position++] = (byte)'-';
            roundTrip = roundTrip[1..];
        }

        var exponentAt = roundTrip.IndexOfAny('E', 'e');
        var exponent = exponentAt < 0 ? 0 : int.Parse(roundTrip[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = exponentAt < 0 ? roundTrip : roundTrip[..exponentAt];

        Span<byte> digits = stackalloc byte[MaxLength];
        var k = 0;
        var integerDigits = 0;
        var seenPoint = false;
        foreach (var c in mantissa)
        {
            if (c == '.')
            {
                seenPoint = true;
                continue;
            }

            if (!seenPoint)
            {
                integerDigits++;
            }

            digits[k++] = (byte)c;
        }

        var n = integerDigits + exponent;
        var leadingZeros = 0;
        while (leadingZeros < k && digits[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        digits = digits[leadingZeros..k];
        n -= leadingZeros;
        k = digits.Length;
        while (digits[k - 1] == '0')
        {
            k--;
        }

        digits = digits[..k];

        if (k <= n && n <= 21)
        {
            digits.CopyTo(destination[position..]);
            position += k;
            destination.Slice(position, n - k).Fill((byte)'0');
            return position + n - k;
        }

        if (0 < n && n <= 21)
        {
            digits[..n].CopyTo(destination[position..]);
            position += n;
            destination[position++] = (byte)'.';
            digits[n..].CopyTo(destination[position..]);
            return position + k - n;
        }

        if (-6 < n && n <= 0)
        {
            destination[position++] = (byte)'0';
            destination[position++] = (byte)'.';
            destination.Slice(position, -n).Fill((byte)'0');
            position += -n;
            digits.CopyTo(destination[position..]);
            return position + k;
        }

        destination[position++] = digits[0];
        if (k > 1)
        {
            destination[position++] = (byte)'.';
            digits[1..].CopyTo(destination[position..]);
            position += k - 1;
        }

        destination[position++] = (byte)'e';
        var e = n - 1;
        destination[position++] = e < 0 ? (byte)'-' : (byte)'+';
        Math.Abs(e).TryFormat(destination[position..], out var exponentLength, default, CultureInfo.InvariantCulture);
        return position + exponentLength;
    }
}
