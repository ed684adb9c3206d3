using Rekor.Server.Log;

namespace Rekor.Server.Tests.Log;

/// <summary>The sequencer's loop thread: the loop's awaits come back to it, and the loop's outcome is the task's.</summary>
public sealed class DedicatedLoopThreadTests
{
    [Fact]
    public async Task Every_await_of_the_loop_resumes_on_its_own_named_thread()
    {
        var seen = new List<(int Thread, string? Name)>();

        await DedicatedLoopThread.Start("test loop", async () =>
        {
            for (var i = 0; i < 5; i++)
            {
                seen.Add((Environment.CurrentManagedThreadId, Thread.CurrentThread.Name));
                await Task.Delay(2);
                seen.Add((Environment.CurrentManagedThreadId, Thread.CurrentThread.Name));
                await Task.Run(() => Thread.Sleep(1)); // work on the pool, then back
                await Task.Yield();
            }
        });

        Assert.Equal(10, seen.Count);
        Assert.Single(seen.Select(s => s.Thread).Distinct());
        Assert.All(seen, s => Assert.Equal("test loop", s.Name));
        Assert.NotEqual(Environment.CurrentManagedThreadId, seen[0].Thread);
    }

    [Fact]
    public async Task A_failing_loop_fails_the_task_with_its_exception()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DedicatedLoopThread.Start("failing loop", async () =>
        {
            await Task.Delay(1);
            throw new InvalidOperationException("the loop failed");
        }));

        Assert.Equal("the loop failed", error.Message);
    }

    [Fact]
    public async Task A_cancelled_loop_cancels_the_task()
    {
        using var stop = new CancellationTokenSource();
        var loop = DedicatedLoopThread.Start("cancelled loop", () => Task.Delay(Timeout.Infinite, stop.Token));

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
        Assert.True(loop.IsCanceled);
    }
}
