using System.Diagnostics.Metrics;

namespace Rekor.Server.Metrics;

/// <summary>
/// The server's instruments (System.Diagnostics.Metrics), named as Prometheus will show them. One instance per
/// process; the Prometheus listener reads them through <see cref="PrometheusExporter"/>.
/// </summary>
public sealed class RekorMetrics : IDisposable
{
    public const string MeterName = "Rekor.Server";

    private readonly Meter _meter = new(MeterName);

    public RekorMetrics(Func<long> queueDepth)
    {
        Requests = _meter.CreateCounter<long>("rekor_http_requests_total", description: "HTTP requests by route pattern, method and status code");
        EntriesAppended = _meter.CreateCounter<long>("rekor_new_entries_total", description: "Entries appended to the log");
        BatchSize = _meter.CreateHistogram<double>("rekor_batch_size", description: "Entries per committed batch");
        SequencingLatency = _meter.CreateHistogram<double>("rekor_sequencing_latency_seconds", description: "Time to integrate one batch (sign and commit)");
        _meter.CreateObservableGauge("rekor_queue_depth", queueDepth, description: "Appends waiting for the sequencer");
    }

    public Counter<long> Requests { get; }

    public Counter<long> EntriesAppended { get; }

    public Histogram<double> BatchSize { get; }

    public Histogram<double> SequencingLatency { get; }

    public void Dispose() => _meter.Dispose();
}
