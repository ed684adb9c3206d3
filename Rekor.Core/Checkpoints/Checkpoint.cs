using System.Globalization;
using System.Text;
using Rekor.Core.Merkle;

namespace Rekor.Core.Checkpoints;

/// <summary>
/// The body of a Rekor v1 checkpoint (signed tree head): origin, tree size, root hash, and any further lines
/// ("other content", e.g. the <c>Timestamp: &lt;unix nanos&gt;</c> line Rekor wrote before v1.3.5). Rekor's origin is
/// <c>&lt;hostname&gt; - &lt;tree ID&gt;</c> (<see cref="ForTree"/>). Every line is non-empty, single and free of control
/// characters, so <see cref="ToNoteBody"/> always yields text the parser accepts; the constructor refuses anything else.
/// Equal when all four parts are.
/// </summary>
public sealed record Checkpoint
{
    private const string TreeIdSeparator = " - ";

    public Checkpoint(string origin, long treeSize, Hash32 rootHash, IReadOnlyList<string> otherContent)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(otherContent);
        if (!NoteText.IsValidLine(origin))
        {
            throw new ArgumentException("an origin is one non-empty line without control characters", nameof(origin));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        foreach (var line in otherContent)
        {
            if (line is null || !NoteText.IsValidLine(line))
            {
                throw new ArgumentException("every other-content line is one non-empty line without control characters", nameof(otherContent));
            }
        }

        Origin = origin;
        TreeSize = treeSize;
        RootHash = rootHash;
        OtherContent = Array.AsReadOnly(otherContent.ToArray());
    }

    public Checkpoint(string origin, long treeSize, Hash32 rootHash)
        : this(origin, treeSize, rootHash, [])
    {
    }

    public string Origin { get; }

    public long TreeSize { get; }

    public Hash32 RootHash { get; }

    /// <summary>Body lines after the root hash, in order (never null; usually empty).</summary>
    public IReadOnlyList<string> OtherContent { get; }

    /// <summary>The checkpoint of a Rekor v1 shard: origin <c>&lt;hostname&gt; - &lt;treeID decimal&gt;</c>.</summary>
    public static Checkpoint ForTree(string hostname, long treeId, long treeSize, Hash32 rootHash)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(treeId);
        return new Checkpoint(hostname + TreeIdSeparator + treeId.ToString(CultureInfo.InvariantCulture), treeSize, rootHash);
    }

    /// <summary>The signed text: <c>origin\nsize\nbase64(root)\n</c> and one <c>line\n</c> per other-content line.</summary>
    public string ToNoteBody()
    {
        var body = new StringBuilder(Origin.Length + 80);
        body.Append(Origin).Append('\n')
            .Append(TreeSize.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(RootHash.ToBase64()).Append('\n');
        foreach (var line in OtherContent)
        {
            body.Append(line).Append('\n');
        }

        return body.ToString();
    }

    /// <summary>
    /// The tree ID of a Rekor v1 origin, <c>&lt;hostname&gt; - &lt;treeID&gt;</c> (split at the last " - "; a
    /// positive decimal as Go prints it). False for origins of any other shape.
    /// </summary>
    public bool TryGetTreeId(out long treeId)
    {
        treeId = 0;
        var separator = Origin.LastIndexOf(TreeIdSeparator, StringComparison.Ordinal);
        return separator > 0
            && NoteText.TryParseDecimal(Origin.AsSpan(separator + TreeIdSeparator.Length), out treeId)
            && treeId > 0;
    }

    public bool Equals(Checkpoint? other) =>
        other is not null
        && string.Equals(Origin, other.Origin, StringComparison.Ordinal)
        && TreeSize == other.TreeSize
        && RootHash == other.RootHash
        && OtherContent.SequenceEqual(other.OtherContent, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Origin), TreeSize, RootHash, OtherContent.Count);
}
