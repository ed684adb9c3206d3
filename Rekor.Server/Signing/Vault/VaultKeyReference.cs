using System.Text.RegularExpressions;

namespace Rekor.Server.Signing.Vault;

/// <summary>
/// The key named by a signer URI <c>hashivault://NAME</c> (or <c>openbao://NAME</c>). Invariant: <see cref="Name"/>
/// matches sigstore's rule — word characters, with <c>-</c> and <c>.</c> allowed inside — so it is one safe URL segment.
/// </summary>
public sealed partial record VaultKeyReference(string Name)
{
    public const string Scheme = "hashivault://";
    public const string OpenBaoScheme = "openbao://";

    [GeneratedRegex(@"^\w(?:[\w.\-]*\w)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    /// <summary>Whether <paramref name="uri"/> names a Vault transit key (by its scheme only).</summary>
    public static bool IsVaultUri(string uri) =>
        uri.StartsWith(Scheme, StringComparison.Ordinal) || uri.StartsWith(OpenBaoScheme, StringComparison.Ordinal);

    /// <exception cref="FormatException">Not a <c>hashivault://</c> URI, or the key name is not a valid transit key name.</exception>
    public static VaultKeyReference Parse(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var name = uri.StartsWith(Scheme, StringComparison.Ordinal) ? uri[Scheme.Length..]
            : uri.StartsWith(OpenBaoScheme, StringComparison.Ordinal) ? uri[OpenBaoScheme.Length..]
            : throw new FormatException($"signer '{uri}' is not a {Scheme}<key name> URI");
        if (!NamePattern().IsMatch(name))
        {
            throw new FormatException(
                $"signer '{uri}': the Vault transit key name must be word characters with '-' or '.' inside (no slashes), e.g. {Scheme}rekor");
        }

        return new VaultKeyReference(name);
    }

    public override string ToString() => Scheme + Name;
}
