using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Rekor.Core.Checkpoints;

/// <summary>
/// The lexical rules of signed-note text (Go's <c>golang.org/x/mod/sumdb/note</c>, which Rekor's checkpoints follow)
/// that both the parser and the constructors enforce, so a checkpoint we build is one we would accept.
/// </summary>
internal static class NoteText
{
    /// <summary>U+2014 EM DASH, which starts every signature line, followed by a space.</summary>
    public const string SignaturePrefix = "\u2014 ";

    /// <summary>
    /// The index of the first character a note may not hold, or -1: ASCII controls (other than newline where
    /// <paramref name="allowNewline"/>), DEL, and surrogates without their pair (text that is not Unicode).
    /// </summary>
    public static int IndexOfForbidden(ReadOnlySpan<char> text, bool allowNewline)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                if (!allowNewline)
                {
                    return i;
                }
            }
            else if (c < ' ' || c == '\u007f')
            {
                return i;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A body line: non-empty, one line, Unicode without controls.</summary>
    public static bool IsValidLine(ReadOnlySpan<char> line) => !line.IsEmpty && IndexOfForbidden(line, allowNewline: false) < 0;

    /// <summary>A signer name as the note format allows it: a valid line with no white space and no '+'.</summary>
    public static bool IsValidSignerName(ReadOnlySpan<char> name)
    {
        if (!IsValidLine(name) || name.Contains('+'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A non-negative decimal as Go's <c>%d</c> writes it: digits only, no sign, no leading zero but in "0".</summary>
    public static bool TryParseDecimal(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || (text.Length > 1 && text[0] == '0') || text.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Standard padded base64 in its one canonical spelling (unused bits zero, no white space).</summary>
    public static bool TryParseBase64(ReadOnlySpan<char> text, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (text.IsEmpty || text.Length % 4 != 0 || !Base64.IsValid(text, out var length))
        {
            return false;
        }

        var decoded = new byte[length];
        if (!Convert.TryFromBase64Chars(text, decoded, out var written) || written != length)
        {
            return false;
        }

        // Base64 accepts non-zero unused bits in the last character; the canonical form does not have them.
        Span<char> again = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        if (!Convert.TryToBase64Chars(decoded, again, out var charsWritten) || !again[..charsWritten].SequenceEqual(text))
        {
            return false;
        }

        bytes = decoded;
        return true;
    }
}
