namespace Rekor.Load;

/// <summary>
/// The requests of a run, numbered from 0 in the order they are sent. Every request is built before the clock starts;
/// <see cref="Get"/> only picks one.
/// </summary>
internal abstract class RequestPlan
{
    /// <summary>How many distinct requests there are; sequence numbers at or past it are never asked for.</summary>
    public abstract long Available { get; }

    /// <summary>Request <paramref name="sequence"/>, below <see cref="Available"/>.</summary>
    public abstract PreparedRequest Get(long sequence);

    /// <summary>The first sequence number whose answer may be kept (the measured window's first); none by default.</summary>
    public long SampleFrom { get; set; } = long.MaxValue;

    /// <summary>Every how many requests from <see cref="SampleFrom"/> on an answer is kept; at least 1.</summary>
    public long SampleStride { get; set; } = long.MaxValue;

    /// <summary>
    /// Whether the answer's body is kept for checks after the run (every other body is drained into a scratch
    /// buffer): every <see cref="SampleStride"/>-th from <see cref="SampleFrom"/> on, so the sample spreads evenly
    /// over the requests sent.
    /// </summary>
    public bool KeepBody(long sequence) => sequence >= SampleFrom && (sequence - SampleFrom) % SampleStride == 0;

    /// <summary>The status of a successful answer: 201 for writes, 200 for reads.</summary>
    public virtual int OkStatus => 200;

    /// <summary>Whether successful answers' entry IDs (the ETag header) are kept.</summary>
    public virtual bool KeepEntryIds => false;
}
