using System.Text.RegularExpressions;

namespace Rekor.Core.Pki.Pgp;

/// <summary>
/// The email address of a user ID as Rekor takes it: go-crypto's <c>parseUserId</c> (the text between the first
/// <c>&lt;</c> and the next <c>&gt;</c>, or a bare name containing <c>@</c>), kept only if govalidator's
/// <c>IsEmail</c> accepts it.
/// </summary>
internal static partial class PgpUserIdEmail
{
    public static string? Of(string userId)
    {
        var email = Parse(userId);
        return email.Length > 0 && EmailPattern().IsMatch(email) ? email : null;
    }

    /// <summary>go-crypto's state machine: name, then an optional (comment), then &lt;email&gt;; an unclosed part runs to the end.</summary>
    private static string Parse(string id)
    {
        int nameStart = 0, nameEnd = 0, emailStart = 0, emailEnd = 0;
        var state = 0;
        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            switch (state)
            {
                case 0 or 1:
                    if (state == 0)
                    {
                        nameStart = i;
                        state = 1;
                    }

                    if (c == '(')
                    {
                        state = 2;
                        nameEnd = i;
                    }
                    else if (c == '<')
                    {
                        state = 5;
                        nameEnd = i;
                    }

                    break;
                case 2 or 3:
                    state = c == ')' ? 4 : 3;
                    break;
                case 4:
                    if (c == '<')
                    {
                        state = 5;
                    }

                    break;
                case 5 or 6:
                    if (state == 5)
                    {
                        emailStart = i;
                        state = 6;
                    }

                    if (c == '>')
                    {
                        state = 7;
                        emailEnd = i;
                    }

                    break;
            }
        }

        if (state == 1)
        {
            nameEnd = id.Length;
        }
        else if (state == 6)
        {
            emailEnd = id.Length;
        }

        var email = id[emailStart..emailEnd].Trim();
        var name = id[nameStart..nameEnd].Trim();
        return email.Length == 0 && name.Contains('@', StringComparison.Ordinal) ? name : email;
    }

    /// <summary>
    /// An approximation of govalidator's <c>IsEmail</c> (ASCII only, no quoted local parts), the same one the ssh
    /// format uses: a local part of the usual characters, <c>@</c>, and a domain of dot-separated labels.
    /// </summary>
    [GeneratedRegex(@"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();
}
