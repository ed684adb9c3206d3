using Polly;
using Microsoft.Extensions.Http.Resilience;
using Rekor.Core.Client;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="RekorClient"/> as a typed client of <c>IHttpClientFactory</c>.</summary>
public static class RekorClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="RekorClient"/> talking to the log at <paramref name="baseAddress"/>, with the retries of
    /// <see cref="RekorRetryPolicy"/>. The returned builder takes further handlers and settings.
    /// </summary>
    public static IHttpClientBuilder AddRekorClient(this IServiceCollection services, Uri baseAddress, int maxRetries = 3)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var builder = services.AddHttpClient<RekorClient>(client => client.BaseAddress = RekorClient.WithTrailingSlash(baseAddress));
        builder.AddResilienceHandler("rekor-retry", pipeline => pipeline.AddRetry(RekorRetryPolicy.Options(maxRetries)));
        return builder;
    }
}
