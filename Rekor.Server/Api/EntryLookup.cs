using Rekor.Core.Merkle;
using Rekor.Core.Models;
using Rekor.Server.Log;
using Rekor.Server.Storage;

namespace Rekor.Server.Api;

/// <summary>Finds entries by entry ID, UUID (leaf hash) or global index, across every shard.</summary>
public sealed class EntryLookup(TransparencyLog log, ILogStorage storage, EntryResponses responses)
{
    /// <summary>The trees to search for a leaf: the named one, or the active tree then the inactive ones in order.</summary>
    public IEnumerable<long> TreesToSearch(long? treeId) =>
        treeId is { } id ? [id] : [log.Shards.ActiveTreeId, .. log.Shards.Inactive.Select(s => s.TreeId)];

    /// <summary>
    /// The entry with this leaf hash, in the named tree or any; null if none. A named tree this server does not know
    /// (yet: a rotation elsewhere) makes it look at the store first, so an entry is never built for a tree without a key.
    /// </summary>
    public async Task<LogEntry?> ByLeafHashAsync(long? treeId, Hash32 leafHash, CancellationToken cancellationToken)
    {
        if (treeId is { } named && await log.FindShardAsync(named, cancellationToken) is null)
        {
            return null;
        }

        foreach (var tree in TreesToSearch(treeId))
        {
            var found = await storage.FindLeavesAsync(tree, [leafHash], cancellationToken);
            if (found.TryGetValue(leafHash, out var index) && await responses.ReadAsync(tree, index, cancellationToken) is { } entry)
            {
                return entry;
            }
        }

        return null;
    }

    public async Task<LogEntry?> ByGlobalIndexAsync(long globalIndex, CancellationToken cancellationToken) =>
        log.Shards.Resolve(globalIndex) is { } where ? await responses.ReadAsync(where.TreeId, where.LocalIndex, cancellationToken) : null;
}
