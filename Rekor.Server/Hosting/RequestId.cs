namespace Rekor.Server.Hosting;

/// <summary>
/// The <c>X-Request-Id</c> a response carries. A client's own ID is echoed only when it is a short plain token, so a
/// request cannot make the server repeat arbitrary bytes (header or log injection, 8 KB echoes); anything else is
/// replaced by a fresh ID, as if none had been sent.
/// </summary>
public static class RequestId
{
    /// <summary>Longest client ID echoed; a UUID with braces and a prefix fits easily.</summary>
    public const int MaxLength = 128;

    /// <summary>1 to <see cref="MaxLength"/> characters of ASCII letters, digits, '.', '_', ':' and '-'.</summary>
    public static bool IsAcceptable(string candidate)
    {
        if (candidate.Length is 0 or > MaxLength)
        {
            return false;
        }

        foreach (var c in candidate)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or ':' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    public static string New() => Guid.NewGuid().ToString("n");
}
