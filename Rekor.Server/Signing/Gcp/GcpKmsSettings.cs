using Google.Apis.Auth.OAuth2;

namespace Rekor.Server.Signing.Gcp;

/// <summary>
/// How a <see cref="GcpKmsSigner"/> talks to Cloud KMS.
/// <para>Retries: a call answered 429 (RESOURCE_EXHAUSTED), 5xx (UNAVAILABLE, INTERNAL, DEADLINE_EXCEEDED, …), not
/// answered within <see cref="Timeout"/>, or failing at the transport is made again up to <see cref="Retries"/> more
/// times, waiting <see cref="InitialBackoff"/> doubled per attempt (capped at <see cref="MaxBackoff"/>, with ±20 %
/// jitter). Rekor's <c>--rekor_server.signer.gcpkms.retries</c> / <c>.timeout</c> default to 0 = "no interceptor", but
/// the Go KMS client still retries UNAVAILABLE with its own backoff and a 60 s deadline; <see cref="FromRekorFlags"/>
/// therefore maps 0 to these defaults (3 retries, 60 s), and any other value as given.</para>
/// <para>Credentials, first that applies: <see cref="Credential"/>; the service-account JSON file
/// <see cref="CredentialsFile"/>, else the file in <c>GOOGLE_APPLICATION_CREDENTIALS</c> (its <c>token_uri</c> is
/// honoured); else Application Default Credentials (gcloud's file, then the GCE/GKE metadata server: workload
/// identity). Tokens are requested for the <c>cloud-platform</c> scope and cached/refreshed by Google.Apis.Auth.</para>
/// </summary>
public sealed record GcpKmsSettings
{
    public static readonly Uri DefaultEndpoint = new("https://cloudkms.googleapis.com/");

    /// <summary>Extra attempts after the first for transient failures; 0 = a single attempt. Never negative.</summary>
    public int Retries { get; init; } = 3;

    /// <summary>Deadline of one attempt (token fetch + HTTP call). Positive.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The REST root (scheme, host, port); <c>v1/…</c> paths are appended to it.</summary>
    public Uri Endpoint { get; init; } = DefaultEndpoint;

    /// <summary>A path to service-account JSON; null = <c>GOOGLE_APPLICATION_CREDENTIALS</c>, then ADC.</summary>
    public string? CredentialsFile { get; init; }

    /// <summary>A ready credential (scoped here to <c>cloud-platform</c> if it needs scopes); overrides the files.</summary>
    public GoogleCredential? Credential { get; init; }

    /// <summary>Settings from Rekor's flags (0 = the defaults above; the timeout in seconds).</summary>
    public static GcpKmsSettings FromRekorFlags(int retries, int timeoutSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(retries);
        ArgumentOutOfRangeException.ThrowIfNegative(timeoutSeconds);
        var defaults = new GcpKmsSettings();
        return defaults with
        {
            Retries = retries == 0 ? defaults.Retries : retries,
            Timeout = timeoutSeconds == 0 ? defaults.Timeout : TimeSpan.FromSeconds(timeoutSeconds),
        };
    }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Retries, nameof(Retries));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero, nameof(Timeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialBackoff, TimeSpan.Zero, nameof(InitialBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, InitialBackoff, nameof(MaxBackoff));
        ArgumentNullException.ThrowIfNull(Endpoint, nameof(Endpoint));
        if (!Endpoint.IsAbsoluteUri)
        {
            throw new ArgumentException("the Cloud KMS endpoint must be an absolute URI", nameof(Endpoint));
        }
    }
}
