using System.Security.Cryptography;
using Rekor.Core.Checkpoints;
using Rekor.Core.Merkle;
using Rekor.Server.Log.Tiles;
using Rekor.Server.Storage;

namespace Rekor.Server.Log;

/// <summary>
/// The log as the rest of the server sees it: the shards, the sequencer of the active tree and a reader. Opening it
/// is the recovery step: it creates the first tree of an empty store, discards rows a crashed writer left beyond a
/// head, and refuses to start if the root recomputed from the tiles differs from the committed head.
/// </summary>
public sealed class TransparencyLog : IAsyncDisposable
{
    private TransparencyLog(ShardMap shards, Sequencer sequencer, LogReader reader, LogIdentity identity, long discardedOnRecovery)
    {
        DiscardedOnRecovery = discardedOnRecovery;
        Shards = shards;
        Sequencer = sequencer;
        Reader = reader;
        Identity = identity;
    }

    public ShardMap Shards { get; }

    public Sequencer Sequencer { get; }

    public LogReader Reader { get; }

    public LogIdentity Identity { get; }

    /// <summary>Rows found beyond the active head when the log was opened (never acknowledged, so removed).</summary>
    public long DiscardedOnRecovery { get; }

    /// <summary>Opens the store's active tree, whatever its ID (an empty store gets a first tree with a random ID).</summary>
    public static Task<TransparencyLog> OpenAsync(ILogStorage storage, LogIdentity identity, SequencerOptions options, TileCache cache, CancellationToken cancellationToken) =>
        OpenAsync(storage, identity, options, cache, activeTreeId: 0, cancellationToken);

    /// <summary>
    /// Opens the log whose active tree is <paramref name="activeTreeId"/> (rekor-server's
    /// <c>--trillian_log_server.tlog_id</c>). 0 means any: the store's active tree, or on an empty store a first tree
    /// with a random ID. Otherwise an empty store gets a first tree with exactly that ID, and a store whose active tree
    /// has another ID is refused (<see cref="LogUnavailableException"/> naming both): making another tree active is
    /// shard rotation, not an open.
    /// </summary>
    public static async Task<TransparencyLog> OpenAsync(ILogStorage storage, LogIdentity identity, SequencerOptions options, TileCache cache, long activeTreeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentOutOfRangeException.ThrowIfNegative(activeTreeId);
        await storage.InitializeAsync(cancellationToken);
        var trees = await storage.ListTreesAsync(cancellationToken);
        if (trees.Count == 0)
        {
            // Replicas starting together on an empty database race here; the store lets exactly one tree be created.
            var treeId = activeTreeId != 0 ? activeTreeId : NewTreeId();
            await storage.CreateFirstTreeAsync(treeId, Rfc6962.EmptyRoot, await SignEmptyCheckpointAsync(identity, treeId, cancellationToken), cancellationToken);
            trees = await storage.ListTreesAsync(cancellationToken);
        }

        var active = trees.Where(t => t.State == TreeState.Active).ToList();
        if (active.Count != 1)
        {
            throw new LogUnavailableException($"the log must have exactly one active tree, but storage has {active.Count}");
        }

        var nodes = new TileNodeReader(storage, cache);
        var inactive = new List<Shard>();
        var offset = 0L;
        foreach (var tree in trees.Where(t => t.State == TreeState.Inactive))
        {
            var head = await storage.ReadHeadAsync(tree.TreeId, cancellationToken)
                ?? throw new LogUnavailableException($"inactive tree {tree.TreeId} has no head");
            inactive.Add(new Shard(tree.TreeId, TreeState.Inactive, offset, head.Size));
            offset += head.Size;
        }

        var activeId = active[0].TreeId;
        if (activeTreeId != 0 && activeId != activeTreeId)
        {
            throw new LogUnavailableException(
                $"refusing to start: --trillian_log_server.tlog_id is {activeTreeId}, but the store's active tree is {activeId}; "
                + "pass the active tree's ID (or 0 for whatever tree is active) — making another tree active (shard rotation) is not supported yet");
        }

        var discarded = await storage.DiscardBeyondHeadAsync(activeId, cancellationToken);
        var activeHead = await storage.ReadHeadAsync(activeId, cancellationToken)
            ?? throw new LogUnavailableException($"active tree {activeId} has no head");
        ActiveTreeEdge edge;
        try
        {
            edge = await ActiveTreeEdge.LoadCommittedAsync(storage, nodes, activeHead, cancellationToken);
        }
        catch (Exception e) when (e is LogUnavailableException or TileCorruptionException)
        {
            throw new LogUnavailableException("refusing to start: " + e.Message, e);
        }

        var shards = new ShardMap(inactive, activeId);
        var sequencer = new Sequencer(storage, nodes, identity, options, shards.ActiveOffset, activeHead, edge);
        return new TransparencyLog(shards, sequencer, new LogReader(storage, nodes), identity, discarded);
    }

    /// <summary>Creates a tree with a fresh random positive ID and a signed empty checkpoint.</summary>
    public static async Task<long> CreateTreeAsync(ILogStorage storage, LogIdentity identity, TreeState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(identity);
        var treeId = NewTreeId();
        await storage.CreateTreeAsync(treeId, state, Rfc6962.EmptyRoot, await SignEmptyCheckpointAsync(identity, treeId, cancellationToken), cancellationToken);
        return treeId;
    }

    private static Task<string> SignEmptyCheckpointAsync(LogIdentity identity, long treeId, CancellationToken cancellationToken) =>
        SignedCheckpoint.SignAsync(new Checkpoint(identity.OriginOf(treeId), 0, Rfc6962.EmptyRoot, []), identity.Hostname, identity.Signer, cancellationToken);

    public ValueTask DisposeAsync() => Sequencer.DisposeAsync();

    /// <summary>A random tree ID in [1, 2^63): positive, as Rekor requires, and never 0 (which entry IDs reserve).</summary>
    private static long NewTreeId()
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        long id;
        do
        {
            RandomNumberGenerator.Fill(bytes);
            id = BitConverter.ToInt64(bytes) & long.MaxValue;
        }
        while (id == 0);

        return id;
    }
}
