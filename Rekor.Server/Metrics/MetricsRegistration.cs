using OpenTelemetry.Metrics;

namespace Rekor.Server.Metrics;

/// <summary>
/// Metrics through OpenTelemetry: the server's own instruments (<see cref="RekorMetrics"/>), ASP.NET Core's and
/// Kestrel's (<c>http_server_request_duration_seconds</c>, connections), and the runtime's (GC, thread pool, JIT),
/// exported in Prometheus' text format by the scraping middleware that <see cref="Hosting.MetricsEndpoints"/> puts on
/// the metrics port.
/// </summary>
public static class MetricsRegistration
{
    public static IServiceCollection AddRekorMetrics(this IServiceCollection services)
    {
        services.AddSingleton<RekorMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(RekorMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter(prometheus =>
            {
                // rekor-server's counters are named without the _total suffix (rekor_new_entries, rekor_qps_by_api);
                // dashboards written for it keep working.
                prometheus.DisableTotalNameSuffixForCounters = true;

                // Every scrape sees every request answered before it (the tests rely on it; a scrape is cheap).
                prometheus.ScrapeResponseCacheDurationMilliseconds = 0;
            }));
        return services;
    }
}
