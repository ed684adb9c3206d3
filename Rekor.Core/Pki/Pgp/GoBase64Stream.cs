using System.Diagnostics.CodeAnalysis;

namespace Rekor.Core.Pki.Pgp;

/// <summary>
/// Decodes the joined body lines of an armor block as Go's <c>base64.NewDecoder(base64.StdEncoding, …)</c> does:
/// padded standard base64 with nothing else in it (armor lines are already trimmed), and the error texts Go gives.
/// </summary>
internal static class GoBase64Stream
{
    public static bool TryDecode(string text, [NotNullWhen(true)] out byte[]? decoded, [NotNullWhen(false)] out string? error)
    {
        decoded = null;
        var padding = text.Length - text.TrimEnd('=').Length;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var inAlphabet = c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/';
            var isFinalPadding = c == '=' && i >= text.Length - padding && padding <= 2;
            if (!inAlphabet && !isFinalPadding)
            {
                error = $"illegal base64 data at input byte {i}";
                return false;
            }
        }

        if (text.Length % 4 != 0)
        {
            error = "unexpected EOF";
            return false;
        }

        try
        {
            decoded = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            error = $"illegal base64 data at input byte {text.Length - padding}";
            return false;
        }

        error = null;
        return true;
    }
}
