using System.Collections.ObjectModel;

namespace Rekor.Core.Merkle;

/// <summary>
/// What a proof needs from storage and how to assemble it. A proof element is either a perfect subtree, fetched as
/// is, or an "ephemeral" node on the ragged right edge of the tree, which is no stored node but the fold of a run of
/// perfect subtrees (see <see cref="PerfectSubtrees"/>). Every plan has at most one such run: only one audit-path sibling can
/// straddle the end of the tree.
/// </summary>
/// <remarks>
/// Invariants: every node lies fully inside the tree the plan was made for; <c>_runStart + _runLength &lt;=
/// _nodes.Length</c>; the proof has <c>_nodes.Length - _runLength + 1</c> elements, or none when there are no nodes and
/// no run (<see cref="_proofLength"/> is 0). A run of length 0 stands for the empty tree (only <see cref="MerkleProofs.Root"/>
/// of size 0 makes one). Immutable, so one plan may be assembled any number of times from any thread.
/// </remarks>
public sealed class ProofPlan
{
    /// <summary>Above this many nodes the fetched hashes go to the heap instead of the stack. A plan for a tree of
    /// 2^63 leaves has fewer than 2·63 nodes, so the heap path exists only for safety.</summary>
    private const int StackNodeLimit = 128;

    private readonly NodeId[] _nodes;
    private readonly int _runStart;
    private readonly int _runLength;
    private readonly int _proofLength;
    private ReadOnlyCollection<NodeId>? _view;

    internal ProofPlan(NodeId[] nodes, int runStart, int runLength, int proofLength)
    {
        _nodes = nodes;
        _runStart = runStart;
        _runLength = runLength;
        _proofLength = proofLength;
    }

    /// <summary>A plan with no nodes that assembles to an empty proof.</summary>
    internal static ProofPlan Empty { get; } = new([], 0, 0, 0);

    /// <summary>The perfect subtrees to fetch, in the order <see cref="Assemble"/> expects them.</summary>
    public IReadOnlyList<NodeId> Nodes => _view ??= Array.AsReadOnly(_nodes);

    /// <summary>How many hashes <see cref="Assemble"/> returns.</summary>
    internal int ProofLength => _proofLength;

    /// <summary>Builds the proof from <paramref name="fetched"/>, where <c>fetched[i]</c> is the hash of
    /// <c>Nodes[i]</c>. Returns the proof in RFC order (leaf to root), or for a root plan the single root.</summary>
    public Hash32[] Assemble(ReadOnlySpan<Hash32> fetched)
    {
        if (fetched.Length != _nodes.Length)
        {
            throw new ArgumentException($"the plan has {_nodes.Length} nodes but {fetched.Length} hashes were given", nameof(fetched));
        }

        if (_proofLength == 0)
        {
            return [];
        }

        var proof = new Hash32[_proofLength];
        fetched[.._runStart].CopyTo(proof);
        proof[_runStart] = _runLength == 0 ? Rfc6962.EmptyRoot : PerfectSubtrees.Fold(fetched.Slice(_runStart, _runLength));
        fetched[(_runStart + _runLength)..].CopyTo(proof.AsSpan(_runStart + 1));
        return proof;
    }

    /// <summary>Fetches every node through <paramref name="node"/> and assembles the proof.</summary>
    internal Hash32[] Resolve(Func<NodeId, Hash32> node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var fetched = _nodes.Length <= StackNodeLimit ? stackalloc Hash32[_nodes.Length] : new Hash32[_nodes.Length];
        for (var i = 0; i < _nodes.Length; i++)
        {
            fetched[i] = node(_nodes[i]);
        }

        return Assemble(fetched);
    }
}
