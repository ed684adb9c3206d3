using System.Net;
using Rekor.Core.Checkpoints;
using Rekor.Core.Merkle;
using Rekor.Core.Signing;
using Rekor.Server.Tests.Api;

namespace Rekor.Server.Tests.Replicas;

/// <summary>Checks of the handed-out heads and proofs against the tree recomputed from the database.</summary>
internal static class TreeChecks
{
    /// <summary>
    /// Every head a replica handed out is a prefix of the final tree: its checkpoint is signed by the shared key under
    /// the shared hostname and states the claimed size and root, and that root is the root the final tree's first
    /// leaves recompute to. A fork (two replicas extending different trees), a stale edge or a head that was later
    /// rolled back gives a root no prefix of the final tree has.
    /// </summary>
    public static List<string> HeadProblems(IEnumerable<SeenHead> heads, StoredTree tree, LogKey key)
    {
        var problems = new List<string>();
        foreach (var head in heads)
        {
            if (!SignedCheckpoint.TryParse(head.Checkpoint, out var signed, out var error))
            {
                problems.Add($"{head.Source}: unparsable checkpoint ({error})");
            }
            else if (!signed.VerifiedBy(key, ReplicaCluster.Hostname))
            {
                problems.Add($"{head.Source}: the checkpoint of size {head.TreeSize} is not signed by the shared key as {ReplicaCluster.Hostname}");
            }
            else if (signed.Checkpoint.TreeSize != head.TreeSize || signed.Checkpoint.RootHash != head.Root)
            {
                problems.Add($"{head.Source}: the checkpoint says ({signed.Checkpoint.TreeSize}, {signed.Checkpoint.RootHash}), the response ({head.TreeSize}, {head.Root})");
            }
            else if (head.TreeSize > tree.Leaves.Count || tree.RootsBySize[(int)head.TreeSize] != head.Root)
            {
                problems.Add($"{head.Source}: the head ({head.TreeSize}, {head.Root}) is not a prefix of the final tree of {tree.Leaves.Count}");
            }
        }

        return problems;
    }

    /// <summary>Each 201's inclusion proof proves its leaf at its index under the root it came with (checked as a head above).</summary>
    public static List<string> InclusionProblems(IEnumerable<CreatedEntry> created) =>
        [.. created
            .Where(c => !MerkleVerifier.VerifyInclusion(c.LogIndex, c.TreeSize, Rfc6962.HashLeaf(c.Body), c.Hashes, c.Root))
            .Select(c => $"the inclusion proof of {c.Uuid} at {c.LogIndex} in {c.TreeSize} does not verify")];

    /// <summary>
    /// The replicas' own consistency proofs from every distinct size seen to the final size verify against the seen
    /// root and the final root: the servers agree, not just the database, that each old head is a prefix of the final one.
    /// </summary>
    public static async Task<List<string>> ConsistencyProblemsAsync(IEnumerable<SeenHead> heads, long finalSize, Hash32 finalRoot, IReadOnlyList<HttpClient> survivors)
    {
        var problems = new System.Collections.Concurrent.ConcurrentBag<string>();
        var sizes = heads.Where(h => h.TreeSize > 0 && h.TreeSize < finalSize).DistinctBy(h => (h.TreeSize, h.Root)).ToList();
        await Parallel.ForEachAsync(sizes.Select((head, i) => (head, client: survivors[i % survivors.Count])), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (item, cancellationToken) =>
        {
            using var response = await item.client.GetAsync(new Uri($"/api/v1/log/proof?firstSize={item.head.TreeSize}&lastSize={finalSize}", UriKind.Relative), cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                problems.Add($"proof from {item.head.TreeSize} to {finalSize}: {(int)response.StatusCode}");
                return;
            }

            var hashes = (await response.JsonAsync()).GetProperty("hashes").EnumerateArray().Select(h => Hash32.ParseHex(h.GetString()!)).ToArray();
            if (!MerkleVerifier.VerifyConsistency(item.head.TreeSize, finalSize, hashes, item.head.Root, finalRoot))
            {
                problems.Add($"the consistency proof from ({item.head.TreeSize}, {item.head.Root}) to {finalSize} does not verify");
            }
        });
        return [.. problems];
    }
}
