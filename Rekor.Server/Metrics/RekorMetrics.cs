using System.Diagnostics.Metrics;
using System.Reflection;

namespace Rekor.Server.Metrics;

/// <summary>
/// The server's own instruments (System.Diagnostics.Metrics), exported by OpenTelemetry's Prometheus exporter on
/// the metrics port. Names are the Prometheus names: rekor-server's where it has the metric (<c>rekor_new_entries</c>,
/// <c>rekor_qps_by_api</c>, <c>rekor_latency_by_api</c>, <c>rekor_api_latency</c>, <c>rekor_build_info</c>, with its
/// label names and its nanosecond latencies), ours for the sequencer. Label values come from
/// <see cref="MetricLabels"/> only, so their sets are closed. One instance per host.
/// </summary>
public sealed class RekorMetrics : IDisposable
{
    public const string MeterName = "Rekor.Server";

    /// <summary>rekor-server's latency buckets: 10 exponential steps from 1 ms to 4 s, in nanoseconds.</summary>
    private static readonly IReadOnlyList<double> LatencyBucketsNanoseconds =
        [.. Enumerable.Range(0, 10).Select(i => 1e6 * Math.Pow(4000, i / 9.0))];

    private static readonly IReadOnlyList<double> BatchSizeBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];

    private static readonly IReadOnlyList<double> SecondsBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _latencyByApi;
    private readonly Histogram<double> _apiLatency;
    private readonly Counter<long> _newEntries;
    private readonly Histogram<long> _batchSize;
    private readonly Histogram<double> _sequencingLatency;

    public RekorMetrics()
    {
        _requests = _meter.CreateCounter<long>("rekor_qps_by_api", description: "Api QPS by path, method, and response code");
        _latencyByApi = _meter.CreateHistogram("rekor_latency_by_api", unit: null, description: "Api Latency (in ns) by path and method", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBucketsNanoseconds });
        _apiLatency = _meter.CreateHistogram("rekor_api_latency", unit: null, description: "Api Latency (in ns) on calls by path and response code", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBucketsNanoseconds });
        _newEntries = _meter.CreateCounter<long>("rekor_new_entries", description: "The total number of new log entries");
        _batchSize = _meter.CreateHistogram("rekor_batch_size", unit: null, description: "Entries per committed batch", tags: null,
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [.. BatchSizeBuckets.Select(b => (long)b)] });
        _sequencingLatency = _meter.CreateHistogram("rekor_sequencing_latency_seconds", unit: null, description: "Time to integrate one batch (sign and commit), in seconds", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _meter.CreateObservableGauge("rekor_queue_depth", () => QueueDepth(), description: "Appends waiting for the sequencer");
        var version = typeof(RekorMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        _meter.CreateObservableGauge("rekor_build_info", () => new Measurement<int>(1, new KeyValuePair<string, object?>("version", version)),
            description: "A metric with a constant '1' value labeled by the version from which rekor was built");
    }

    /// <summary>How many appends wait for the sequencer; set once the log is open (0 before).</summary>
    public Func<int> QueueDepth { get; set; } = () => 0;

    /// <summary>One API request answered: its route pattern, method and status, and how long it took.</summary>
    public void RecordRequest(string path, string method, string code, TimeSpan elapsed)
    {
        var nanoseconds = elapsed.TotalNanoseconds;
        _requests.Add(1, new("path", path), new("method", method), new("code", code));
        _latencyByApi.Record(nanoseconds, new("path", path), new("method", method));
        _apiLatency.Record(nanoseconds, new("path", path), new("code", code));
    }

    /// <summary>One batch committed by the sequencer: its size and how long signing and committing it took.</summary>
    public void RecordBatch(int count, TimeSpan elapsed)
    {
        _newEntries.Add(count);
        _batchSize.Record(count);
        _sequencingLatency.Record(elapsed.TotalSeconds);
    }

    public void Dispose() => _meter.Dispose();
}
