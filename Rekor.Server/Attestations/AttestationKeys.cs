using System.Buffers;

namespace Rekor.Server.Attestations;

/// <summary>
/// What a storage key may be: 1 to 200 characters of <c>[A-Za-z0-9:._-]</c>, not starting with a dot. Every key a kind
/// derives (<c>sha256:&lt;hex&gt;</c>) and every UUID fits, and such a key is safe as a file name and an object name.
/// </summary>
public static class AttestationKeys
{
    public const int MaxLength = 200;

    private static readonly SearchValues<char> Allowed = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:._-");

    public static bool IsValid(string? key) =>
        key is { Length: > 0 and <= MaxLength } && key[0] != '.' && !key.AsSpan().ContainsAnyExcept(Allowed);

    /// <summary>Throws for a key that <see cref="IsValid"/> refuses; stores call it before touching anything.</summary>
    public static void Check(string key)
    {
        if (!IsValid(key))
        {
            throw new ArgumentException($"'{key}' is not an attestation storage key", nameof(key));
        }
    }
}
