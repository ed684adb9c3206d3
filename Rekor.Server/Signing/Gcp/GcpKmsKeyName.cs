using System.Text.RegularExpressions;

namespace Rekor.Server.Signing.Gcp;

/// <summary>
/// A Cloud KMS signing key named by Rekor's <c>--rekor_server.signer</c> URI:
/// <c>gcpkms://projects/P/locations/L/keyRings/R/cryptoKeys/K</c>, optionally followed by
/// <c>/cryptoKeyVersions/V</c> (or sigstore's alias <c>/versions/V</c>). API resource names are always rebuilt with
/// <c>cryptoKeyVersions</c>. Invariant: no segment is empty or holds <c>/ ? # %</c> or whitespace, so every name can be
/// appended verbatim to a REST URL path.
/// </summary>
public sealed partial record GcpKmsKeyName
{
    public const string Scheme = "gcpkms://";

    private GcpKmsKeyName(string project, string location, string keyRing, string cryptoKey, string? version)
    {
        Project = project;
        Location = location;
        KeyRing = keyRing;
        CryptoKey = cryptoKey;
        Version = version;
    }

    public string Project { get; }

    public string Location { get; }

    public string KeyRing { get; }

    public string CryptoKey { get; }

    /// <summary>The pinned version ID, or null when the newest ENABLED version is to be used.</summary>
    public string? Version { get; }

    /// <summary><c>projects/P/locations/L/keyRings/R/cryptoKeys/K</c>.</summary>
    public string CryptoKeyName => $"projects/{Project}/locations/{Location}/keyRings/{KeyRing}/cryptoKeys/{CryptoKey}";

    /// <summary>The full version resource name of <paramref name="versionId"/> under this key.</summary>
    public string VersionName(string versionId) => $"{CryptoKeyName}/cryptoKeyVersions/{versionId}";

    /// <exception cref="FormatException">The text is not a gcpkms:// key URI.</exception>
    public static GcpKmsKeyName Parse(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var match = UriPattern().Match(uri);
        if (!match.Success)
        {
            throw new FormatException(
                $"'{uri}' is not a Cloud KMS key URI: expected gcpkms://projects/P/locations/L/keyRings/R/cryptoKeys/K[/cryptoKeyVersions/V]");
        }

        var version = match.Groups["version"];
        return new GcpKmsKeyName(
            match.Groups["project"].Value,
            match.Groups["location"].Value,
            match.Groups["ring"].Value,
            match.Groups["key"].Value,
            version.Success ? version.Value : null);
    }

    public override string ToString() => Version is null ? Scheme + CryptoKeyName : Scheme + VersionName(Version);

    [GeneratedRegex(
        @"^gcpkms://projects/(?<project>[^/?#%\s]+)/locations/(?<location>[^/?#%\s]+)/keyRings/(?<ring>[^/?#%\s]+)/cryptoKeys/(?<key>[^/?#%\s]+)(?:/(?:cryptoKeyVersions|versions)/(?<version>[^/?#%\s]+))?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex UriPattern();
}
