using Rekor.Core.Signing;
using Rekor.Server.Log;
using Rekor.Server.Signing;
using Rekor.Server.Storage.Sqlite;

namespace Rekor.Bench;

/// <summary>
/// Whether a remote signer's latency caps write throughput: appends through the sequencer into SQLite with the key in
/// this process (signing concurrency = cores), then with the same key behind an added delay per call, as a KMS round
/// trip adds (signing concurrency = <see cref="LogSigners.RemoteSigningConcurrency"/>, what the server uses for KMS
/// signers), measured in one run.
/// </summary>
internal static class SignerLatencyBenchmarks
{
    public static async Task RunAsync(BenchOptions options)
    {
        using var key = EcdsaLogSigner.Generate();
        var slow = new DelayedSigner(key, TimeSpan.FromMilliseconds(options.SignerLatencyMilliseconds));
        var remote = new SequencerOptions { SigningConcurrency = LogSigners.RemoteSigningConcurrency };
        Console.WriteLine($"appends through the sequencer into SQLite, {options.Appends:N0} per run");
        Console.WriteLine($"{"signer, concurrent clients",-56} {"appends/s",10} {"p50 ms",8} {"p99 ms",8} {"x local",8}");
        foreach (var clients in new[] { 64, 1024 })
        {
            var local = await RunAsync(key, new SequencerOptions(), options.Appends, clients);
            Print($"key in process, {clients}", local, local);
            var delayed = await RunAsync(slow, remote, options.Appends, clients);
            Print($"+{options.SignerLatencyMilliseconds} ms per signing call, {clients}", delayed, local);
        }

        Console.WriteLine($"(a client waits at least one signing round trip: {64} clients can complete at most 64 / {options.SignerLatencyMilliseconds} ms = {64 * 1000 / Math.Max(1, options.SignerLatencyMilliseconds):N0} appends/s)");
    }

    private static async Task<StorageBenchmarks.Result> RunAsync(ILogSigner signer, SequencerOptions sequencer, int appends, int clients)
    {
        var directory = Directory.CreateTempSubdirectory("rekor-bench-");
        try
        {
            return await StorageBenchmarks.AppendAsync([new SqliteLogStorage(Path.Combine(directory.FullName, "log.db"))], signer, sequencer, appends, clients);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    private static void Print(string name, StorageBenchmarks.Result result, StorageBenchmarks.Result local) =>
        Console.WriteLine($"{name,-52} {result.Rate,10:N0} {result.P50,8:F1} {result.P99,8:F1} {result.Rate / local.Rate,8:F2}");

    /// <summary>A signer that waits <paramref name="latency"/> before each signature, as a network round trip to a KMS does.</summary>
    private sealed class DelayedSigner(ILogSigner inner, TimeSpan latency) : ILogSigner
    {
        public LogKey PublicKey => inner.PublicKey;

        public async ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> message, CancellationToken ct)
        {
            await Task.Delay(latency, ct);
            return await inner.SignAsync(message, ct);
        }
    }
}
