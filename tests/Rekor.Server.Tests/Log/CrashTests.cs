using System.Diagnostics;
using Rekor.Core.Merkle;
using Rekor.Core.Signing;
using Rekor.Server.Log;
using Xunit.Abstractions;

namespace Rekor.Server.Tests.Log;

/// <summary>
/// Kills a sequencer with SIGKILL at random moments while it appends, 20 times, restarting it on the same file.
/// After each restart every acknowledged entry is at its acknowledged index with the same bytes, the root
/// recomputes, and every acknowledged checkpoint is consistent with the new head.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 20;
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Acknowledged_entries_survive_being_killed_twenty_times()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var database = Services.TestBackend.HarnessStore(_directory.Path, "crash.db");
        var keyPath = _directory.File("key.pem");
        var acknowledged = new Dictionary<long, string>();
        var checkpoints = new HashSet<(long Size, string Root)>();
        var totalAcks = 0;

        for (var run = 0; run < Kills; run++)
        {
            var lines = await RunAndKillAsync(database, keyPath, run, TimeSpan.FromMilliseconds(random.Next(150, 1500)));
            foreach (var line in lines.Where(l => l.StartsWith("ACK ", StringComparison.Ordinal)))
            {
                var parts = line.Split(' ');
                var index = long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(acknowledged.TryAdd(index, parts[2]) || acknowledged[index] == parts[2], $"index {index} was acknowledged for two different entries");
                checkpoints.Add((long.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture), parts[4]));
                totalAcks++;
            }

            await CheckAfterRestartAsync(database, keyPath, acknowledged, checkpoints);
        }

        output.WriteLine($"{Kills} kills, {totalAcks} acknowledgements, {acknowledged.Count} entries, {checkpoints.Count} checkpoints checked");
        Assert.True(acknowledged.Count > Kills, "too few appends were acknowledged for the test to mean anything");
    }

    private static async Task<List<string>> RunAndKillAsync(string database, string keyPath, int run, TimeSpan lifetime)
    {
        var harness = Path.Combine(AppContext.BaseDirectory, "Rekor.CrashHarness.dll");
        var start = new ProcessStartInfo("dotnet", [harness, database, keyPath, run.ToString(System.Globalization.CultureInfo.InvariantCulture), "8"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("couldn't start the crash harness");
        var lines = new List<string>();
        var reading = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }
        });
        var errors = process.StandardError.ReadToEndAsync();

        // Wait until the harness is appending, then let it run for a random while before the kill.
        var ready = Stopwatch.StartNew();
        while (!HasReady(lines) && !process.HasExited && ready.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(20);
        }

        if (process.HasExited)
        {
            Assert.Fail("the harness exited by itself: " + await errors);
        }

        await Task.Delay(lifetime);
        process.Kill(); // SIGKILL on Linux: no cleanup, no flush, as a crash.
        await process.WaitForExitAsync();
        await reading;
        return lines;
    }

    private static bool HasReady(List<string> lines)
    {
        lock (lines)
        {
            return lines.Any(l => l.StartsWith("READY", StringComparison.Ordinal));
        }
    }

    private static async Task CheckAfterRestartAsync(string database, string keyPath, Dictionary<long, string> acknowledged, HashSet<(long Size, string Root)> checkpoints)
    {
        using var signer = await LogSigningKeyFile.LoadAsync(keyPath, null, CancellationToken.None);
        await using var storage = Rekor.CrashHarness.HarnessStore.Open(database);

        // Opening is the recovery: it fails if the root recomputed from the tiles differs from the head.
        await using var log = await TransparencyLog.OpenAsync(storage, new LogIdentity("crash.test", signer), new SequencerOptions(), new Rekor.Server.Log.Tiles.TileCache(), CancellationToken.None);
        var treeId = log.Shards.ActiveTreeId;
        var head = log.Sequencer.CommittedHead;
        foreach (var (index, leafHex) in acknowledged)
        {
            var entry = await storage.ReadEntryAsync(treeId, index, CancellationToken.None);
            Assert.True(entry is not null, $"acknowledged entry {index} is gone after a crash");
            Assert.Equal(leafHex, Convert.ToHexStringLower(entry.Body));
        }

        foreach (var (size, rootHex) in checkpoints)
        {
            Assert.True(size <= head.Size, $"an acknowledged checkpoint of size {size} is beyond the recovered head {head.Size}");
            var proof = size == head.Size ? [] : await log.Reader.ConsistencyProofAsync(treeId, size, head.Size, CancellationToken.None);
            Assert.True(
                MerkleVerifier.VerifyConsistency(size, head.Size, proof, Hash32.ParseHex(rootHex), head.Root),
                $"the acknowledged checkpoint at size {size} is not consistent with the recovered head at size {head.Size}");
        }
    }
}
