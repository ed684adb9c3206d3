namespace Rekor.Load;

/// <summary>Latency percentiles of the measured window, in milliseconds.</summary>
internal sealed record LatencyReport(double P50, double P90, double P99, double P999, double Max);

/// <summary>
/// CPU time over the measured window, in milliseconds, and per successful answer (201 for writes, 200 for reads);
/// the server's figures are null when no server process was named.
/// </summary>
internal sealed record CpuReport(
    double LoadToolMs, double LoadToolMsPerOk, double LoadToolCores,
    int? ServerPid, double? ServerMs, double? ServerMsPerOk, double? ServerCores,
    long? ServerRssBytes, long? ServerPeakRssBytes);

/// <summary>Whether the log grew by exactly the number of 201 answers (warm-up included) over the run.</summary>
internal sealed record TreeGrowthReport(long SizeBefore, long SizeAfter, long Created)
{
    public bool Passed => SizeAfter - SizeBefore == Created;
}

/// <summary>Everything a run reports; <see cref="Passed"/> decides the exit code.</summary>
internal sealed record LoadReport
{
    public required string Mode { get; init; }

    public required string Loop { get; init; }

    public required string Url { get; init; }

    public double Seconds { get; init; }

    public long Requests { get; init; }

    /// <summary>Answers with the success status of the mode (201 for writes, 200 for reads).</summary>
    public long Ok { get; init; }

    public double OkPerSecond { get; init; }

    public required LatencyReport LatencyMs { get; init; }

    public required IReadOnlyDictionary<int, long> Statuses { get; init; }

    public required IReadOnlyDictionary<string, long> TransportErrors { get; init; }

    public required CpuReport Cpu { get; init; }

    public TreeGrowthReport? TreeGrowth { get; init; }

    public VerificationReport? Verification { get; init; }

    /// <summary>Write mode: the crypto floor measured before the load (<see cref="CryptoFloor"/>); null when skipped.</summary>
    public FloorReport? Floor { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Something answered, the tree check (writes) and the sample verification (when done) passed.</summary>
    public bool Passed => Ok > 0 && TreeGrowth?.Passed != false && Verification?.Passed != false;
}
