using Rekor.Server.Metrics;

namespace Rekor.Server.Hosting;

/// <summary>Prometheus metrics on their own port (2112 as rekor-server), and the request counter feeding them.</summary>
public static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app, int port)
    {
        app.MapGet("/metrics", (PrometheusExporter exporter) => Results.Text(exporter.Render(), "text/plain; version=0.0.4"))
            .RequireHost("*:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return app;
    }

    /// <summary>Counts every request by route pattern (not raw path, so entry IDs do not explode the label set).</summary>
    public static IApplicationBuilder UseRequestMetrics(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context);
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
        context.RequestServices.GetRequiredService<RekorMetrics>().Requests.Add(
            1,
            new KeyValuePair<string, object?>("route", route),
            new KeyValuePair<string, object?>("method", context.Request.Method),
            new KeyValuePair<string, object?>("code", context.Response.StatusCode));
    });
}
