using Rekor.Server.Storage;

namespace Rekor.Server.Tests.Storage;

/// <summary>A store that has lost its tiles (while <see cref="TilesMissing"/>) and can fail its next commit.</summary>
internal sealed class MissingTileStorage(ILogStorage inner) : DelegatingStorage(inner)
{
    private int _tileReads;

    public bool TilesMissing { get; set; }

    public bool FailNextCommit { get; set; }

    /// <summary>Tile reads made while the tiles were missing.</summary>
    public int TileReadsWhileMissing => Volatile.Read(ref _tileReads);

    protected override Task<BatchRejection> CommitAsync(ILogWriteTransaction inner, BatchWrite batch, CancellationToken cancellationToken)
    {
        if (FailNextCommit)
        {
            FailNextCommit = false;
            throw new IOException($"injected fault before committing {batch.Entries.Count} entries at size {batch.ExpectedSize}");
        }

        return inner.CommitAsync(batch, cancellationToken);
    }

    public override Task<Tile?> ReadTileAsync(long treeId, int level, long index, CancellationToken cancellationToken)
    {
        if (TilesMissing)
        {
            Interlocked.Increment(ref _tileReads);
            return Task.FromResult<Tile?>(null);
        }

        return Inner.ReadTileAsync(treeId, level, index, cancellationToken);
    }
}
