using Rekor.Server.Storage;

namespace Rekor.Server.Indexing;

/// <summary>
/// Moves search keys from the log's outbox (each committed entry's keys, kept in its row) to an index kept outside the
/// log's database, under a saved position per consumer and tree. Keys are written first and the position moved after,
/// so a crash or an index outage between the two only repeats writes (which the index ignores); a key is never lost.
/// Replicas may drain the same consumer at once: both write the same idempotent keys and one advance wins.
/// </summary>
public sealed class IndexOutbox(ILogStorage storage, ISearchIndexWriter index, string consumer)
{
    /// <summary>Entries read and written per step.</summary>
    public const int StepSize = 512;

    /// <summary>The consumer whose position this outbox keeps (names the index, never a password).</summary>
    public string Consumer => consumer;

    /// <summary>Writes everything committed in <paramref name="treeId"/> past the saved position; returns how many entries it wrote.</summary>
    public async Task<long> DrainAsync(long treeId, Action<long>? progress, CancellationToken cancellationToken)
    {
        var written = 0L;
        while (true)
        {
            var backlog = await storage.ReadIndexBacklogAsync(consumer, treeId, StepSize, cancellationToken);
            if (backlog.Entries.Count == 0)
            {
                return written;
            }

            await index.WriteAsync(backlog.Entries, cancellationToken);
            var next = backlog.Position + backlog.Entries.Count;
            await storage.AdvanceIndexPositionAsync(consumer, treeId, backlog.Position, next, cancellationToken);
            written += backlog.Entries.Count;
            progress?.Invoke(next);
        }
    }

    /// <summary>Starts the consumer over from the first entry of <paramref name="treeId"/> (reindex).</summary>
    public Task ResetAsync(long treeId, CancellationToken cancellationToken) =>
        storage.AdvanceIndexPositionAsync(consumer, treeId, -1, 0, cancellationToken);
}
