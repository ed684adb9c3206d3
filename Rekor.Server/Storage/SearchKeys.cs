namespace Rekor.Server.Storage;

/// <summary>
/// The one rule for turning what a user typed as an artifact hash into a search-index key, used by the search API
/// and the home page alike: lowercase, and a bare hex digest gets the algorithm its length implies, as Rekor does
/// (40 → <c>sha1:</c>, 64 → <c>sha256:</c>, 96 → <c>sha384:</c>, 128 → <c>sha512:</c>). A value that already names
/// its algorithm (<c>sha256:…</c>) keeps it; any other value is looked up as it is (lowercased) and finds nothing.
/// </summary>
public static class SearchKeys
{
    public static string ForArtifactHash(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var key = hash.ToLowerInvariant();
        return key.Contains(':', StringComparison.Ordinal) ? key : key.Length switch
        {
            40 => "sha1:" + key,
            64 => "sha256:" + key,
            96 => "sha384:" + key,
            128 => "sha512:" + key,
            _ => key,
        };
    }
}
