namespace Rekor.Load;

/// <summary>What a warm-up and a measured window of one plan recorded.</summary>
internal sealed record WindowResult(RunRecorder Warmup, RunRecorder Measured, TimeSpan Elapsed, CpuReport Cpu, long RequestsSent, bool PlanRanOut);

/// <summary>
/// Runs a plan twice over one connection pool: a warm-up (JIT, connections, caches; recorded apart) and the measured
/// window, with CPU times read at the measured window's edges only.
/// </summary>
internal static class MeasuredWindow
{
    /// <param name="warmupLimit">At most this many warm-up requests (0 = no limit but time).</param>
    /// <param name="beforeMeasuring">
    /// Told the first measured sequence number and the warm-up's answers per second in its second half (0 when not
    /// known), before the clock starts.
    /// </param>
    public static async Task<WindowResult> RunAsync(
        RequestPlan plan, LoadOptions options, long warmupLimit, Action<long, double> beforeMeasuring)
    {
        using ITransport transport = options.Transport == TransportKind.Raw ? new RawTransport(options) : new HttpTransport(options);
        var driver = new LoadDriver(transport, plan, options);
        var warmup = new RunRecorder();
        long next = 0;
        var warmRate = 0.0;
        if (options.WarmupSeconds > 0)
        {
            // Two halves: the pace is taken from the second, after a cold server's JIT has settled.
            var half = TimeSpan.FromSeconds(options.WarmupSeconds / 2);
            (next, _) = await driver.RunAsync(0, half, warmupLimit, warmup);
            var left = warmupLimit > 0 ? warmupLimit - next : 0;
            if (warmupLimit == 0 || left > 0)
            {
                var answeredBefore = warmup.Answers;
                var (after, secondHalf) = await driver.RunAsync(next, half, left, warmup);
                next = after;
                warmRate = (warmup.Answers - answeredBefore) / secondHalf.TotalSeconds;
            }
        }

        beforeMeasuring(next, warmRate);
        var meter = new ProcessMeter(options.ServerPid);
        var measured = new RunRecorder();
        var duration = options.Seconds > 0 ? TimeSpan.FromSeconds(options.Seconds) : TimeSpan.FromDays(1);
        var (selfBefore, serverBefore) = meter.CpuNow();
        var (end, elapsed) = await driver.RunAsync(next, duration, options.Requests, measured);
        var (selfAfter, serverAfter) = meter.CpuNow();
        var memory = meter.ServerMemory();

        var ok = Math.Max(1, measured.Count(plan.OkStatus));
        var selfMs = (selfAfter - selfBefore).TotalMilliseconds;
        double? serverMs = serverAfter is { } sa && serverBefore is { } sb ? (sa - sb).TotalMilliseconds : null;
        var cpu = new CpuReport(
            selfMs, selfMs / ok, selfMs / elapsed.TotalMilliseconds,
            meter.ServerPid, serverMs, serverMs / ok, serverMs / elapsed.TotalMilliseconds,
            memory?.Resident, memory?.Peak);
        var ranOut = end >= plan.Available && (options.Requests == 0 || end - next < options.Requests);
        return new WindowResult(warmup, measured, elapsed, cpu, end - next, ranOut);
    }

    /// <summary>The parts of a report every mode shares.</summary>
    public static LoadReport Report(string mode, LoadOptions options, WindowResult window, int okStatus)
    {
        var transport = options.Transport == TransportKind.Raw ? "raw sockets" : "HttpClient";
        var m = window.Measured;
        var loop = options.Rate > 0
            ? $"open loop at {options.Rate:F0}/s (latency from the intended send time), at most {options.Connections} connections ({transport})"
            : $"closed loop, {options.Connections} connections ({transport})";
        return new LoadReport
        {
            Mode = mode,
            Loop = loop,
            Url = options.Url.ToString(),
            Seconds = window.Elapsed.TotalSeconds,
            Requests = m.Answers + m.ErrorCount,
            Ok = m.Count(okStatus),
            OkPerSecond = m.Count(okStatus) / window.Elapsed.TotalSeconds,
            LatencyMs = new LatencyReport(m.LatencyMs(50), m.LatencyMs(90), m.LatencyMs(99), m.LatencyMs(99.9), m.MaxLatencyMs),
            Statuses = m.Statuses,
            TransportErrors = m.Errors,
            Cpu = window.Cpu,
        };
    }
}
