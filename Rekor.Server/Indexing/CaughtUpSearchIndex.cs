using Rekor.Server.Storage;

namespace Rekor.Server.Indexing;

/// <summary>
/// What searches use when the index is kept outside the log's database: the index, brought up to date with the log's
/// outbox before each lookup (<see cref="SearchIndexFeeder.CatchUpAsync"/>). So a search through any replica finds
/// every entry acknowledged before it began, as a search of an index in the log's own transaction does; Rekor's
/// asynchronous index writes promise less.
/// </summary>
public sealed class CaughtUpSearchIndex(ISearchIndex index, SearchIndexFeeder feeder) : ISearchIndex
{
    public bool WrittenInLogTransaction => false;

    public async Task<IReadOnlyList<string>> LookupAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        await feeder.CatchUpAsync(cancellationToken);
        return await index.LookupAsync(keys, cancellationToken);
    }
}
