using Rekor.Core.Checkpoints;
using Rekor.Core.Signing;
using Rekor.Server.Configuration;
using Rekor.Server.Log;
using Rekor.Server.Signing;
using Rekor.Server.Storage;

namespace Rekor.Server.Hosting;

/// <summary>
/// Holds rekor-server's sharding config to the store before the log opens. The store is the record of the log's
/// trees (rotations add them, in order), so a file that lists shards must list exactly the store's inactive trees,
/// oldest first: serving another list would change every later global index and drop entries. A <c>treeLength</c>
/// must be the tree's frozen size. A <c>signingConfig</c> names the shard's key: it must be the key the store records
/// for the tree, and gives a tree the store has no key for (one frozen before keys were recorded) its key, once that
/// tree's newest checkpoint verifies under it. A file that lists nothing leaves the store as it is.
/// </summary>
public static class InactiveShardKeys
{
    public static async Task ApplyAsync(ILogStorage storage, IReadOnlyList<InactiveShardConfig> listed, RekorServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(listed);
        ArgumentNullException.ThrowIfNull(options);
        if (listed.Count == 0)
        {
            return;
        }

        await storage.InitializeAsync(cancellationToken);
        var trees = await storage.ListTreesAsync(cancellationToken);
        var inactive = trees.Where(t => t.State == TreeState.Inactive).ToList();
        if (!inactive.Select(t => t.TreeId).SequenceEqual(listed.Select(s => s.TreeId)))
        {
            throw new LogUnavailableException(
                $"refusing to start: the sharding config {options.ShardingConfig} lists the inactive shards [{string.Join(", ", listed.Select(s => s.TreeId))}], "
                + $"but the store's inactive trees are [{string.Join(", ", inactive.Select(t => t.TreeId))}] (oldest first); "
                + "list exactly those, or none (this server's store keeps its own shards: a Trillian tree cannot be served)");
        }

        for (var i = 0; i < listed.Count; i++)
        {
            await CheckAsync(storage, inactive[i], listed[i], options, cancellationToken);
        }
    }

    private static async Task CheckAsync(ILogStorage storage, TreeRecord tree, InactiveShardConfig shard, RekorServerOptions options, CancellationToken cancellationToken)
    {
        var head = await storage.ReadHeadAsync(tree.TreeId, cancellationToken)
            ?? throw new LogUnavailableException($"inactive tree {tree.TreeId} has no head");
        if (shard.TreeLength != 0 && shard.TreeLength != head.Size)
        {
            throw new LogUnavailableException($"refusing to start: the sharding config gives tree {tree.TreeId} treeLength {shard.TreeLength}, but it was frozen at size {head.Size}");
        }

        if (shard.Signer is not { } reference)
        {
            return; // the store's record (or this server's key, for a tree with none) stands
        }

        LogKey key;
        try
        {
            // Only the public key is needed (an inactive tree is never signed again); the signer is let go at once.
            var opened = (await LogSigners.OpenReferenceAsync(reference, options, cancellationToken, shard.SignerPassword)).Signer;
            key = LogKey.FromSpki(opened.PublicKey.SpkiDer);
            (opened as IDisposable)?.Dispose();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or StorageUnavailableException or LogSigningKeyException or FormatException)
        {
            throw new LogUnavailableException($"refusing to start: couldn't open the key the sharding config names for tree {tree.TreeId} ({reference}): {e.Message}", e);
        }

        if (tree.Key is { } recorded)
        {
            if (!recorded.PublicKeySpki.AsSpan().SequenceEqual(key.SpkiDer))
            {
                var recordedId = LogKey.TryFromSpki(recorded.PublicKeySpki, out var parsed, out _) ? parsed.LogId.ToHex() : "(unreadable)";
                throw new LogUnavailableException($"refusing to start: the sharding config names the key with log ID {key.LogId.ToHex()} for tree {tree.TreeId}, but the tree was signed with log ID {recordedId}");
            }

            return;
        }

        if (head.Checkpoint is { } newest && !(SignedCheckpoint.TryParse(newest, out var checkpoint, out _) && checkpoint.VerifiedBy(key)))
        {
            throw new LogUnavailableException($"refusing to start: the newest checkpoint of tree {tree.TreeId} does not verify under the key the sharding config names for it (log ID {key.LogId.ToHex()})");
        }

        await storage.RecordTreeKeyAsync(tree.TreeId, new TreeKey(key.SpkiDer.ToArray(), LogSigners.RemoteScheme(reference) is null ? null : reference), cancellationToken);
    }
}
