using Rekor.Server.Configuration;
using Rekor.Server.Storage;

namespace Rekor.Server.Indexing;

/// <summary>
/// Owns the search index the options name (<see cref="StorageBackends.CreateSearchIndex"/>) for the host's lifetime.
/// <see cref="Writer"/> is set when the index is kept outside the log's database and so is fed from the outbox.
/// </summary>
public sealed class SearchIndexBackend(RekorServerOptions options) : IAsyncDisposable
{
    public ISearchIndex Index { get; } = StorageBackends.CreateSearchIndex(options);

    public ISearchIndexWriter? Writer => Index.WrittenInLogTransaction ? null : Index as ISearchIndexWriter;

    public async ValueTask DisposeAsync()
    {
        if (Index is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}
