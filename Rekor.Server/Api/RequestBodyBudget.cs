namespace Rekor.Server.Api;

/// <summary>
/// Bounds the memory that request bodies in flight may hold, in total. Each body is charged
/// <see cref="ChargeFor"/> its size before a byte of it is read, and keeps the charge until its request has been
/// answered; a body that does not fit waits (first come, first served, so a large body is not starved by small
/// ones) and is turned away after the wait limit. Thread-safe; one instance per process.
/// </summary>
public sealed class RequestBodyBudget
{
    /// <summary>
    /// What one body of n bytes is charged, as a multiple of n. While its request runs, a body holds its bytes as
    /// read, the parsed element's copy of them and its index (at most n, see <see cref="RequestBody.MinBytesPerToken"/>),
    /// and what the entry's checks read out of it: strings (two bytes a character) and decoded base64, some of it
    /// garbage the collector has not reached yet. Measured with bodies of 32 MiB (a rekord with inline content, a
    /// single long string, a dense array), two at a time: about 8n each on an idle machine, up to 10.6n while the test
    /// suite loaded both cores; the charge covers the latter.
    /// </summary>
    public const int BytesHeldPerBodyByte = 12;

    /// <summary>A fixed part per body, for the small buffers and objects every request has however small its body.</summary>
    public const long FixedChargePerBody = 16 * 1024;

    private readonly Lock _gate = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private long _available;

    public RequestBodyBudget(long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _available = capacity;
    }

    /// <summary>The most that bodies in flight may hold together, in bytes.</summary>
    public long Capacity { get; }

    /// <summary>Bytes currently charged to bodies in flight.</summary>
    public long InUse
    {
        get
        {
            lock (_gate)
            {
                return Capacity - _available;
            }
        }
    }

    /// <summary>The charge for a body of <paramref name="bodyBytes"/> bytes.</summary>
    public static long ChargeFor(long bodyBytes) => checked((bodyBytes * BytesHeldPerBodyByte) + FixedChargePerBody);

    /// <summary>
    /// Charges <paramref name="bytes"/>, waiting at most <paramref name="wait"/> for them to be free. Returns the lease
    /// that gives them back when disposed, or null when they did not become free in time. A charge larger than the
    /// whole capacity can never be met and returns null at once.
    /// </summary>
    public async Task<IDisposable?> TryChargeAsync(long bytes, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 0);
        Waiter waiter;
        lock (_gate)
        {
            if (bytes > Capacity)
            {
                return null;
            }

            if (_waiters.Count == 0 && _available >= bytes)
            {
                _available -= bytes;
                return new Lease(this, bytes);
            }

            waiter = new Waiter(bytes);
            waiter.Node = _waiters.AddLast(waiter);
        }

        try
        {
            await waiter.Granted.Task.WaitAsync(wait, cancellationToken);
            return new Lease(this, bytes);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            lock (_gate)
            {
                if (waiter.Node!.List is not null)
                {
                    // Still queued: nothing was charged. Its leaving may let the waiters behind it through.
                    _waiters.Remove(waiter.Node);
                    GrantWaiting();
                    return null;
                }
            }

            // Granted while the wait ended: the charge is ours, so hand it back.
            Release(bytes);
            return null;
        }
    }

    /// <summary>Raised after a charge is given back, with its size and the bytes still charged; outside the gate.</summary>
    public event Action<long, long>? Released;

    private void Release(long bytes)
    {
        long inUse;
        lock (_gate)
        {
            _available += bytes;
            GrantWaiting();
            inUse = Capacity - _available;
        }

        Released?.Invoke(bytes, inUse);
    }

    /// <summary>Grants queued charges in order while the first one fits. Caller holds the gate.</summary>
    private void GrantWaiting()
    {
        while (_waiters.First is { } first && first.Value.Bytes <= _available)
        {
            _available -= first.Value.Bytes;
            _waiters.RemoveFirst();
            first.Value.Granted.TrySetResult();
        }
    }

    private sealed class Waiter(long bytes)
    {
        public long Bytes { get; } = bytes;

        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }
    }

    private sealed class Lease(RequestBodyBudget budget, long bytes) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                budget.Release(bytes);
            }
        }
    }
}
