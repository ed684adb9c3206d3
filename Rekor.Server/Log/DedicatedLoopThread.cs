using System.Collections.Concurrent;

namespace Rekor.Server.Log;

/// <summary>
/// Runs an asynchronous loop on a thread of its own. Every continuation of the loop's own awaits comes back to that
/// thread (it installs a single-threaded <see cref="SynchronizationContext"/>), so the loop never waits in the thread
/// pool's queue behind request work. Work the loop hands to the pool (<c>Task.Run</c>, <c>ConfigureAwait(false)</c>
/// inside callees) runs there as usual.
/// </summary>
internal static class DedicatedLoopThread
{
    /// <summary>Starts <paramref name="loop"/> on a new background thread named <paramref name="name"/>; the task completes as the loop does.</summary>
    public static Task Start(string name, Func<Task> loop)
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => Pump(loop, finished)) { IsBackground = true, Name = name };
        thread.Start();
        return finished.Task;
    }

    private static void Pump(Func<Task> loop, TaskCompletionSource finished)
    {
        using var context = new LoopContext();
        SynchronizationContext.SetSynchronizationContext(context);
        Task running;
        try
        {
            running = loop();
        }
        catch (Exception e)
        {
            running = Task.FromException(e);
        }

        running.ContinueWith(_ => context.Complete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        context.RunUntilComplete();
        SynchronizationContext.SetSynchronizationContext(null);

        if (running.IsCanceled)
        {
            finished.TrySetCanceled();
        }
        else if (running.Exception is { } failure)
        {
            finished.TrySetException(failure.InnerExceptions);
        }
        else
        {
            finished.TrySetResult();
        }
    }

    /// <summary>Queues continuations for the loop's thread. Owned by that thread: it alone runs them, until the loop ends.</summary>
    private sealed class LoopContext : SynchronizationContext, IDisposable
    {
        private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _work = [];

        public override void Post(SendOrPostCallback d, object? state)
        {
            // A continuation posted after the loop ended (a stray timer callback) still runs, on the pool.
            if (!_work.TryAdd((d, state)))
            {
                ThreadPool.QueueUserWorkItem(s => d(s), state, preferLocal: false);
            }
        }

        public override void Send(SendOrPostCallback d, object? state) =>
            throw new NotSupportedException("the loop's thread accepts posted work only");

        public override SynchronizationContext CreateCopy() => this;

        public void Complete() => _work.CompleteAdding();

        public void RunUntilComplete()
        {
            foreach (var (callback, state) in _work.GetConsumingEnumerable())
            {
                callback(state);
            }
        }

        public void Dispose() => _work.Dispose();
    }
}
