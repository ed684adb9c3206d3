using Rekor.Core.Merkle;
using Rekor.Server.Log.Tiles;
using Rekor.Server.Storage;

namespace Rekor.Server.Log;

/// <summary>Reads entries and builds proofs from committed state. Never signs; safe to use from any thread.</summary>
public sealed class LogReader(ILogStorage storage, TileNodeReader nodes)
{
    public Task<StoredEntry?> ReadEntryAsync(long treeId, long index, CancellationToken cancellationToken) =>
        storage.ReadEntryAsync(treeId, index, cancellationToken);

    public Task<TreeHead?> ReadHeadAsync(long treeId, CancellationToken cancellationToken) =>
        storage.ReadHeadAsync(treeId, cancellationToken);

    /// <summary>The audit path of leaf <paramref name="index"/> in the tree as it was at <paramref name="treeSize"/> (at most the committed size).</summary>
    public async Task<Hash32[]> InclusionProofAsync(long treeId, long index, long treeSize, CancellationToken cancellationToken)
    {
        var plan = MerkleProofs.Inclusion(index, treeSize);
        var hashes = await nodes.ReadAsync(treeId, treeSize, plan.Nodes, cancellationToken);
        return plan.Assemble(hashes);
    }

    /// <summary>The consistency proof between two committed sizes of a tree.</summary>
    public async Task<Hash32[]> ConsistencyProofAsync(long treeId, long oldSize, long newSize, CancellationToken cancellationToken)
    {
        var plan = MerkleProofs.Consistency(oldSize, newSize);
        var hashes = await nodes.ReadAsync(treeId, newSize, plan.Nodes, cancellationToken);
        return plan.Assemble(hashes);
    }

    /// <summary>The root of a tree at any committed size, computed from its tiles.</summary>
    public async Task<Hash32> RootAtAsync(long treeId, long treeSize, CancellationToken cancellationToken)
    {
        var plan = MerkleProofs.Root(treeSize);
        var hashes = await nodes.ReadAsync(treeId, treeSize, plan.Nodes, cancellationToken);
        return plan.Assemble(hashes)[0];
    }
}
