using Rekor.Core.Merkle;
using Rekor.Server.Storage;

namespace Rekor.Server.Tests.Storage;

/// <summary>Passes every call to a real store; tests override the calls they want to interfere with.</summary>
internal class DelegatingStorage(ILogStorage inner) : ILogStorage
{
    protected ILogStorage Inner { get; } = inner;

    public virtual Task InitializeAsync(CancellationToken cancellationToken) => Inner.InitializeAsync(cancellationToken);

    public virtual long MaxEntryBytes => Inner.MaxEntryBytes;

    public virtual Task<IReadOnlyList<TreeRecord>> ListTreesAsync(CancellationToken cancellationToken) => Inner.ListTreesAsync(cancellationToken);

    public virtual Task CreateTreeAsync(long treeId, TreeState state, Hash32 emptyRoot, string? emptyCheckpoint, TreeKey? key, CancellationToken cancellationToken) =>
        Inner.CreateTreeAsync(treeId, state, emptyRoot, emptyCheckpoint, key, cancellationToken);

    public virtual Task<TreeKey> RecordTreeKeyAsync(long treeId, TreeKey key, CancellationToken cancellationToken) => Inner.RecordTreeKeyAsync(treeId, key, cancellationToken);

    public virtual Task<TreeHead?> ReadHeadAsync(long treeId, CancellationToken cancellationToken) => Inner.ReadHeadAsync(treeId, cancellationToken);

    public virtual Task<IReadOnlyDictionary<Hash32, long>> FindLeavesAsync(long treeId, IReadOnlyCollection<Hash32> leafHashes, CancellationToken cancellationToken) =>
        Inner.FindLeavesAsync(treeId, leafHashes, cancellationToken);

    public virtual Task<bool> CreateFirstTreeAsync(long treeId, Hash32 emptyRoot, string emptyCheckpoint, TreeKey? key, CancellationToken cancellationToken) =>
        Inner.CreateFirstTreeAsync(treeId, emptyRoot, emptyCheckpoint, key, cancellationToken);

    public async Task<ILogWriteTransaction> BeginWriteAsync(long treeId, CancellationToken cancellationToken) =>
        new DelegatingWrite(this, await Inner.BeginWriteAsync(treeId, cancellationToken));

    public virtual Task<IndexBacklog> ReadIndexBacklogAsync(string consumer, long treeId, int max, CancellationToken cancellationToken) =>
        Inner.ReadIndexBacklogAsync(consumer, treeId, max, cancellationToken);

    public virtual Task<bool> AdvanceIndexPositionAsync(string consumer, long treeId, long fromPosition, long toPosition, CancellationToken cancellationToken) =>
        Inner.AdvanceIndexPositionAsync(consumer, treeId, fromPosition, toPosition, cancellationToken);

    /// <summary>Commits a batch through the real store's write; tests override it to interfere with commits.</summary>
    protected virtual Task<BatchRejection> CommitAsync(ILogWriteTransaction inner, BatchWrite batch, CancellationToken cancellationToken) =>
        inner.CommitAsync(batch, cancellationToken);

    /// <summary>Rotates through the real store's write; tests override it to interfere with rotations.</summary>
    protected virtual Task RotateAsync(ILogWriteTransaction inner, TreeRotation rotation, CancellationToken cancellationToken) =>
        inner.RotateAsync(rotation, cancellationToken);

    public virtual Task<StoredEntry?> ReadEntryAsync(long treeId, long index, CancellationToken cancellationToken) => Inner.ReadEntryAsync(treeId, index, cancellationToken);

    public virtual Task<Tile?> ReadTileAsync(long treeId, int level, long index, CancellationToken cancellationToken) => Inner.ReadTileAsync(treeId, level, index, cancellationToken);

    public virtual Task<string?> ReadCheckpointAsync(long treeId, long size, CancellationToken cancellationToken) => Inner.ReadCheckpointAsync(treeId, size, cancellationToken);

    public virtual Task<long> DiscardBeyondHeadAsync(long treeId, CancellationToken cancellationToken) => Inner.DiscardBeyondHeadAsync(treeId, cancellationToken);

    public ValueTask DisposeAsync() => Inner.DisposeAsync();

    private sealed class DelegatingWrite(DelegatingStorage storage, ILogWriteTransaction inner) : ILogWriteTransaction
    {
        public TreeHead Head => inner.Head;

        public TreeState State => inner.State;

        public Task RotateAsync(TreeRotation rotation, CancellationToken cancellationToken) => storage.RotateAsync(inner, rotation, cancellationToken);

        public Task<BatchRejection> CommitAsync(BatchWrite batch, CancellationToken cancellationToken) => storage.CommitAsync(inner, batch, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

/// <summary>Holds every commit until <see cref="Release"/>, so the sequencer's queue fills up.</summary>
internal sealed class BlockingStorage(ILogStorage inner) : DelegatingStorage(inner)
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _released.TrySetResult();

    protected override async Task<BatchRejection> CommitAsync(ILogWriteTransaction inner, BatchWrite batch, CancellationToken cancellationToken)
    {
        await _released.Task.WaitAsync(cancellationToken);
        return await inner.CommitAsync(batch, cancellationToken);
    }
}
