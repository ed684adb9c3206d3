using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Rekor.Core.Checkpoints;
using Rekor.Core.Merkle;
using Rekor.Core.Timestamps;
using Rekor.Server.Log.Tiles;
using Rekor.Server.Logging;
using Rekor.Server.Storage;

namespace Rekor.Server.Log;

/// <summary>
/// Orders appends into the active tree. Entries wait in a bounded queue; one loop takes them in batches and, per
/// batch: drops duplicates, assigns indexes, extends the tiles, signs every SET and one checkpoint, and commits all
/// of it in one storage transaction. Only after that commit is any entry of the batch acknowledged, so nothing
/// acknowledged can be lost, and signatures made for a batch that did not commit are never shown to anyone.
/// When a shard rotation froze its tree (found under the tree's write lock), the loop moves to the new active tree
/// with that tree's signer and writes the batch there: the batch waits for the rotation, no append fails.
/// The loop runs on a thread of its own (<see cref="DedicatedLoopThread"/>): it is the one serial step every write
/// passes through, and on the thread pool each of its awaits waited behind the request work queued there.
/// </summary>
public sealed class Sequencer : IAsyncDisposable
{
    private const int MaxCommitAttempts = 5;
    private const int MaxReloadAttempts = 20;
    private const int MaxRotationsPerBatch = 3;

    /// <summary>How long a batch whose commit outcome is unknown keeps asking the store before it is failed unacknowledged.</summary>
    private static readonly TimeSpan UnknownOutcomeWait = TimeSpan.FromSeconds(30);

    private readonly ILogStorage _storage;
    private readonly TileNodeReader _nodes;
    private readonly SequencerOptions _options;
    private readonly Func<CancellationToken, Task<ActiveShard>> _followRotation;
    private readonly Channel<PendingAppend> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    /// <summary>The committed right edge of the tree. Owned by the flush loop: read and replaced only there.</summary>
    private ActiveTreeEdge _edge;

    /// <summary>The tree appends go to, its global offset and signer. Replaced only by the flush loop (on a rotation); read by anyone.</summary>
    private volatile ActiveShard _shard;

    /// <summary>
    /// The newest head that is durable. Written only by the flush loop, after a batch's transaction commits; read by
    /// anyone. Never moves backwards.
    /// </summary>
    private volatile TreeHead _committedHead;

    /// <summary>Set when the loop stopped on a fault it must not continue past; every later append fails with it.</summary>
    private volatile LogUnavailableException? _fault;

    /// <summary>
    /// Set while the store cannot be reached (a database restart): appends fail at once with it (503) instead of
    /// queueing behind a store that is down. Set and cleared only by the flush loop.
    /// </summary>
    private volatile StorageUnavailableException? _outage;

    /// <summary>1 from the first pushback until the next commit, so a full queue is logged once per episode, not per request.</summary>
    private int _pushingBack;

    private int _disposed;

    internal Sequencer(ILogStorage storage, TileNodeReader nodes, SequencerOptions options, ActiveShard shard, TreeHead head, ActiveTreeEdge edge, Func<CancellationToken, Task<ActiveShard>> followRotation)
    {
        _storage = storage;
        _nodes = nodes;
        _options = options;
        _shard = shard;
        _followRotation = followRotation;
        _committedHead = head;
        _edge = edge;
        _queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = DedicatedLoopThread.Start($"sequencer {shard.TreeId}", () => RunAsync(_stopping.Token));
    }

    /// <summary>The tree appends go to now.</summary>
    public long TreeId => _shard.TreeId;

    public TreeHead CommittedHead => _committedHead;

    /// <summary>The largest leaf the store can keep (<see cref="ILogStorage.MaxEntryBytes"/>); callers refuse larger ones before appending.</summary>
    public long MaxLeafBytes => _storage.MaxEntryBytes;

    /// <summary>How many appends wait in the queue now.</summary>
    public int QueueDepth => _queue.Reader.Count;

    /// <summary>Where batch failures, retries, a stop and pushback are logged; set by the host once, right after opening.</summary>
    internal ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>Raised after each committed batch with its size and how long its commit took (for metrics).</summary>
    public event Action<int, TimeSpan>? BatchCommitted;

    /// <summary>
    /// Queues a leaf (the canonical entry bytes) with its search-index keys and waits until it is durably committed,
    /// or found to be a duplicate. Returns <see cref="AppendStatus.Pushback"/> at once when the queue is full.
    /// </summary>
    public Task<AppendOutcome> AppendAsync(byte[] leaf, IReadOnlyList<string> indexKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        if (_fault is { } fault)
        {
            return Task.FromException<AppendOutcome>(fault);
        }

        if (_outage is { } outage)
        {
            return Task.FromException<AppendOutcome>(outage);
        }

        var pending = new PendingAppend(leaf, Rfc6962.HashLeaf(leaf), indexKeys);
        if (!_queue.Writer.TryWrite(pending))
        {
            if (Interlocked.Exchange(ref _pushingBack, 1) == 0)
            {
                Logger.QueueFull(_shard.TreeId, _options.QueueCapacity);
            }

            return Task.FromResult(AppendOutcome.Pushback(pending.LeafHash));
        }

        // The caller may stop waiting; the entry itself stays queued and is committed or refused as usual.
        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops the loop; queued appends are refused. Idempotent (the host's container disposes the log again after the host closed it).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        while (_queue.Reader.TryRead(out var left))
        {
            left.Completion.TrySetException(new LogUnavailableException("the sequencer stopped before this entry was committed"));
        }

        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var batch = new List<PendingAppend>(_options.MaxBatchSize);
        while (await _queue.Reader.WaitToReadAsync(cancellationToken))
        {
            batch.Clear();
            await CollectBatchAsync(batch, cancellationToken);
            try
            {
                await IntegrateAsync(batch, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Fail(batch, new LogUnavailableException("the sequencer stopped before this entry was committed"));
                throw;
            }
            catch (TileCorruptionException e)
            {
                // Tiles commit with the head that covers them: a missing one is corruption, never worth a retry.
                var fault = new LogUnavailableException($"tree {_shard.TreeId} is corrupt: {e.Message}", e);
                Fail(batch, fault);
                StopWith(fault);
                return;
            }
            catch (Exception e) when (e is not LogUnavailableException)
            {
                // The batch failed as a whole; none of it was acknowledged (a commit of unknown outcome was already
                // asked about). The edge is reloaded from what storage says is committed before the next batch, which
                // also waits out a store that cannot be reached.
                Logger.BatchFailed(batch.Count, _shard.TreeId, e);
                Fail(batch, e);
                await ReloadOrStopAsync(e, cancellationToken);
                if (_fault is not null)
                {
                    return; // stopped: the queue is completed with the fault, nothing more to read
                }
            }
            catch (LogUnavailableException e)
            {
                Fail(batch, e);
                StopWith(e);
                return;
            }
        }
    }

    private async Task CollectBatchAsync(List<PendingAppend> batch, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + _options.MaxBatchWait;
        while (batch.Count < _options.MaxBatchSize)
        {
            if (_queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
                continue;
            }

            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero || batch.Count == 0)
            {
                return;
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(remaining);
            try
            {
                if (!await _queue.Reader.WaitToReadAsync(wait.Token))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task IntegrateAsync(List<PendingAppend> batch, CancellationToken cancellationToken)
    {
        var rotations = 0;
        for (var attempt = 1; attempt <= MaxCommitAttempts; attempt++)
        {
            // The tree's write lock, held until this batch commits: replicas on the same database take turns here,
            // and each starts from the head the previous writer committed.
            var write = await _storage.BeginWriteAsync(_shard.TreeId, cancellationToken);
            if (write.State != TreeState.Active)
            {
                // A rotation froze the tree (and committed before this lock was granted): the batch goes to the next one.
                await write.DisposeAsync();
                if (++rotations > MaxRotationsPerBatch)
                {
                    throw new StorageUnavailableException($"couldn't integrate a batch of {batch.Count}: the active tree changed {MaxRotationsPerBatch} times while it waited");
                }

                await FollowRotationAsync(cancellationToken);
                attempt--;
                continue;
            }

            PreparedBatch prepared;
            BatchRejection rejection;
            Exception? unknownOutcome = null;
            var started = DateTime.UtcNow;
            try
            {
                if (write.Head.Size != _committedHead.Size || write.Head.Root != _committedHead.Root)
                {
                    await AdoptAsync(write.Head, cancellationToken); // another replica wrote since our last batch
                }

                var fresh = await DropDuplicatesAsync(batch, cancellationToken);
                if (fresh.Count == 0)
                {
                    return;
                }

                prepared = await PrepareAsync(fresh, cancellationToken);
                try
                {
                    rejection = await write.CommitAsync(prepared.Batch, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // The commit may or may not have happened (e.g. the connection dropped during COMMIT).
                    unknownOutcome = e;
                    rejection = BatchRejection.None;
                }
            }
            finally
            {
                await write.DisposeAsync();
            }

            // The store is asked, never guessed; and only after this write let go of its connection and lock.
            if (unknownOutcome is not null && !await CommittedAfterAllAsync(prepared.Batch, unknownOutcome, cancellationToken))
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(unknownOutcome);
            }

            if (rejection == BatchRejection.None)
            {
                _edge = prepared.Edge;
                _committedHead = prepared.Batch.NewHead;

                Acknowledge(prepared);
                Volatile.Write(ref _pushingBack, 0);
                BatchCommitted?.Invoke(prepared.Appends.Count, DateTime.UtcNow - started);
                return;
            }

            // A leaf of the batch reached the tree under another writer: the next attempt answers it as a duplicate.
        }

        throw new InvalidOperationException($"couldn't integrate a batch of {batch.Count} into tree {_shard.TreeId}: its leaves kept colliding for {MaxCommitAttempts} attempts");
    }

    /// <summary>
    /// Moves to the tree a rotation made active: the log's view follows the store, then this loop takes the new tree's
    /// head, edge (empty, or what other replicas already wrote) and signer. A signer that cannot be had yet (a KMS
    /// being set up) fails the batch as unavailable (503) and the next batch tries again.
    /// </summary>
    private async Task FollowRotationAsync(CancellationToken cancellationToken)
    {
        var frozen = _shard.TreeId;
        ActiveShard next;
        try
        {
            next = await _followRotation(cancellationToken);
        }
        catch (LogUnavailableException e)
        {
            throw new StorageUnavailableException($"couldn't move from the frozen tree {frozen} to the new active tree: {e.Message}", e);
        }

        if (next.TreeId == frozen)
        {
            throw new StorageUnavailableException($"tree {frozen} is frozen, but the store names no other active tree yet");
        }

        var head = await _storage.ReadHeadAsync(next.TreeId, cancellationToken)
            ?? throw new LogUnavailableException($"the new active tree {next.TreeId} has no head");
        _edge = await ActiveTreeEdge.LoadCommittedAsync(_storage, _nodes, head, cancellationToken);
        _committedHead = head;
        _shard = next;
        Logger.FollowedRotation(frozen, next.TreeId, next.GlobalOffset, next.Identity.Signer.PublicKey.LogId.ToHex());
    }

    /// <summary>
    /// Learns whether a batch whose commit threw was committed after all, by reading its leaves back: all of them at
    /// the indexes the batch gave them means committed (its signatures and checkpoint are the stored ones); none means
    /// not; read under the tree's write lock, so a COMMIT still in flight on the database has landed or been rolled back
    /// by then. The store is asked until it answers or <see cref="UnknownOutcomeWait"/> passes; then the original failure
    /// stands and nothing is acknowledged. Either way the edge and head stay a consistent pair (the batch's, or the
    /// ones before it), and the next batch adopts whatever head the store holds by then.
    /// </summary>
    private async Task<bool> CommittedAfterAllAsync(BatchWrite batch, Exception failure, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + UnknownOutcomeWait;
        var leaves = batch.Entries.Select(e => e.LeafHash).ToList();
        for (var attempt = 1; ; attempt++)
        {
            IReadOnlyDictionary<Hash32, long> found;
            try
            {
                // Under the tree's write lock: a transaction whose client vanished mid-COMMIT still holds the lock on
                // the database's side until it ends one way or the other, so once the lock is ours the outcome is final.
                await using var settled = await _storage.BeginWriteAsync(batch.TreeId, cancellationToken);
                found = await _storage.FindLeavesAsync(batch.TreeId, leaves, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(50 * attempt, 1000)), cancellationToken);
                continue;
            }

            var committed = batch.Entries.Count(e => found.TryGetValue(e.LeafHash, out var index) && index == e.Index);
            if (committed != 0 && committed != batch.Entries.Count)
            {
                throw new LogUnavailableException($"tree {batch.TreeId} is corrupt: {committed} of the {batch.Entries.Count} entries of a batch are committed");
            }

            Logger.CommitOutcomeResolved(batch.Entries.Count, batch.TreeId, committed != 0, failure);
            return committed != 0;
        }
    }

    /// <summary>Reloads the edge to a head another writer committed (read under the write lock, so it cannot move).</summary>
    private async Task AdoptAsync(TreeHead head, CancellationToken cancellationToken)
    {
        _edge = await ActiveTreeEdge.LoadCommittedAsync(_storage, _nodes, head, cancellationToken);
        _committedHead = head;
    }

    /// <summary>Answers duplicates (within the batch, and of leaves already committed) and returns the rest, in queue order.</summary>
    private async Task<List<PendingAppend>> DropDuplicatesAsync(List<PendingAppend> batch, CancellationToken cancellationToken)
    {
        var pending = batch.Where(p => !p.Completion.Task.IsCompleted).ToList();
        foreach (var append in pending)
        {
            append.Followers.Clear(); // a retried batch regroups its duplicates from scratch
        }

        var shard = _shard;
        var existing = await _storage.FindLeavesAsync(shard.TreeId, pending.Select(p => p.LeafHash).Distinct().ToList(), cancellationToken);
        var fresh = new List<PendingAppend>(pending.Count);
        var firstOfLeaf = new Dictionary<Hash32, PendingAppend>();
        foreach (var append in pending)
        {
            if (existing.TryGetValue(append.LeafHash, out var index))
            {
                append.Completion.TrySetResult(new AppendOutcome(AppendStatus.Duplicate, append.LeafHash, shard.TreeId, index, shard.GlobalOffset + index, null, _committedHead));
            }
            else if (firstOfLeaf.TryGetValue(append.LeafHash, out var first))
            {
                first.Followers.Add(append);
            }
            else
            {
                firstOfLeaf[append.LeafHash] = append;
                fresh.Add(append);
            }
        }

        return fresh;
    }

    private async Task<PreparedBatch> PrepareAsync(List<PendingAppend> fresh, CancellationToken cancellationToken)
    {
        var head = _committedHead;
        var shard = _shard;
        var identity = shard.Identity;
        var integratedTime = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var (edge, tiles) = _edge.Append([.. fresh.Select(p => p.LeafHash)]);
        var root = edge.Root();
        var logId = identity.Signer.PublicKey.LogId;

        // Every SET is signed here, once, and stored with its entry, so reads never sign. The checkpoint needs only the
        // root, so it is signed alongside the SETs: with a remote signer a batch costs one round trip, not two.
        var checkpointSigned = SignedCheckpoint.SignAsync(new Checkpoint(identity.OriginOf(shard.TreeId), edge.Size, root, []), identity.Hostname, identity.Signer, cancellationToken);
        var setsSigned = BatchSigning.SignAllAsync(
            identity.Signer,
            fresh.Count,
            i => SignedEntryTimestamp.Payload(Convert.ToBase64String(fresh[i].Leaf), integratedTime, logId, shard.GlobalOffset + head.Size + i),
            shard.SigningConcurrency,
            cancellationToken);
        await Task.WhenAll(setsSigned, checkpointSigned); // both observed, whichever fails
        var signatures = await setsSigned;
        var checkpoint = await checkpointSigned;
        var entries = new NewEntry[fresh.Count];
        for (var i = 0; i < fresh.Count; i++)
        {
            entries[i] = new NewEntry(head.Size + i, fresh[i].LeafHash, fresh[i].Leaf, integratedTime, signatures[i], fresh[i].IndexKeys);
        }

        var newHead = new TreeHead(shard.TreeId, edge.Size, root, checkpoint);
        return new PreparedBatch(fresh, new BatchWrite(shard.TreeId, head.Size, entries, tiles, newHead), edge, shard.GlobalOffset);
    }

    private static void Acknowledge(PreparedBatch write)
    {
        for (var i = 0; i < write.Appends.Count; i++)
        {
            var entry = write.Batch.Entries[i];
            var stored = new StoredEntry(write.Batch.TreeId, entry.Index, entry.LeafHash, entry.Body, entry.IntegratedTimeSeconds, entry.SignedEntryTimestamp);
            var outcome = new AppendOutcome(AppendStatus.Appended, entry.LeafHash, write.Batch.TreeId, entry.Index, write.GlobalOffset + entry.Index, stored, write.Batch.NewHead);
            write.Appends[i].Completion.TrySetResult(outcome);
            foreach (var follower in write.Appends[i].Followers)
            {
                follower.Completion.TrySetResult(outcome with { Status = AppendStatus.Duplicate });
            }
        }
    }

    /// <summary>
    /// Re-reads the committed edge after a failed batch. An unreachable store (<see cref="StorageUnavailableException"/>:
    /// a database restart) is waited out for as long as it takes, answering appends with 503 meanwhile, and the log
    /// resumes by itself when the store answers. Other storage errors are retried with backoff (they may be transient);
    /// an inconsistent store (a root that disagrees, a missing or short tile: <see cref="TileCorruptionException"/>),
    /// or one that stays unreadable, stops the sequencer for good.
    /// </summary>
    private async Task ReloadOrStopAsync(Exception cause, CancellationToken cancellationToken)
    {
        var errors = 0;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ReloadAsync(cancellationToken);
                if (_outage is not null)
                {
                    _outage = null;
                    Logger.StoreRecovered(_shard.TreeId, attempt);
                }

                return;
            }
            catch (LogUnavailableException e)
            {
                StopWith(e);
                return;
            }
            catch (TileCorruptionException e)
            {
                StopWith(new LogUnavailableException($"couldn't recover tree {_shard.TreeId} after a failed batch ({cause.Message}): it is corrupt: {e.Message}", e));
                return;
            }
            catch (StorageUnavailableException e)
            {
                var delayMilliseconds = Math.Min(10 << Math.Min(attempt, 10), 1000);
                _outage ??= e;
                FailQueued(e);
                Logger.StoreUnavailable(_shard.TreeId, attempt, delayMilliseconds, e);
                await Task.Delay(TimeSpan.FromMilliseconds(delayMilliseconds), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException && ++errors < MaxReloadAttempts)
            {
                var delayMilliseconds = Math.Min(10 << Math.Min(errors, 10), 500);
                Logger.ReloadRetry(_shard.TreeId, errors, delayMilliseconds, e);
                await Task.Delay(TimeSpan.FromMilliseconds(delayMilliseconds), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                StopWith(new LogUnavailableException($"couldn't recover tree {_shard.TreeId} after a failed batch ({cause.Message}): {e.Message}", e));
                return;
            }
        }
    }

    /// <summary>Refuses everything waiting in the queue with <paramref name="error"/> (nothing of it was written).</summary>
    private void FailQueued(Exception error)
    {
        while (_queue.Reader.TryRead(out var left))
        {
            left.Completion.TrySetException(error);
        }
    }

    /// <summary>Adopts what storage says is committed. Throws <see cref="LogUnavailableException"/> if its tiles disagree with its head.</summary>
    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var head = await _storage.ReadHeadAsync(_shard.TreeId, cancellationToken)
            ?? throw new LogUnavailableException($"tree {_shard.TreeId} disappeared from storage");
        _edge = await ActiveTreeEdge.LoadCommittedAsync(_storage, _nodes, head, cancellationToken);
        _committedHead = head;
    }

    private void StopWith(LogUnavailableException fault)
    {
        Logger.SequencerStopped(_shard.TreeId, fault);
        _fault = fault;
        _queue.Writer.TryComplete(fault);
        while (_queue.Reader.TryRead(out var left))
        {
            left.Completion.TrySetException(fault);
        }
    }

    private static void Fail(List<PendingAppend> batch, Exception error)
    {
        foreach (var append in batch)
        {
            append.Completion.TrySetException(error);
            foreach (var follower in append.Followers)
            {
                follower.Completion.TrySetException(error);
            }
        }
    }

    private sealed class PendingAppend(byte[] leaf, Hash32 leafHash, IReadOnlyList<string> indexKeys)
    {
        public byte[] Leaf { get; } = leaf;

        public Hash32 LeafHash { get; } = leafHash;

        public IReadOnlyList<string> IndexKeys { get; } = indexKeys;

        /// <summary>Identical leaves queued in the same batch after this one: they get its outcome as duplicates.</summary>
        public List<PendingAppend> Followers { get; } = [];

        public TaskCompletionSource<AppendOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record PreparedBatch(List<PendingAppend> Appends, BatchWrite Batch, ActiveTreeEdge Edge, long GlobalOffset);
}
