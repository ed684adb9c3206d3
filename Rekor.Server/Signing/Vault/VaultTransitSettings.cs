using System.Text;

namespace Rekor.Server.Signing.Vault;

/// <summary>
/// How to reach HashiCorp Vault's transit secrets engine for a <see cref="VaultTransitSigner"/>.
/// Invariants: <see cref="Token"/> is a secret and appears in no <see cref="ToString"/> output and no exception message;
/// <see cref="Timeout"/> bounds each HTTP attempt (not the whole call); a call makes at most <see cref="Retries"/> + 1
/// attempts, waiting <see cref="RetryDelay"/>, then twice that, … (capped at 5 s, with jitter) between them.
/// </summary>
/// <param name="Address">Vault's base address (<c>VAULT_ADDR</c>), e.g. <c>http://127.0.0.1:8200</c>.</param>
/// <param name="Token">The client token (<c>VAULT_TOKEN</c>), sent as <c>X-Vault-Token</c>.</param>
public sealed record VaultTransitSettings(Uri Address, string Token)
{
    /// <summary>Sigstore's default mount path of the transit engine.</summary>
    public const string DefaultMountPath = "transit";

    /// <summary>The transit engine's mount path (<c>TRANSIT_SECRET_ENGINE_PATH</c>); may hold inner slashes.</summary>
    public string MountPath { get; init; } = DefaultMountPath;

    /// <summary>The limit on one HTTP attempt; a slower answer counts as a transient failure.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times a transient failure (429, 5xx, timeout, connection error) is retried.</summary>
    public int Retries { get; init; } = 3;

    /// <summary>The first wait before a retry; each later wait doubles it.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Reads the settings as sigstore's hashivault signer does: <c>VAULT_ADDR</c> (else <c>BAO_ADDR</c>) required,
    /// <c>VAULT_TOKEN</c> (else <c>BAO_TOKEN</c>) required, <c>TRANSIT_SECRET_ENGINE_PATH</c> (default <c>transit</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The address or token is missing, or the address is not an http(s) URL.</exception>
    public static VaultTransitSettings FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        string? First(string a, string b) =>
            getVariable(a) is { Length: > 0 } x ? x : getVariable(b) is { Length: > 0 } y ? y : null;

        var address = First("VAULT_ADDR", "BAO_ADDR")
            ?? throw new InvalidOperationException("the hashivault signer needs VAULT_ADDR (or BAO_ADDR): Vault's address is not set");
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"VAULT_ADDR '{address}' is not an http:// or https:// URL");
        }

        var token = First("VAULT_TOKEN", "BAO_TOKEN")
            ?? throw new InvalidOperationException("the hashivault signer needs VAULT_TOKEN (or BAO_TOKEN): no Vault token is set");
        var mount = getVariable("TRANSIT_SECRET_ENGINE_PATH") is { Length: > 0 } m ? m : DefaultMountPath;
        return new VaultTransitSettings(uri, token) { MountPath = mount };
    }

    /// <summary>Everything but the token.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"Address = {Address}, Token = <redacted>, MountPath = {MountPath}, Timeout = {Timeout}, Retries = {Retries}, RetryDelay = {RetryDelay}");
        return true;
    }
}
