using System.Diagnostics;
using Microsoft.Extensions.Options;
using Rekor.Server.Configuration;
using Rekor.Server.Metrics;

namespace Rekor.Server.Hosting;

/// <summary>
/// Prometheus metrics on a port of their own (2112 as rekor-server), and the request instruments feeding them.
/// Which port a request arrived on (<see cref="ConnectionInfo.LocalPort"/>) decides what it may reach, never its
/// Host header: the metrics port answers <c>/metrics</c> and nothing else, and the API port never answers
/// <c>/metrics</c> (it is not mapped there at all).
/// </summary>
public static class MetricsEndpoints
{
    /// <summary>Runs first: requests that arrived on the metrics port end in this branch.</summary>
    public static IApplicationBuilder UseMetricsPort(this IApplicationBuilder app) =>
        app.MapWhen(ArrivedOnMetricsPort, metricsPort => metricsPort
            .Use(OnlyScrapes)
            .UseOpenTelemetryPrometheusScrapingEndpoint(_ => true));

    /// <summary>
    /// Counts and times every API request by route pattern (not raw path, so entry IDs cannot add series), method
    /// (one of HTTP's own or <c>_OTHER</c>) and status code: every label takes a bounded set of values.
    /// </summary>
    public static IApplicationBuilder UseRequestMetrics(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var started = Stopwatch.GetTimestamp();
        await next(context);
        context.RequestServices.GetRequiredService<RekorMetrics>().RecordRequest(
            MetricLabels.Route(context.GetEndpoint()),
            MetricLabels.Method(context.Request.Method),
            MetricLabels.Status(context.Response.StatusCode),
            Stopwatch.GetElapsedTime(started));
    });

    private static bool ArrivedOnMetricsPort(HttpContext context)
    {
        var port = context.RequestServices.GetRequiredService<IOptions<RekorServerOptions>>().Value.MetricsPort;
        return port > 0 && context.Connection.LocalPort == port;
    }

    private static async Task OnlyScrapes(HttpContext context, RequestDelegate next)
    {
        if (!string.Equals(context.Request.Path.Value, "/metrics", StringComparison.Ordinal))
        {
            await Api.ApiResults.WriteErrorAsync(context, StatusCodes.Status404NotFound, "the metrics port serves /metrics only");
            return;
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.Headers.Allow = "GET, HEAD";
            await Api.ApiResults.WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, $"method {MetricLabels.Method(context.Request.Method)} is not allowed, but [GET,HEAD] are");
            return;
        }

        await next(context);
    }
}
