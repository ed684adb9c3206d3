using Amazon;
using Amazon.KeyManagementService;
using Amazon.Runtime;

namespace Rekor.Server.Signing.Aws;

/// <summary>
/// Builds the KMS client for a reference: the URI's endpoint (when given) becomes the service URL and the region is
/// used only for signing requests; otherwise the region picks the public endpoint. Retries use the SDK's standard mode
/// (throttling, 5xx and transient network errors, exponential backoff with jitter), bounded by the settings.
/// </summary>
internal static class AwsKmsClientFactory
{
    public static AmazonKeyManagementServiceClient Create(AwsKmsKeyReference reference, AwsKmsSettings settings)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(settings.MaxRetries);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(settings.CallTimeout, TimeSpan.Zero);
        var region = AwsKmsRegion.Resolve(settings);
        var config = new AmazonKeyManagementServiceConfig
        {
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = settings.MaxRetries,
            Timeout = settings.CallTimeout,
        };
        if (reference.Endpoint is { } endpoint)
        {
            config.ServiceURL = (settings.InsecureHttpEndpoint ? "http://" : "https://") + endpoint;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return new AmazonKeyManagementServiceClient(config);
    }
}
