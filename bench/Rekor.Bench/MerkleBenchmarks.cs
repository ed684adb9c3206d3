using System.Globalization;
using Rekor.Core.Merkle;

namespace Rekor.Bench;

/// <summary>
/// The Merkle hot paths of the server, each reported as operations per second and as a ratio to the floor, one
/// SHA-256 node hash (<see cref="Rfc6962.HashChildren"/>), measured in the same run so the ratio holds across machines.
/// </summary>
internal static class MerkleBenchmarks
{
    /// <summary>Operations per timed batch: enough that the clock is read rarely, few enough to stop on time.</summary>
    private const int Batch = 1024;

    /// <summary>Written by every benchmark so the JIT cannot drop the work; printed so the compiler cannot either.</summary>
    private static int s_sink;

    public static void Run(InMemoryTree tree, BenchOptions options)
    {
        var size = tree.Size;
        var random = new Random(42);
        var indexes = Enumerable.Range(0, Batch).Select(_ => random.NextInt64(size)).ToArray();
        var oldSizes = Enumerable.Range(0, Batch).Select(_ => 1 + random.NextInt64(size)).ToArray();
        var proofs = indexes.Select(i => MerkleProofs.Inclusion(i, size, tree.Node)).ToArray();
        Func<NodeId, Hash32> node = tree.Node;
        var root = RootOf(size, node);

        var floor = Measurement.Take("SHA-256 node hash (Rfc6962.HashChildren)", Batch, options.SecondsPerRun, () =>
        {
            var h = root;
            for (var i = 0; i < Batch; i++)
            {
                h = Rfc6962.HashChildren(h, root);
            }

            s_sink ^= h.GetHashCode();
        });

        var results = new[]
        {
            Measurement.Take("inclusion proof: plan only", Batch, options.SecondsPerRun, () =>
            {
                foreach (var i in indexes)
                {
                    s_sink ^= MerkleProofs.Inclusion(i, size).Nodes.Count;
                }
            }),
            Measurement.Take("inclusion proof: plan + fetch + assemble", Batch, options.SecondsPerRun, () =>
            {
                foreach (var i in indexes)
                {
                    s_sink ^= MerkleProofs.Inclusion(i, size, node).Length;
                }
            }),
            Measurement.Take("inclusion proof: verify", Batch, options.SecondsPerRun, () =>
            {
                for (var k = 0; k < Batch; k++)
                {
                    s_sink ^= MerkleVerifier.VerifyInclusion(indexes[k], size, tree.Leaf(indexes[k]), proofs[k], root) ? 1 : 0;
                }
            }),
            Measurement.Take("consistency proof: plan + fetch + assemble", Batch, options.SecondsPerRun, () =>
            {
                foreach (var m in oldSizes)
                {
                    s_sink ^= MerkleProofs.Consistency(m, size, node).Length;
                }
            }),
            Measurement.Take("root: plan + fetch + assemble", Batch, options.SecondsPerRun, () =>
            {
                foreach (var m in oldSizes)
                {
                    s_sink ^= RootOf(m, node).GetHashCode();
                }
            }),
        };

        Print(size, floor, results);
    }

    /// <summary>What the server does for a tree head: plan the root, fetch its nodes, fold them.</summary>
    private static Hash32 RootOf(long size, Func<NodeId, Hash32> node)
    {
        var plan = MerkleProofs.Root(size);
        Span<Hash32> fetched = stackalloc Hash32[plan.Nodes.Count];
        for (var i = 0; i < fetched.Length; i++)
        {
            fetched[i] = node(plan.Nodes[i]);
        }

        return plan.Assemble(fetched)[0];
    }

    private static void Print(long size, Measurement floor, Measurement[] results)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"Merkle benchmarks, tree of {size:N0} entries, {Environment.ProcessorCount} cores, {Environment.Version}"));
        Console.WriteLine(string.Create(c, $"{"operation",-44} {"ops/s",14} {"x floor",9} {"hashes/op",10} {"B/op",7}"));
        Console.WriteLine(string.Create(c, $"{floor.Name,-44} {floor.OpsPerSecond,14:N0} {1.0,9:F3} {1.0,10:F1} {floor.BytesPerOp,7:F0}"));
        foreach (var r in results)
        {
            // x floor: this operation's rate as a fraction of the hash rate; hashes/op: its cost in node hashes.
            Console.WriteLine(string.Create(c, $"{r.Name,-44} {r.OpsPerSecond,14:N0} {r.OpsPerSecond / floor.OpsPerSecond,9:F3} {floor.OpsPerSecond / r.OpsPerSecond,10:F1} {r.BytesPerOp,7:F0}"));
        }

        Console.WriteLine(string.Create(c, $"(sink {s_sink})"));
    }
}
