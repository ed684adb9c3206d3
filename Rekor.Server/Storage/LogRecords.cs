using Rekor.Core.Merkle;

namespace Rekor.Server.Storage;

/// <summary>The state of one tree (shard): active trees take appends, inactive ones are read-only.</summary>
public enum TreeState
{
    Active,
    Inactive,
}

/// <summary>A tree known to the log, in the order shards were created (oldest first), with its key if the store records one.</summary>
public sealed record TreeRecord(long TreeId, TreeState State, long CreatedUnixSeconds, TreeKey? Key = null);

/// <summary>
/// The key a tree's SETs and checkpoints are signed with, as the store records it: the public key (DER
/// SubjectPublicKeyInfo: what clients verify with, and the log ID's preimage) and, when the key can be opened by
/// another server of the log, the signer reference it was created with (a <c>--rekor_server.signer</c> value: a KMS
/// URI or a key file path; never a password or token). Recorded once per tree and never changed.
/// </summary>
public sealed record TreeKey(byte[] PublicKeySpki, string? Signer);

/// <summary>
/// What a shard rotation creates (<see cref="ILogWriteTransaction.RotateAsync"/>): the next active tree, empty, with
/// its empty checkpoint signed by <see cref="Key"/>.
/// </summary>
public sealed record TreeRotation(long NewTreeId, Hash32 EmptyRoot, string EmptyCheckpoint, TreeKey Key);

/// <summary>
/// The committed head of a tree: its size, root and the checkpoint signed for exactly that size and root.
/// The head row is the commit point of the log: an entry exists once a head covers its index.
/// </summary>
public sealed record TreeHead(long TreeId, long Size, Hash32 Root, string? Checkpoint);

/// <summary>One entry as stored: the canonical body (leaf bytes), its leaf hash, when it was integrated and its SET.</summary>
public sealed record StoredEntry(long TreeId, long Index, Hash32 LeafHash, byte[] Body, long IntegratedTimeSeconds, byte[] SignedEntryTimestamp);

/// <summary>A new entry of a batch, with its index already assigned and its SET already signed.</summary>
public sealed record NewEntry(long Index, Hash32 LeafHash, byte[] Body, long IntegratedTimeSeconds, byte[] SignedEntryTimestamp, IReadOnlyList<string> IndexKeys);

/// <summary>
/// A tile: up to 256 consecutive hashes of one tree level (tile level L holds tree level 8L). A full tile
/// (<see cref="Width"/> 256) never changes again; a partial one is rewritten as the tree grows, but the hashes
/// it already holds never change.
/// </summary>
public sealed record Tile(int Level, long Index, int Width, byte[] Hashes)
{
    /// <summary>How many tree levels one tile spans: tile level L holds tree level <c>Height * L</c>. The one source of the tile layout.</summary>
    public const int Height = 8;

    /// <summary>The hashes of a full tile, 2^<see cref="Height"/> = 256 (the width of Sunlight's and Tessera's tiles).</summary>
    public const int MaxWidth = 1 << Height;

    public bool IsFull => Width == MaxWidth;

    public Hash32 Hash(int position) => new(Hashes.AsSpan(position * Hash32.Length, Hash32.Length));
}

/// <summary>
/// Everything one batch writes, applied in a single transaction: the entries (with SETs and index keys), the
/// tiles they change, and the new head with its signed checkpoint.
/// </summary>
public sealed record BatchWrite(long TreeId, long ExpectedSize, IReadOnlyList<NewEntry> Entries, IReadOnlyList<Tile> Tiles, TreeHead NewHead);

/// <summary>Why a batch did not commit, when that is expected rather than a fault.</summary>
public enum BatchRejection
{
    None,

    /// <summary>Another writer moved the head since it was read; reload and try again.</summary>
    HeadMoved,

    /// <summary>A leaf of the batch is already in the tree (a concurrent writer logged it).</summary>
    DuplicateLeaf,
}
