namespace Rekor.Server.Log;

/// <summary>How the sequencer batches. Defaults come from bench/ (see README: "Benchmarks").</summary>
public sealed record SequencerOptions
{
    /// <summary>The one source of the defaults; <c>RekorServerOptions</c> uses these too.</summary>
    public const int DefaultMaxBatchSize = 1024;

    /// <summary>See <see cref="DefaultMaxBatchSize"/>.</summary>
    public const double DefaultMaxBatchWaitMilliseconds = 1;

    /// <summary>See <see cref="DefaultMaxBatchSize"/>.</summary>
    public const int DefaultQueueCapacity = 8192;

    /// <summary>At most this many entries are committed in one transaction.</summary>
    public int MaxBatchSize { get; init; } = DefaultMaxBatchSize;

    /// <summary>
    /// How long a batch waits for more entries after its first one arrived. Entries that arrive while a batch
    /// commits form the next batch anyway, so under load batches fill without waiting; this only trades latency
    /// for fewer, larger commits at low load.
    /// </summary>
    public TimeSpan MaxBatchWait { get; init; } = TimeSpan.FromMilliseconds(DefaultMaxBatchWaitMilliseconds);

    /// <summary>
    /// How many SETs of a batch a remote signer (a KMS, whose calls wait on the network rather than the CPU) has in
    /// flight at once. A key in this process signs synchronously, one SET after another on the sequencer's own thread
    /// (<see cref="BatchSigning"/>), whatever this says.
    /// </summary>
    public int SigningConcurrency { get; init; } = Environment.ProcessorCount;

    /// <summary>Entries waiting beyond this are refused with pushback instead of queueing without bound.</summary>
    public int QueueCapacity { get; init; } = DefaultQueueCapacity;
}
