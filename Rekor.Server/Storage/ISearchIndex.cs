namespace Rekor.Server.Storage;

/// <summary>
/// The search index: entry IDs (80 hex) filed under search keys (key hashes, <c>sha256:</c> artifact digests,
/// subjects, emails), kept apart from <see cref="ILogStorage"/> so that backends can be swapped independently.
/// Keys match case-insensitively: every implementation lowercases keys on write and on lookup.
/// <para>An index is written in one of two ways, and says which in <see cref="WrittenInLogTransaction"/>:</para>
/// <list type="bullet">
/// <item>In the log's transaction (SQLite today): the index lives in the log's own database, and the store writes each
/// batch's keys (<see cref="NewEntry.IndexKeys"/>) in the transaction that commits the batch. Such an index can never
/// drift: a lookup sees exactly the keys of committed entries, and an entry is never committed without its keys.</item>
/// <item>After commit (MySQL, Redis, as Rekor has them): the index is another system; it also implements
/// <see cref="ISearchIndexWriter"/>, and the log writes a batch's keys to it only after the batch committed. Such an
/// index is allowed to lag: a lookup may miss entries committed moments ago (and, until re-indexed, entries whose
/// write was lost with the process), as Rekor's asynchronous index writes do. It never names an uncommitted entry.</item>
/// </list>
/// </summary>
public interface ISearchIndex
{
    /// <summary>True when keys are written in the log's own transaction (never lags); false when written after commit (may lag).</summary>
    bool WrittenInLogTransaction { get; }

    /// <summary>
    /// The distinct entry IDs filed under any of <paramref name="keys"/> (a union), in no promised order. Sees every
    /// committed entry if <see cref="WrittenInLogTransaction"/>, otherwise every entry whose keys were written so far.
    /// </summary>
    Task<IReadOnlyList<string>> LookupAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);
}

/// <summary>
/// Writes keys to a search index that is not in the log's transaction (see <see cref="ISearchIndex"/>). Called only
/// after the entries committed; idempotent, since a write may be retried and the same pairs written again.
/// </summary>
public interface ISearchIndexWriter
{
    Task WriteAsync(IReadOnlyList<IndexedEntry> entries, CancellationToken cancellationToken);
}

/// <summary>One committed entry's ID (80 hex) and its search keys.</summary>
public sealed record IndexedEntry(string EntryId, IReadOnlyList<string> Keys);
