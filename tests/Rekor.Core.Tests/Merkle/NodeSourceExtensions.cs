using System.Buffers.Binary;
using Rekor.Core.Merkle;

namespace Rekor.Core.Tests.Merkle;

/// <summary>Plan + fetch + assemble through the public API, as a server would do it against storage.</summary>
internal static class NodeSourceExtensions
{
    public static Hash32[] Fetch(this ProofPlan plan, Func<NodeId, Hash32> node) => plan.Assemble([.. plan.Nodes.Select(node)]);

    public static Hash32 RootOf(long size, Func<NodeId, Hash32> node) => MerkleProofs.Root(size).Fetch(node)[0];

    /// <summary>A made-up hash, different for every node, for tests about the shape of a proof in trees too large to
    /// hash.</summary>
    public static Hash32 StandIn(NodeId node)
    {
        Span<byte> id = stackalloc byte[12];
        BinaryPrimitives.WriteInt32BigEndian(id, node.Level);
        BinaryPrimitives.WriteInt64BigEndian(id[4..], node.Index);
        return Rfc6962.HashLeaf(id);
    }
}
