namespace Rekor.Core.Pki.Minisign;

/// <summary>
/// Decodes base64 as Go's <c>base64.StdEncoding.DecodeString</c>, which is what minisign text goes through in Rekor:
/// the standard alphabet with padding, carriage returns and line feeds skipped anywhere, any other character
/// (spaces and tabs included) refused.
/// </summary>
internal static class GoBase64
{
    public static bool TryDecode(ReadOnlySpan<byte> text, out byte[] bytes)
    {
        bytes = [];
        Span<char> chars = text.Length <= 512 ? stackalloc char[text.Length] : new char[text.Length];
        var count = 0;
        foreach (var b in text)
        {
            if (b is (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            if (!(b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'+' or (byte)'/' or (byte)'='))
            {
                return false;
            }

            chars[count++] = (char)b;
        }

        chars = chars[..count];
        if (count % 4 != 0)
        {
            return false;
        }

        var buffer = new byte[count / 4 * 3];
        if (!Convert.TryFromBase64Chars(chars, buffer, out var written))
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }
}
