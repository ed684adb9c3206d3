namespace Rekor.Server.Tests.Signing.Aws;

/// <summary>Faults <see cref="FakeAwsKms"/> injects, each counted down per request (thread-safe).</summary>
public sealed class FakeKmsFaults
{
    private int _throttles;
    private int _internalErrors;
    private int _slowResponses;

    /// <summary>Operation the faults apply to (e.g. <c>Sign</c>); null applies them to every operation.</summary>
    public string? Operation { get; set; }

    /// <summary>How long a slow response waits before answering.</summary>
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Refuse every request with AccessDeniedException.</summary>
    public bool AccessDenied { get; set; }

    /// <summary>Return signatures that do not verify.</summary>
    public bool GarbageSignature { get; set; }

    /// <summary>Answer Sign with another key's ARN in <c>KeyId</c> (an alias retargeted after start-up).</summary>
    public string? SignedByArn { get; set; }

    /// <summary>Answer the next <paramref name="count"/> requests with ThrottlingException (400).</summary>
    public void Throttle(int count) => Volatile.Write(ref _throttles, count);

    /// <summary>Answer the next <paramref name="count"/> requests with KMSInternalException (500).</summary>
    public void FailInternally(int count) => Volatile.Write(ref _internalErrors, count);

    /// <summary>Delay the next <paramref name="count"/> responses by <see cref="SlowDelay"/>.</summary>
    public void Slow(int count) => Volatile.Write(ref _slowResponses, count);

    internal bool TakeThrottle() => Take(ref _throttles);

    internal bool TakeInternalError() => Take(ref _internalErrors);

    internal bool TakeSlow() => Take(ref _slowResponses);

    private static bool Take(ref int counter)
    {
        while (true)
        {
            var current = Volatile.Read(ref counter);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref counter, current - 1, current) == current)
            {
                return true;
            }
        }
    }
}
