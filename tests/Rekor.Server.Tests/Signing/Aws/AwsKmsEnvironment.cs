using Rekor.Server.Signing.Aws;

namespace Rekor.Server.Tests.Signing.Aws;

/// <summary>
/// The process environment the AWS SDK reads, set for every test of the <see cref="AwsKmsTests"/>: explicit
/// credentials for <see cref="FakeAwsKms"/>, no shared config or credentials files, and the EC2 metadata service
/// disabled, so the SDK's default chain never probes 169.254.169.254. The collection runs its tests one at a time,
/// since a test may change the region variables (and restores them).
/// </summary>
public sealed class AwsKmsEnvironment
{
    public AwsKmsEnvironment()
    {
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", FakeAwsKms.AccessKeyId);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", FakeAwsKms.SecretAccessKey);
        Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", null);
        Environment.SetEnvironmentVariable("AWS_PROFILE", null);
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", "/nonexistent/aws/config");
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws/credentials");
        Environment.SetEnvironmentVariable("AWS_REGION", "us-east-1");
        Environment.SetEnvironmentVariable("AWS_DEFAULT_REGION", null);
    }

    /// <summary>Settings for a fake on loopback: plain HTTP, quick timeouts, a few retries.</summary>
    public static AwsKmsSettings Settings(int retries = 2, double timeoutSeconds = 5) => new()
    {
        InsecureHttpEndpoint = true,
        MaxRetries = retries,
        CallTimeout = TimeSpan.FromSeconds(timeoutSeconds),
    };
}

[CollectionDefinition(nameof(AwsKmsTests), DisableParallelization = true)]
public sealed class AwsKmsTests : ICollectionFixture<AwsKmsEnvironment>;
