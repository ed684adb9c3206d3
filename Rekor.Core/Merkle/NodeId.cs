namespace Rekor.Core.Merkle;

/// <summary>
/// A perfect subtree of the log: the node at height <paramref name="Level"/> (0 = a leaf) whose leaves are
/// [<c>Index &lt;&lt; Level</c>, <c>(Index + 1) &lt;&lt; Level</c>). Its hash never changes once the tree has grown past
/// its last leaf, which is why storage keys hashes by <see cref="NodeId"/> and tiles them.
/// </summary>
public readonly record struct NodeId(int Level, long Index);
