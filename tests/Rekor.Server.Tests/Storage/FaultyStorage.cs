using Rekor.Server.Storage;

namespace Rekor.Server.Tests.Storage;

/// <summary>Where an injected storage fault strikes relative to the commit.</summary>
public enum FaultPoint
{
    /// <summary>The commit never reaches the store.</summary>
    BeforeCommit,

    /// <summary>The commit is durable, but the caller hears a failure (a lost reply).</summary>
    AfterCommitBeforeReply,

    /// <summary>Reading a tile fails (e.g. while the sequencer reloads its edge).</summary>
    TileRead,
}

/// <summary>A store that fails at chosen points, chosen by a seeded random so a failing run can be replayed.</summary>
internal sealed class FaultyStorage(ILogStorage inner, int seed, double faultRate, params FaultPoint[] points) : DelegatingStorage(inner)
{
    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();

    public bool Armed { get; set; } = true;

    public int Injected { get; private set; }

    protected override async Task<BatchRejection> CommitAsync(ILogWriteTransaction inner, BatchWrite batch, CancellationToken cancellationToken)
    {
        if (points.Contains(FaultPoint.BeforeCommit) && Strike())
        {
            throw new IOException($"injected fault before committing {batch.Entries.Count} entries at size {batch.ExpectedSize}");
        }

        var result = await inner.CommitAsync(batch, cancellationToken);
        if (points.Contains(FaultPoint.AfterCommitBeforeReply) && Strike())
        {
            throw new IOException($"injected fault after committing {batch.Entries.Count} entries at size {batch.ExpectedSize}");
        }

        return result;
    }

    public override Task<Tile?> ReadTileAsync(long treeId, int level, long index, CancellationToken cancellationToken)
    {
        if (points.Contains(FaultPoint.TileRead) && Strike())
        {
            throw new IOException($"injected fault reading tile {level}/{index}");
        }

        return Inner.ReadTileAsync(treeId, level, index, cancellationToken);
    }

    private bool Strike()
    {
        lock (_gate)
        {
            if (!Armed || _random.NextDouble() >= faultRate)
            {
                return false;
            }

            Injected++;
            return true;
        }
    }
}
