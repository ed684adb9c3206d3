using System.Runtime;

namespace Rekor.Server.Api;

/// <summary>
/// Gives the memory of large request bodies back to the operating system once they are done. Their arrays live on
/// the large object heap, which the garbage collector collects only when later allocations ask for it and never
/// compacts on its own: after a burst of large bodies an idle server would keep the burst's peak for good. So when
/// a large charge is released, the heap is collected (blocking, gen 2) to keep the burst's garbage from piling up,
/// and once no large body is left in flight, a compacting, decommitting collection returns the pages.
/// </summary>
public sealed class BodyMemoryReturn
{
    /// <summary>Charges at least this large (bodies of 1 MiB and more) count as large.</summary>
    public static readonly long LargeCharge = RequestBodyBudget.ChargeFor(1024 * 1024);

    /// <summary>Least time between two collections induced while large bodies are still in flight.</summary>
    private const long MinCollectionIntervalMilliseconds = 250;

    private readonly RequestBodyBudget _budget;
    private int _returnScheduled;
    private long _lastCollection = long.MinValue / 2;

    public BodyMemoryReturn(RequestBodyBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        _budget = budget;
        budget.Released += OnReleased;
    }

    private void OnReleased(long bytes, long stillCharged)
    {
        if (bytes < LargeCharge)
        {
            return;
        }

        if (stillCharged >= LargeCharge)
        {
            // At most one induced collection per interval, so a steady stream of large bodies costs little.
            var now = Environment.TickCount64;
            var last = Interlocked.Read(ref _lastCollection);
            if (now - last >= MinCollectionIntervalMilliseconds && Interlocked.CompareExchange(ref _lastCollection, now, last) == last)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
            }

            return;
        }

        if (Interlocked.Exchange(ref _returnScheduled, 1) == 0)
        {
            // A short delay lets the request finish writing its answer and lets a burst end before the collection.
            _ = Task.Delay(TimeSpan.FromMilliseconds(200)).ContinueWith(_ => ReturnIfIdle(), TaskScheduler.Default);
        }
    }

    private void ReturnIfIdle()
    {
        Volatile.Write(ref _returnScheduled, 0);
        if (_budget.InUse >= LargeCharge)
        {
            return; // Another large body began; its own release schedules the return.
        }

        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
