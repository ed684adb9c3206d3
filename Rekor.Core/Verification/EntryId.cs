using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Rekor.Core.Merkle;

namespace Rekor.Core.Verification;

/// <summary>
/// The key Rekor v1 gives an entry: 80 hex digits, the 16-digit tree ID of the shard (<c>%016x</c>) followed by the
/// 64-digit UUID (the RFC 6962 leaf hash of the body), or, in responses from 2021–22, the bare 64-digit UUID, which
/// names no shard (rekor pkg/sharding/sharding.go). Either case is accepted on input; output is lowercase.
/// </summary>
/// <remarks>
/// Invariant: the tree ID is either unknown or a positive int64 (Rekor never assigns 0, and a 16-digit value with the
/// top bit set is not an int64 Rekor can parse). <c>default(EntryId)</c> is the all-zero UUID with no tree ID.
/// </remarks>
public readonly struct EntryId : IEquatable<EntryId>
{
    /// <summary>Hex digits of the tree-ID part of an 80-digit entry ID.</summary>
    public const int TreeIdHexLength = 16;

    /// <summary>Hex digits of a UUID (a SHA-256 leaf hash).</summary>
    public const int UuidHexLength = Hash32.Length * 2;

    /// <summary>Hex digits of a full entry ID.</summary>
    public const int HexLength = TreeIdHexLength + UuidHexLength;

    /// <summary>
    /// The shape Rekor's API description gives an entry ID or UUID (ECMA-262), quoted in its 422 messages. It does
    /// not check the tree ID's range, which <see cref="TryParse(string?, out EntryId)"/> does.
    /// </summary>
    public const string Pattern = "^([0-9a-fA-F]{64}|[0-9a-fA-F]{80})$";

    /// <summary>The shard's tree ID, or 0 when the ID was a bare UUID.</summary>
    private readonly long _treeId;

    private EntryId(long treeId, Hash32 uuid)
    {
        _treeId = treeId;
        Uuid = uuid;
    }

    /// <summary>The entry ID of <paramref name="uuid"/> in the shard <paramref name="treeId"/> (positive).</summary>
    public static EntryId ForTree(long treeId, Hash32 uuid)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(treeId);
        return new EntryId(treeId, uuid);
    }

    /// <summary>A bare UUID, which does not say which shard holds the entry.</summary>
    public static EntryId ForUuid(Hash32 uuid) => new(0, uuid);

    /// <summary>The shard's tree ID; null for a bare 64-digit UUID.</summary>
    public long? TreeId => _treeId == 0 ? null : _treeId;

    /// <summary>The leaf hash of the entry's body, which is what the log proves inclusion of.</summary>
    public Hash32 Uuid { get; }

    /// <summary>Parses 80 hex digits (tree ID, then UUID) or 64 (UUID), in either case. Anything else, including a
    /// tree ID of 0 or one above <see cref="long.MaxValue"/>, is refused.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out EntryId id) => TryParse(text.AsSpan(), out id);

    /// <inheritdoc cref="TryParse(string?, out EntryId)"/>
    public static bool TryParse(ReadOnlySpan<char> text, out EntryId id)
    {
        id = default;
        if (text.Length == UuidHexLength)
        {
            if (!Hash32.TryParseHex(text, out var bareUuid))
            {
                return false;
            }

            id = ForUuid(bareUuid);
            return true;
        }

        Span<byte> treeIdBytes = stackalloc byte[sizeof(long)];
        if (text.Length != HexLength
            || Convert.FromHexString(text[..TreeIdHexLength], treeIdBytes, out _, out var written) != OperationStatus.Done
            || written != treeIdBytes.Length
            || !Hash32.TryParseHex(text[TreeIdHexLength..], out var uuid))
        {
            return false;
        }

        var treeId = BinaryPrimitives.ReadInt64BigEndian(treeIdBytes);
        if (treeId <= 0)
        {
            return false;
        }

        id = new EntryId(treeId, uuid);
        return true;
    }

    /// <exception cref="FormatException">The text is not an 80- or 64-digit entry ID.</exception>
    public static EntryId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not an entry ID (80 hex digits: 16 of tree ID and 64 of UUID; or a 64-digit UUID)");

    /// <summary>80 lowercase hex digits when the tree ID is known, else the 64-digit UUID.</summary>
    public override string ToString() =>
        _treeId == 0 ? Uuid.ToHex() : _treeId.ToString("x16", CultureInfo.InvariantCulture) + Uuid.ToHex();

    public bool Equals(EntryId other) => _treeId == other._treeId && Uuid == other.Uuid;

    public override bool Equals(object? obj) => obj is EntryId other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_treeId, Uuid);

    public static bool operator ==(EntryId left, EntryId right) => left.Equals(right);

    public static bool operator !=(EntryId left, EntryId right) => !left.Equals(right);
}
