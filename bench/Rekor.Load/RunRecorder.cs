using System.Collections.Concurrent;
using HdrHistogram;

namespace Rekor.Load;

/// <summary>An answer kept for checks after the run: its request's sequence number, status and body.</summary>
internal sealed record KeptAnswer(long Sequence, int Status, byte[] Body);

/// <summary>
/// What one phase of a run saw, recorded from many senders at once: latencies (microseconds, from the intended send
/// time), answers per status code, transport errors by kind, kept bodies and entry IDs. Recording is lock-free except
/// for the rare kept body.
/// </summary>
internal sealed class RunRecorder
{
    /// <summary>Latencies from 1 µs to 1 h at 3 significant digits.</summary>
    private readonly LongConcurrentHistogram _latencyMicros = new(1, 3_600_000_000, 3);
    private readonly long[] _statuses = new long[600];
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<KeptAnswer> _kept = [];
    private readonly ConcurrentQueue<(long Sequence, string EntryId)> _entryIds = new();

    public void Answer(int status, long latencyMicros)
    {
        Interlocked.Increment(ref _statuses[status is >= 0 and < 600 ? status : 0]);
        _latencyMicros.RecordValue(Math.Clamp(latencyMicros, 1, 3_600_000_000));
    }

    /// <summary>A request that got no HTTP answer; it has no latency.</summary>
    public void Error(string kind) => _errors.AddOrUpdate(kind, 1, static (_, n) => n + 1);

    public void Keep(KeptAnswer answer) => _kept.Add(answer);

    public void EntryId(long sequence, string entryId) => _entryIds.Enqueue((sequence, entryId));

    public long Count(int status) => Interlocked.Read(ref _statuses[status]);

    public IReadOnlyDictionary<int, long> Statuses =>
        Enumerable.Range(0, _statuses.Length).Where(s => _statuses[s] > 0).ToDictionary(s => s, s => _statuses[s]);

    public IReadOnlyDictionary<string, long> Errors => new SortedDictionary<string, long>(_errors, StringComparer.Ordinal);

    public long Answers => _statuses.Sum();

    public long ErrorCount => _errors.Values.Sum();

    public IReadOnlyList<KeptAnswer> Kept => [.. _kept.OrderBy(k => k.Sequence)];

    public IReadOnlyList<(long Sequence, string EntryId)> EntryIds => [.. _entryIds.OrderBy(e => e.Sequence)];

    /// <summary>The latency at <paramref name="percentile"/> (0-100) in milliseconds; 0 when nothing answered.</summary>
    public double LatencyMs(double percentile) =>
        _latencyMicros.TotalCount == 0 ? 0 : _latencyMicros.GetValueAtPercentile(percentile) / 1000.0;

    public double MaxLatencyMs => _latencyMicros.TotalCount == 0 ? 0 : _latencyMicros.GetMaxValue() / 1000.0;
}
