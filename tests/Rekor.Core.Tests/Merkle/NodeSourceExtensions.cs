using Rekor.Core.Merkle;

namespace Rekor.Core.Tests.Merkle;

/// <summary>Plan + fetch + assemble through the public API, as a server would do it against storage.</summary>
internal static class NodeSourceExtensions
{
    public static Hash32[] Fetch(this ProofPlan plan, Func<NodeId, Hash32> node) => plan.Assemble([.. plan.Nodes.Select(node)]);

    public static Hash32 RootOf(long size, Func<NodeId, Hash32> node) => MerkleProofs.Root(size).Fetch(node)[0];
}
