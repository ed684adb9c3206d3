using System.Diagnostics;

namespace Rekor.Bench;

/// <summary>One measured operation: its rate and the bytes it allocates per call.</summary>
internal readonly record struct Measurement(string Name, double OpsPerSecond, double BytesPerOp)
{
    /// <summary>Runs <paramref name="batch"/> (which performs <paramref name="opsPerBatch"/> operations) repeatedly
    /// for about <paramref name="seconds"/>, three times after a warm-up, and keeps the best rate: the least disturbed
    /// by the machine's other work.</summary>
    public static Measurement Take(string name, int opsPerBatch, double seconds, Action batch)
    {
        RunFor(seconds / 4, batch);
        var best = 0.0;
        var bytesPerOp = 0.0;
        for (var round = 0; round < 3; round++)
        {
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var (batches, elapsed) = RunFor(seconds, batch);
            var ops = (double)batches * opsPerBatch;
            best = Math.Max(best, ops / elapsed.TotalSeconds);
            bytesPerOp = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / ops;
        }

        return new Measurement(name, best, bytesPerOp);
    }

    private static (long Batches, TimeSpan Elapsed) RunFor(double seconds, Action batch)
    {
        var budget = TimeSpan.FromSeconds(seconds);
        var clock = Stopwatch.StartNew();
        long batches = 0;
        do
        {
            batch();
            batches++;
        }
        while (clock.Elapsed < budget);

        return (batches, clock.Elapsed);
    }
}
