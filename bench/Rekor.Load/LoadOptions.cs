namespace Rekor.Load;

/// <summary>What a read run asks for, one request kind per run.</summary>
internal enum ReadTarget
{
    Index,
    Uuid,
    Proof,
    LogInfo,
    Search,
}

/// <summary>How requests reach the server: plain sockets (cheapest) or .NET's HttpClient (https too).</summary>
internal enum TransportKind
{
    Raw,
    Http,
}

/// <summary>
/// Everything one run is told. A rate of 0 means a closed loop (<see cref="Connections"/> senders, each sending its
/// next request when the last one answered); a positive rate is an open loop (requests start on a fixed schedule
/// whatever the answers do). The run ends at <see cref="Seconds"/> or after <see cref="Requests"/> measured requests,
/// whichever comes first (0 = no limit of that kind; at least one limit is always set).
/// </summary>
internal sealed record LoadOptions
{
    public Uri Url { get; init; } = new("http://127.0.0.1:3000");

    public int Connections { get; init; } = 64;

    public TransportKind Transport { get; init; } = TransportKind.Raw;

    /// <summary>Requests per second for an open loop; 0 for a closed loop.</summary>
    public double Rate { get; init; }

    public double Seconds { get; init; } = 10;

    public long Requests { get; init; }

    /// <summary>Seconds of traffic before the measured window (not reported, but its 201s count for the tree check).</summary>
    public double WarmupSeconds { get; init; } = 1;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The server's process ID, for its CPU time and memory; null when not measured.</summary>
    public int? ServerPid { get; init; }

    public bool Json { get; init; }

    // Write mode.

    /// <summary>Seconds to measure the crypto floor for before the load (<see cref="CryptoFloor"/>); 0 (the default here; the command line's is 3) skips it.</summary>
    public double FloorSeconds { get; init; }

    /// <summary>Pre-built bodies; 0 picks enough for the limits given (see <see cref="WriteRun"/>).</summary>
    public int Bodies { get; init; }

    /// <summary>One signing key for every body instead of a fresh one per body.</summary>
    public bool SingleKey { get; init; }

    /// <summary>How many 201 answers, spread over the measured window, are verified after the run.</summary>
    public int VerifySample { get; init; } = 200;

    /// <summary>The checkpoint signer name the verifier demands; null takes it from the log's own checkpoint.</summary>
    public string? CheckpointName { get; init; }

    /// <summary>Where write mode writes "entryID sha256hex" for every 201, for read mode's <see cref="UuidsFile"/>.</summary>
    public string? SaveUuids { get; init; }

    // Read mode.

    public ReadTarget What { get; init; } = ReadTarget.Index;

    /// <summary>A file written by <see cref="SaveUuids"/>; without one, read mode collects entries itself.</summary>
    public string? UuidsFile { get; init; }

    /// <summary>How many entries read mode reads (before the clock) to collect UUIDs and hashes when it has no file.</summary>
    public int Collect { get; init; } = 1000;

    /// <summary>Seed of the random indexes, sizes and choices of read mode, so runs can be repeated.</summary>
    public int Seed { get; init; } = 1;
}
