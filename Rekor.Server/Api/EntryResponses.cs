using System.Text.Json;
using Rekor.Core.Merkle;
using Rekor.Core.Models;
using Rekor.Server.Attestations;
using Rekor.Server.Log;
using Rekor.Server.Storage;

namespace Rekor.Server.Api;

/// <summary>Builds Rekor's <c>LogEntry</c> (entry ID → entry) from what the log stored.</summary>
public sealed class EntryResponses(TransparencyLog log, AttestationStorage attestations)
{
    /// <summary>The 80-hex entry ID: 16 hex digits of the tree ID, then the leaf hash.</summary>
    public static string EntryId(long treeId, Hash32 leafHash) => Core.Verification.EntryId.ForTree(treeId, leafHash).ToString();

    /// <summary>
    /// The entry with an inclusion proof at <paramref name="head"/> and that head's checkpoint, and its attestation if
    /// one is given (outside the SET, which covers body, integratedTime, logID and logIndex only).
    /// </summary>
    public async Task<LogEntry> BuildAsync(StoredEntry entry, TreeHead head, CancellationToken cancellationToken, byte[]? attestation = null)
    {
        var proof = await log.Reader.InclusionProofAsync(entry.TreeId, entry.Index, head.Size, cancellationToken);
        var value = new LogEntryValue
        {
            Body = JsonSerializer.SerializeToElement(Convert.ToBase64String(entry.Body)),
            IntegratedTime = entry.IntegratedTimeSeconds,
            LogID = log.Shards.KeyOf(entry.TreeId).LogId.ToHex(), // the key of the entry's tree, which signed its SET
            LogIndex = log.Shards.GlobalOffset(entry.TreeId) + entry.Index,
            Attestation = attestation is null ? null : new LogEntryValueAttestation { Data = JsonSerializer.SerializeToElement(Convert.ToBase64String(attestation)) },
            Verification = new LogEntryValueVerification
            {
                SignedEntryTimestamp = entry.SignedEntryTimestamp,
                InclusionProof = new InclusionProof
                {
                    Checkpoint = head.Checkpoint ?? throw new InvalidOperationException($"tree {head.TreeId} has no checkpoint at size {head.Size}"),
                    Hashes = [.. proof.Select(h => h.ToHex())],
                    LogIndex = entry.Index,
                    RootHash = head.Root.ToHex(),
                    TreeSize = head.Size,
                },
            },
        };
        return new LogEntry { [EntryId(entry.TreeId, entry.LeafHash)] = value };
    }

    /// <summary>The entry at a shard-local index, proven against the tree's newest committed head; null if absent.</summary>
    public async Task<LogEntry?> ReadAsync(long treeId, long index, CancellationToken cancellationToken)
    {
        var head = await log.Reader.ReadHeadAsync(treeId, cancellationToken);
        if (head is null || index < 0 || index >= head.Size)
        {
            return null;
        }

        var entry = await log.Reader.ReadEntryAsync(treeId, index, cancellationToken);
        if (entry is null)
        {
            return null;
        }

        // Rekor adds the attestation on reads only, never to the 201 of a create.
        var attestation = await attestations.FindAsync(entry.Body, entry.LeafHash.ToHex(), cancellationToken);
        return await BuildAsync(entry, head, cancellationToken, attestation);
    }
}
