using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Rekor.Core.Client;

/// <summary>
/// When a <see cref="RekorClient"/> tries again: on 429 Too Many Requests and 503 Service Unavailable (a log
/// that sheds load, or a replica behind a load balancer that is restarting), on 502/504 from a proxy in front of
/// it, and when the connection failed. It waits what the server's <c>Retry-After</c> says (at most
/// <see cref="MaxDelay"/>), else backs off exponentially with jitter. Re-sending a createLogEntry is safe: the
/// log deduplicates, and an entry the first attempt stored answers 409 with its location.
/// </summary>
public static class RekorRetryPolicy
{
    /// <summary>The longest wait between two attempts, whatever <c>Retry-After</c> asks for.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    /// <summary>The retry strategy's options, for a resilience pipeline of your own.</summary>
    public static HttpRetryStrategyOptions Options(int maxRetries = 3) => new()
    {
        MaxRetryAttempts = maxRetries,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = TimeSpan.FromMilliseconds(500),
        MaxDelay = MaxDelay,
        ShouldRetryAfterHeader = true,
        ShouldHandle = arguments => ValueTask.FromResult(IsWorthRetrying(arguments.Outcome)),
    };

    /// <summary>A message handler that applies <see cref="Options"/> in front of <paramref name="inner"/>.</summary>
    public static DelegatingHandler Handler(HttpMessageHandler inner, int maxRetries = 3)
    {
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>().AddRetry(Options(maxRetries)).Build();
        return new ResilienceHandler(pipeline) { InnerHandler = inner };
    }

    private static bool IsWorthRetrying(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result?.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout
        || outcome.Exception is HttpRequestException;
}
