using Rekor.Server.Metrics;

namespace Rekor.Server.Hosting;

/// <summary>
/// Prometheus metrics on a port of their own (2112 as rekor-server), and the request counter feeding them. Which
/// port a request arrived on decides what it may reach, never its Host header: the metrics port answers
/// <c>/metrics</c> and nothing else, and the API port never answers <c>/metrics</c>.
/// </summary>
public static class MetricsEndpoints
{
    /// <summary>Runs first: requests that arrived on <paramref name="port"/> end here.</summary>
    public static IApplicationBuilder UseMetricsPort(this IApplicationBuilder app, int port) => app.Use(async (context, next) =>
    {
        if (context.Connection.LocalPort != port)
        {
            await next(context);
            return;
        }

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

        var text = context.RequestServices.GetRequiredService<PrometheusExporter>().Render();
        await Results.Text(text, "text/plain; version=0.0.4").ExecuteAsync(context);
    });

    /// <summary>
    /// Counts every API request by route pattern (not raw path, so entry IDs cannot add series), method (one of
    /// HTTP's own or <c>_OTHER</c>) and status code: every label takes a bounded set of values.
    /// </summary>
    public static IApplicationBuilder UseRequestMetrics(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context);
        context.RequestServices.GetRequiredService<RekorMetrics>().Requests.Add(
            1,
            new KeyValuePair<string, object?>("route", MetricLabels.Route(context.GetEndpoint())),
            new KeyValuePair<string, object?>("method", MetricLabels.Method(context.Request.Method)),
            new KeyValuePair<string, object?>("code", MetricLabels.Status(context.Response.StatusCode)));
    });
}
