using System.Buffers;
using System.Security.Cryptography;

namespace Rekor.Core.Merkle;

/// <summary>
/// The RFC 6962 §2.1 hashes with SHA-256, the only hasher Rekor v1 uses: a leaf is SHA-256(0x00 ‖ leaf), an interior
/// node SHA-256(0x01 ‖ left ‖ right), and the empty tree SHA-256(""). The domain-separation prefixes make a leaf hash
/// never equal a node hash for the same bytes (second-preimage resistance of the tree).
/// </summary>
public static class Rfc6962
{
    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;

    /// <summary>Leaves up to this many bytes are prefixed in a stack buffer; Rekor bodies are usually 1–5 KiB.</summary>
    private const int StackLeafLimit = 1024;

    /// <summary>Leaves up to this size are prefixed in a pooled buffer. Above it the copy would cost more than the one
    /// <see cref="IncrementalHash"/> that streams the leaf without copying it.</summary>
    private const int PooledLeafLimit = 64 * 1024;

    /// <summary>The root of the empty tree, SHA-256 of no bytes (e3b0c442…b855).</summary>
    public static Hash32 EmptyRoot { get; } = new(SHA256.HashData(ReadOnlySpan<byte>.Empty));

    /// <summary>SHA-256(0x00 ‖ <paramref name="leaf"/>): the leaf hash, which Rekor also uses as the entry UUID.</summary>
    public static Hash32 HashLeaf(ReadOnlySpan<byte> leaf)
    {
        Span<byte> digest = stackalloc byte[Hash32.Length];
        if (leaf.Length <= StackLeafLimit)
        {
            Span<byte> prefixed = stackalloc byte[StackLeafLimit + 1];
            prefixed[0] = LeafPrefix;
            leaf.CopyTo(prefixed[1..]);
            SHA256.HashData(prefixed[..(leaf.Length + 1)], digest);
        }
        else if (leaf.Length <= PooledLeafLimit)
        {
            var rented = ArrayPool<byte>.Shared.Rent(leaf.Length + 1);
            try
            {
                rented[0] = LeafPrefix;
                leaf.CopyTo(rented.AsSpan(1));
                SHA256.HashData(rented.AsSpan(0, leaf.Length + 1), digest);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        else
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            sha.AppendData([LeafPrefix]);
            sha.AppendData(leaf);
            sha.GetHashAndReset(digest);
        }

        return new Hash32(digest);
    }

    /// <summary>SHA-256(0x01 ‖ <paramref name="left"/> ‖ <paramref name="right"/>): an interior node. Allocation-free;
    /// this is the cost floor of every proof and root computation.</summary>
    public static Hash32 HashChildren(in Hash32 left, in Hash32 right)
    {
        Span<byte> buffer = stackalloc byte[1 + (2 * Hash32.Length)];
        buffer[0] = NodePrefix;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Hash32.Length)..]);
        Span<byte> digest = stackalloc byte[Hash32.Length];
        var sha = t_nodeHasher ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(buffer);
        sha.GetHashAndReset(digest);
        return new Hash32(digest);
    }

    /// <summary>
    /// One hasher per thread for interior nodes, kept for the thread's life: a one-shot SHA256.HashData on OpenSSL 3
    /// sets up and tears down a digest context per call, which costs more than hashing 65 bytes (about 450 vs 320 ns
    /// here). Only <see cref="HashChildren"/> uses it, synchronously, so no call can see another's state.
    /// </summary>
    [ThreadStatic]
    private static IncrementalHash? t_nodeHasher;
}
