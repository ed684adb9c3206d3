using Rekor.Server.Api;

namespace Rekor.Server.Tests.Api;

/// <summary>The budget of memory for request bodies: never over-committed, first come first served, nothing leaked by waits that end.</summary>
public sealed class RequestBodyBudgetTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Charges_up_to_the_capacity_pass_at_once_and_come_back_when_disposed()
    {
        var budget = new RequestBodyBudget(100);

        var first = await budget.TryChargeAsync(60, Long, CancellationToken.None);
        var second = await budget.TryChargeAsync(40, Long, CancellationToken.None);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Equal(100, budget.InUse);
        first!.Dispose();
        first.Dispose(); // a second dispose gives nothing back twice
        Assert.Equal(40, budget.InUse);
        second!.Dispose();
        Assert.Equal(0, budget.InUse);
    }

    [Fact]
    public async Task A_charge_larger_than_the_capacity_is_refused_at_once()
    {
        var budget = new RequestBodyBudget(100);
        Assert.Null(await budget.TryChargeAsync(101, Long, CancellationToken.None));
        Assert.Equal(0, budget.InUse);
    }

    [Fact]
    public async Task A_charge_that_does_not_fit_waits_and_gives_up_after_its_wait()
    {
        var budget = new RequestBodyBudget(100);
        using var held = await budget.TryChargeAsync(80, Long, CancellationToken.None);

        var refused = await budget.TryChargeAsync(30, TimeSpan.FromMilliseconds(50), CancellationToken.None);

        Assert.Null(refused);
        Assert.Equal(80, budget.InUse);
    }

    [Fact]
    public async Task Waiters_are_served_in_order_so_a_large_one_is_not_starved()
    {
        var budget = new RequestBodyBudget(100);
        var held = await budget.TryChargeAsync(60, Long, CancellationToken.None);
        var large = budget.TryChargeAsync(90, Long, CancellationToken.None);
        var small = budget.TryChargeAsync(10, Long, CancellationToken.None);

        // 40 bytes are free, enough for the small charge, but the large one came first.
        await Task.Delay(50);
        Assert.False(small.IsCompleted);
        held!.Dispose();
        using var largeLease = await large;
        Assert.NotNull(largeLease);
        Assert.Equal(100, budget.InUse);
        largeLease!.Dispose();
        using var smallLease = await small;
        Assert.NotNull(smallLease);
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue_and_lets_the_next_through()
    {
        var budget = new RequestBodyBudget(100);
        using var held = await budget.TryChargeAsync(60, Long, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var large = budget.TryChargeAsync(90, Long, cancel.Token);
        var small = budget.TryChargeAsync(10, Long, CancellationToken.None);

        await cancel.CancelAsync();

        Assert.Null(await large);
        using var smallLease = await small;
        Assert.NotNull(smallLease);
        Assert.Equal(70, budget.InUse);
    }

    [Fact]
    public async Task Many_concurrent_charges_never_exceed_the_capacity_and_all_come_back()
    {
        var budget = new RequestBodyBudget(1000);
        var peak = 0L;
        await Parallel.ForEachAsync(Enumerable.Range(0, 2000), async (i, ct) =>
        {
            using var lease = await budget.TryChargeAsync(1 + (i % 300), Long, ct);
            Assert.NotNull(lease);
            var inUse = budget.InUse;
            Assert.True(inUse <= 1000, $"{inUse} charged of 1000");
            InterlockedMax(ref peak, inUse);
            await Task.Yield();
        });

        Assert.Equal(0, budget.InUse);
        Assert.True(peak > 0);
    }

    [Fact]
    public void A_body_is_charged_twelve_times_its_size_plus_a_fixed_part() =>
        Assert.Equal((12 * 1000) + RequestBodyBudget.FixedChargePerBody, RequestBodyBudget.ChargeFor(1000));

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
