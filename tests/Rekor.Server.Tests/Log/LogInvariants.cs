using Rekor.Core.Checkpoints;
using Rekor.Core.Merkle;
using Rekor.Core.Signing;
using Rekor.Core.Timestamps;
using Rekor.Server.Log;
using Rekor.Server.Log.Tiles;
using Rekor.Server.Storage;

namespace Rekor.Server.Tests.Log;

/// <summary>
/// Checks everything a client could check about a tree, from storage alone: every committed entry is readable, its
/// leaf hash is its body's, its SET verifies, the root recomputed from all leaves equals the root from the tiles
/// and the committed head, and the head's checkpoint signs exactly that size and root.
/// </summary>
internal static class LogInvariants
{
    public static async Task<TreeHead> CheckAsync(ILogStorage storage, long treeId, LogKey key, long globalOffset = 0)
    {
        var head = await storage.ReadHeadAsync(treeId, CancellationToken.None) ?? throw new InvalidOperationException("no head");
        var leaves = new CompactRange();
        for (var index = 0L; index < head.Size; index++)
        {
            var entry = await storage.ReadEntryAsync(treeId, index, CancellationToken.None);
            Assert.True(entry is not null, $"entry {index} below the head size {head.Size} is missing");
            Assert.Equal(Rfc6962.HashLeaf(entry.Body), entry.LeafHash);
            var payload = SignedEntryTimestamp.Payload(Convert.ToBase64String(entry.Body), entry.IntegratedTimeSeconds, key.LogId, globalOffset + index);
            Assert.True(key.Verify(payload, entry.SignedEntryTimestamp), $"the SET of entry {index} does not verify");
            leaves.Append(entry.LeafHash);
        }

        Assert.Null(await storage.ReadEntryAsync(treeId, head.Size, CancellationToken.None));
        Assert.Equal(leaves.Root(), head.Root);
        var reader = new LogReader(storage, new TileNodeReader(storage, new TileCache()));
        if (head.Size > 0)
        {
            Assert.Equal(head.Root, await reader.RootAtAsync(treeId, head.Size, CancellationToken.None));
        }

        Assert.True(SignedCheckpoint.TryParse(head.Checkpoint!, out var checkpoint, out var error), error);
        Assert.True(checkpoint.VerifiedBy(key, TestLog.Hostname), "the head's checkpoint does not verify");
        Assert.Equal((head.Size, head.Root), (checkpoint.Checkpoint.TreeSize, checkpoint.Checkpoint.RootHash));
        return head;
    }
}
