namespace Rekor.Server.Signing.Aws;

/// <summary>
/// How an <see cref="AwsKmsSigner"/> talks to AWS KMS. Credentials are never here: they come from the AWS SDK's default
/// chain (environment, profile, web identity, container, instance metadata). The region comes from
/// <c>AWS_REGION</c>, else <c>AWS_DEFAULT_REGION</c> (what the Sigstore Helm chart sets), unless <see cref="Region"/>
/// overrides both.
/// </summary>
public sealed record AwsKmsSettings
{
    /// <summary>Retries of a failed call (throttling, 5xx, timeouts) after the first attempt; 0 disables them.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Limit on one HTTP attempt; the whole call may take about (1 + <see cref="MaxRetries"/>) times this plus backoff.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Reach an endpoint given in the URI over plain HTTP instead of HTTPS (tests and local emulators only).</summary>
    public bool InsecureHttpEndpoint { get; init; }

    /// <summary>The signing region, overriding the environment; null reads the environment.</summary>
    public string? Region { get; init; }

    /// <summary>Reads an environment variable (tests substitute their own); defaults to the process environment.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}
