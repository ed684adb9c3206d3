using System.Diagnostics;
using System.Globalization;
using Rekor.Core.Merkle;
using Rekor.Core.Signing;
using Rekor.Server.Log;
using Rekor.Server.Log.Tiles;
using Rekor.Server.Storage;
using Rekor.Server.Storage.Sqlite;

namespace Rekor.Bench;

/// <summary>
/// The log end to end on this machine: appends per second through the sequencer into SQLite (SETs and checkpoints
/// signed, synchronous=FULL commits), and inclusion proofs per second read from a million-entry store's tiles. Each
/// is printed next to its floor measured in the same run: ECDSA P-256 signatures per second on all cores (every
/// append needs one) and SHA-256 node hashes per second.
/// </summary>
internal static class LogBenchmarks
{
    public static async Task RunAsync(BenchOptions options)
    {
        using var signer = EcdsaLogSigner.Generate();
        var signFloor = await SignaturesPerSecondAsync(signer, TimeSpan.FromSeconds(options.SecondsPerRun * 2));
        var hashFloor = HashesPerSecond(TimeSpan.FromSeconds(options.SecondsPerRun * 2));
        Console.WriteLine($"floor: ECDSA P-256 signatures/s (all {Environment.ProcessorCount} cores) {signFloor,12:N0}");
        Console.WriteLine($"floor: SHA-256 node hashes/s (one core)        {hashFloor,12:N0}");
        Console.WriteLine();
        Console.WriteLine($"{"appends: batch size, wait, clients",-40} {"appends/s",12} {"x sign floor",13} {"batches",8}");
        foreach (var (batch, waitMs) in new[] { (256, 0), (1024, 0), (1024, 1), (4096, 2) })
        {
            var options2 = new SequencerOptions { MaxBatchSize = batch, MaxBatchWait = TimeSpan.FromMilliseconds(waitMs), QueueCapacity = 16_384 };
            var (rate, batches) = await AppendsPerSecondAsync(signer, options2, options.Appends, clients: 256);
            Console.WriteLine($"{$"{batch}, {waitMs} ms, 256",-40} {rate,12:N0} {rate / signFloor,13:F3} {batches,8:N0}");
        }

        Console.WriteLine();
        var proofs = await ProofsPerSecondAsync(options.TreeSize, TimeSpan.FromSeconds(options.SecondsPerRun * 4));
        Console.WriteLine($"inclusion proofs/s from SQLite tiles at {options.TreeSize:N0} entries: {proofs,10:N0}  ({proofs / hashFloor:F3} x hash floor)");
    }

    private static async Task<double> SignaturesPerSecondAsync(EcdsaLogSigner signer, TimeSpan duration)
    {
        var payload = new byte[600];
        long count = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Environment.ProcessorCount), async (_, ct) =>
        {
            while (clock.Elapsed < duration)
            {
                await signer.SignAsync(payload, ct);
                Interlocked.Increment(ref count);
            }
        });
        return count / clock.Elapsed.TotalSeconds;
    }

    private static double HashesPerSecond(TimeSpan duration)
    {
        var h = Rfc6962.EmptyRoot;
        long count = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            for (var i = 0; i < 1024; i++)
            {
                h = Rfc6962.HashChildren(h, h);
            }

            count += 1024;
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    private static async Task<(double Rate, long Batches)> AppendsPerSecondAsync(EcdsaLogSigner signer, SequencerOptions sequencerOptions, int total, int clients)
    {
        var directory = Directory.CreateTempSubdirectory("rekor-bench-");
        try
        {
            await using var storage = new SqliteLogStorage(Path.Combine(directory.FullName, "log.db"));
            await using var log = await TransparencyLog.OpenAsync(storage, new LogIdentity("bench.rekor", signer), sequencerOptions, new TileCache(), CancellationToken.None);
            long batches = 0;
            log.Sequencer.BatchCommitted += (_, _) => Interlocked.Increment(ref batches);
            var next = -1;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
            {
                int n;
                while ((n = Interlocked.Increment(ref next)) < total)
                {
                    // About the size of a hashedrekord body with a certificate.
                    var leaf = System.Text.Encoding.UTF8.GetBytes($"{{\"apiVersion\":\"0.0.1\",\"kind\":\"bench\",\"n\":{n}}}" + new string('x', 700));
                    AppendOutcome outcome;
                    while ((outcome = await log.Sequencer.AppendAsync(leaf, [], CancellationToken.None)).Status == AppendStatus.Pushback)
                    {
                        await Task.Delay(1);
                    }
                }
            })));
            return (total / clock.Elapsed.TotalSeconds, batches);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Bulk-loads a tree of <paramref name="size"/> leaves into SQLite tiles, then reads proofs through the server's tile reader.</summary>
    private static async Task<double> ProofsPerSecondAsync(long size, TimeSpan duration)
    {
        var directory = Directory.CreateTempSubdirectory("rekor-bench-");
        try
        {
            await using var storage = new SqliteLogStorage(Path.Combine(directory.FullName, "log.db"));
            await storage.InitializeAsync(CancellationToken.None);
            const long treeId = 1;
            await storage.CreateTreeAsync(treeId, TreeState.Active, Rfc6962.EmptyRoot, null, null, CancellationToken.None);
            var edge = ActiveTreeEdge.Empty();
            const int chunk = 65_536;
            for (long start = 0; start < size; start += chunk)
            {
                var count = (int)Math.Min(chunk, size - start);
                var bodies = Enumerable.Range(0, count).Select(i => BitConverter.GetBytes(start + i)).ToList();
                var hashes = bodies.Select(b => Rfc6962.HashLeaf(b)).ToList();
                var (next, tiles) = edge.Append(hashes);
                var entries = bodies.Select((b, i) => new NewEntry(start + i, hashes[i], b, 0, [0], [])).ToList();
                var head = new TreeHead(treeId, next.Size, next.Root(), null);
                if (await storage.CommitBatchAsync(new BatchWrite(treeId, start, entries, tiles, head), CancellationToken.None) != BatchRejection.None)
                {
                    throw new InvalidOperationException("bulk load refused");
                }

                edge = next;
            }

            var reader = new LogReader(storage, new TileNodeReader(storage, new TileCache(capacity: 1 << 20)));
            var random = new Random(7);
            for (var i = 0; i < 20_000; i++)
            {
                await reader.InclusionProofAsync(treeId, random.NextInt64(size), size, CancellationToken.None); // warm the tile cache
            }

            long proofs = 0;
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, Environment.ProcessorCount), async (worker, ct) =>
            {
                var local = new Random(worker);
                while (clock.Elapsed < duration)
                {
                    await reader.InclusionProofAsync(treeId, local.NextInt64(size), size, ct);
                    Interlocked.Increment(ref proofs);
                }
            });
            return proofs / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }
}
