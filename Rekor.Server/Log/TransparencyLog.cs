using System.Security.Cryptography;
using Rekor.Core.Checkpoints;
using Rekor.Core.Merkle;
using Rekor.Core.Signing;
using Rekor.Server.Log.Tiles;
using Rekor.Server.Storage;

namespace Rekor.Server.Log;

/// <summary>
/// The log as the rest of the server sees it: the shards, the sequencer of the active tree and a reader. Opening it
/// is the recovery step: it creates the first tree of an empty store, discards rows a crashed writer left beyond a
/// head, and refuses to start if the root recomputed from the tiles differs from the committed head. After a shard
/// rotation (by an operator, through any server of the log) the view moves to the new active tree: when the sequencer
/// finds its tree frozen, and when <see cref="RefreshShardsAsync"/> is called (the host polls it).
/// </summary>
public sealed class TransparencyLog : IAsyncDisposable
{
    private readonly ILogStorage _storage;
    private readonly ITreeSigners _signers;
    private readonly string _hostname;

    /// <summary>Serializes view changes (the sequencer following a rotation, the host's poll).</summary>
    private readonly SemaphoreSlim _refreshing = new(1, 1);

    /// <summary>How often a request naming an unknown tree may make the log look at the store.</summary>
    private const long UnknownTreeLookMilliseconds = 200;

    /// <summary>When a request naming an unknown tree last made the log look (<see cref="Environment.TickCount64"/>).</summary>
    private long _lastLookMilliseconds = long.MinValue / 2;

    /// <summary>The shards and the active tree's identity, replaced whole (never mutated) when the active tree changes.</summary>
    private volatile LogView _view;

    private TransparencyLog(ILogStorage storage, ITreeSigners signers, string hostname, LogView view, Sequencer sequencer, LogReader reader, long discardedOnRecovery, long? requestedInactiveTree)
    {
        _storage = storage;
        _signers = signers;
        _hostname = hostname;
        _view = view;
        DiscardedOnRecovery = discardedOnRecovery;
        RequestedTreeIsInactive = requestedInactiveTree;
        Sequencer = sequencer;
        Reader = reader;
    }

    /// <summary>The shards as of the newest rotation this server has seen.</summary>
    public ShardMap Shards => _view.Shards;

    public Sequencer Sequencer { get; }

    public LogReader Reader { get; }

    /// <summary>The checkpoint name and the active tree's signer (its key: <c>Shards.Active.Key</c>).</summary>
    public LogIdentity Identity => _view.Identity;

    /// <summary>Rows found beyond the active head when the log was opened (never acknowledged, so removed).</summary>
    public long DiscardedOnRecovery { get; }

    /// <summary>
    /// Set when the tree ID the log was opened with names a tree a rotation has since frozen: the log opened the
    /// store's active tree instead (the deployment's <c>TREE_ID</c> is behind the store and should be updated).
    /// </summary>
    public long? RequestedTreeIsInactive { get; }

    /// <summary>Raised when the view moved to another active tree (old, new).</summary>
    public event Action<long, long>? Rotated;

    /// <summary>Opens the store's active tree, whatever its ID (an empty store gets a first tree with a random ID).</summary>
    public static Task<TransparencyLog> OpenAsync(ILogStorage storage, LogIdentity identity, SequencerOptions options, TileCache cache, CancellationToken cancellationToken) =>
        OpenAsync(storage, identity, options, cache, activeTreeId: 0, cancellationToken);

    /// <summary>Opens the log with one key for every tree (<paramref name="identity"/>'s signer).</summary>
    public static Task<TransparencyLog> OpenAsync(ILogStorage storage, LogIdentity identity, SequencerOptions options, TileCache cache, long activeTreeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(options);
        return OpenAsync(storage, identity.Hostname, new SingleKeySigners(identity.Signer, options.SigningConcurrency), options, cache, activeTreeId, cancellationToken);
    }

    /// <summary>
    /// Opens the log whose active tree is <paramref name="activeTreeId"/> (rekor-server's
    /// <c>--trillian_log_server.tlog_id</c>). 0 means any: the store's active tree, or on an empty store a first tree
    /// with a random ID. Otherwise an empty store gets a first tree with exactly that ID; a store whose active tree has
    /// another ID opens its active tree if the ID names one of its inactive trees (a rotation moved on since the
    /// deployment was configured: see <see cref="RequestedTreeIsInactive"/>), and is refused
    /// (<see cref="LogUnavailableException"/> naming both) if the ID is no tree of the store: making a new tree active
    /// is a rotation, never a side effect of starting.
    /// </summary>
    public static async Task<TransparencyLog> OpenAsync(ILogStorage storage, string hostname, ITreeSigners signers, SequencerOptions options, TileCache cache, long activeTreeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(signers);
        ArgumentOutOfRangeException.ThrowIfNegative(activeTreeId);
        await storage.InitializeAsync(cancellationToken);
        var trees = await storage.ListTreesAsync(cancellationToken);
        if (trees.Count == 0)
        {
            // Replicas starting together on an empty database race here; the store lets exactly one tree be created.
            var treeId = activeTreeId != 0 ? activeTreeId : NewTreeId();
            await storage.CreateFirstTreeAsync(treeId, Rfc6962.EmptyRoot, await SignEmptyCheckpointAsync(hostname, signers.Own.Signer, treeId, cancellationToken), signers.OwnKey, cancellationToken);
            trees = await storage.ListTreesAsync(cancellationToken);
        }

        var activeId = ActiveOf(trees).TreeId;
        long? requestedInactive = null;
        if (activeTreeId != 0 && activeId != activeTreeId)
        {
            if (!trees.Any(t => t.TreeId == activeTreeId))
            {
                throw new LogUnavailableException(
                    $"refusing to start: --trillian_log_server.tlog_id is {activeTreeId}, but the store's active tree is {activeId} and it has no tree {activeTreeId}; "
                    + $"pass the active tree's ID (or 0 for whatever tree is active), or make a new tree active with `rekor-server rotate --new-tree-id={activeTreeId}`");
            }

            requestedInactive = activeTreeId;
        }

        var discarded = await storage.DiscardBeyondHeadAsync(activeId, cancellationToken);
        var view = await BuildViewAsync(storage, hostname, signers, trees, cancellationToken);
        var activeHead = await storage.ReadHeadAsync(activeId, cancellationToken)
            ?? throw new LogUnavailableException($"active tree {activeId} has no head");
        var nodes = new TileNodeReader(storage, cache);
        ActiveTreeEdge edge;
        try
        {
            edge = await ActiveTreeEdge.LoadCommittedAsync(storage, nodes, activeHead, cancellationToken);
        }
        catch (Exception e) when (e is LogUnavailableException or TileCorruptionException)
        {
            throw new LogUnavailableException("refusing to start: " + e.Message, e);
        }

        TransparencyLog? log = null;
        var sequencer = new Sequencer(storage, nodes, options, ActiveShardOf(view), activeHead, edge, ct => log!.FollowRotationAsync(ct));
        log = new TransparencyLog(storage, signers, hostname, view, sequencer, new LogReader(storage, nodes), discarded, requestedInactive);
        return log;
    }

    /// <summary>
    /// Re-reads the store's trees and, if another tree is active now (a rotation), moves the view to it. Cheap when
    /// nothing changed (one query). Safe to call from anywhere, any time.
    /// </summary>
    public async Task<ShardMap> RefreshShardsAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            var trees = await _storage.ListTreesAsync(cancellationToken);
            var current = _view;
            if (trees.SingleOrDefault(t => t.State == TreeState.Active)?.TreeId is { } activeId && activeId != current.Shards.ActiveTreeId)
            {
                var view = await BuildViewAsync(_storage, _hostname, _signers, trees, cancellationToken);
                _view = view;
                Rotated?.Invoke(current.Shards.ActiveTreeId, view.Shards.ActiveTreeId);
            }

            return _view.Shards;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <summary>
    /// The shard of a tree; a tree this view does not know makes it look at the store once (a rotation another server
    /// made since the last poll), so a client that just saw the new tree elsewhere is not told it does not exist.
    /// </summary>
    public async Task<Shard?> FindShardAsync(long treeId, CancellationToken cancellationToken)
    {
        if (Shards.Find(treeId) is { } known)
        {
            return known;
        }

        // At most one extra look per interval, however many requests name trees that do not exist.
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastLookMilliseconds);
        if (now - last < UnknownTreeLookMilliseconds || Interlocked.CompareExchange(ref _lastLookMilliseconds, now, last) != last)
        {
            return null;
        }

        return (await RefreshShardsAsync(cancellationToken)).Find(treeId);
    }

    /// <summary>Creates a tree with a fresh random positive ID and a signed empty checkpoint (for stores no server writes to; see <see cref="ILogStorage.CreateTreeAsync"/>).</summary>
    public static async Task<long> CreateTreeAsync(ILogStorage storage, LogIdentity identity, TreeState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(identity);
        var treeId = NewTreeId();
        var key = new TreeKey(identity.Signer.PublicKey.SpkiDer.ToArray(), null);
        await storage.CreateTreeAsync(treeId, state, Rfc6962.EmptyRoot, await SignEmptyCheckpointAsync(identity.Hostname, identity.Signer, treeId, cancellationToken), key, cancellationToken);
        return treeId;
    }

    /// <summary>The checkpoint of an empty tree, signed by the tree's key: the first (and, if frozen empty, last) state of every tree.</summary>
    public static Task<string> SignEmptyCheckpointAsync(string hostname, ILogSigner signer, long treeId, CancellationToken cancellationToken) =>
        SignedCheckpoint.SignAsync(new Checkpoint(new LogIdentity(hostname, signer).OriginOf(treeId), 0, Rfc6962.EmptyRoot, []), hostname, signer, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Sequencer.DisposeAsync();
        _refreshing.Dispose();
    }

    /// <summary>A random tree ID in [1, 2^63): positive, as Rekor requires, and never 0 (which entry IDs reserve).</summary>
    public static long NewTreeId()
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

    /// <summary>Called by the sequencer when it found its tree frozen: the view moves on, and the sequencer with it.</summary>
    private async Task<ActiveShard> FollowRotationAsync(CancellationToken cancellationToken)
    {
        await RefreshShardsAsync(cancellationToken);
        return ActiveShardOf(_view);
    }

    private static ActiveShard ActiveShardOf(LogView view) => new(view.Shards.ActiveTreeId, view.Shards.ActiveOffset, view.Identity, view.Signer.SigningConcurrency);

    /// <summary>
    /// The shards of <paramref name="trees"/> with their keys, and the active tree's signer. A tree the store records
    /// no key for (created before keys were recorded) gets this server's key, if its newest checkpoint verifies under
    /// it; that key is then recorded.
    /// </summary>
    private static async Task<LogView> BuildViewAsync(ILogStorage storage, string hostname, ITreeSigners signers, IReadOnlyList<TreeRecord> trees, CancellationToken cancellationToken)
    {
        var activeTree = ActiveOf(trees);
        var inactive = new List<Shard>();
        var offset = 0L;
        foreach (var tree in trees.Where(t => t.State == TreeState.Inactive))
        {
            var head = await storage.ReadHeadAsync(tree.TreeId, cancellationToken)
                ?? throw new LogUnavailableException($"inactive tree {tree.TreeId} has no head");
            var key = await KeyOfAsync(storage, signers, tree, head, cancellationToken);
            inactive.Add(new Shard(tree.TreeId, TreeState.Inactive, offset, head.Size, LogKey.FromSpki(key.PublicKeySpki)));
            offset += head.Size;
        }

        var activeHead = await storage.ReadHeadAsync(activeTree.TreeId, cancellationToken)
            ?? throw new LogUnavailableException($"active tree {activeTree.TreeId} has no head");
        var activeKey = await KeyOfAsync(storage, signers, activeTree, activeHead, cancellationToken);
        var own = signers.Own.Signer.PublicKey;
        if (!signers.OwnSignsAnyTree && !inactive.Append(new Shard(activeTree.TreeId, TreeState.Active, 0, 0, LogKey.FromSpki(activeKey.PublicKeySpki))).Any(s => s.Key.Equals(own)))
        {
            // A key that signed none of the log's trees is a misconfigured server, not one whose configuration a
            // rotation left behind (whose key signed an older tree, and which follows the store to the new key).
            throw TreeKeys.NotHeld(activeTree.TreeId, activeKey with { Signer = null }, own, "this server's key signed no tree of this log");
        }

        var signer = await signers.ForKeyAsync(activeTree.TreeId, activeKey, cancellationToken);
        return new LogView(new ShardMap(inactive, activeTree.TreeId, signer.Signer.PublicKey), new LogIdentity(hostname, signer.Signer), signer);
    }

    /// <summary>The one active tree of <paramref name="trees"/>; a store with none or several cannot be served.</summary>
    private static TreeRecord ActiveOf(IReadOnlyList<TreeRecord> trees)
    {
        var active = trees.Where(t => t.State == TreeState.Active).ToList();
        return active.Count == 1 ? active[0] : throw new LogUnavailableException($"the log must have exactly one active tree, but storage has {active.Count}");
    }

    private static async Task<TreeKey> KeyOfAsync(ILogStorage storage, ITreeSigners signers, TreeRecord tree, TreeHead head, CancellationToken cancellationToken)
    {
        if (tree.Key is { } recorded)
        {
            return recorded;
        }

        var own = signers.Own.Signer.PublicKey;
        if (!signers.OwnSignsAnyTree && head.Checkpoint is { } newest && SignedCheckpoint.TryParse(newest, out var parsed, out _) && !parsed.VerifiedBy(own))
        {
            throw new LogUnavailableException(
                $"refusing to start: the newest checkpoint of tree {tree.TreeId} (size {head.Size}) is signed by another key than this server's "
                + $"(log ID {own.LogId.ToHex()}), and the store records no key for that tree; every server of one log must use the same --rekor_server.signer"
                + (tree.State == TreeState.Inactive ? ", and an inactive tree signed by another key is named with its signingConfig in --trillian_log_server.sharding_config" : string.Empty));
        }

        return await storage.RecordTreeKeyAsync(tree.TreeId, signers.OwnKey, cancellationToken);
    }

    /// <summary>The shards with their keys, and the active tree's identity and signer; replaced whole.</summary>
    private sealed record LogView(ShardMap Shards, LogIdentity Identity, TreeSigner Signer);
}

/// <summary>What the sequencer writes to: the active tree, where its global indexes start, and who signs for it.</summary>
public sealed record ActiveShard(long TreeId, long GlobalOffset, LogIdentity Identity, int SigningConcurrency);
