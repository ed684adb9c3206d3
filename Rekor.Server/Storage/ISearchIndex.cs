namespace Rekor.Server.Storage;

/// <summary>
/// The search index: entry IDs (80 hex) filed under search keys (key hashes, <c>sha256:</c> artifact digests,
/// subjects, emails), kept apart from <see cref="ILogStorage"/> so that backends can be swapped independently.
/// Keys match case-insensitively: every implementation lowercases keys on write and on lookup.
/// <para>An index is written in one of two ways, and says which in <see cref="WrittenInLogTransaction"/>:</para>
/// <list type="bullet">
/// <item>In the log's transaction (SQLite, or MySQL's EntryIndex in the log's database): the index lives in the log's own database, and the store writes each
/// batch's keys (<see cref="NewEntry.IndexKeys"/>) in the transaction that commits the batch. Such an index can never
/// drift: a lookup sees exactly the keys of committed entries, and an entry is never committed without its keys.</item>
/// <item>After commit (Redis, or MySQL in another database, as Rekor has them): the index is another system; it also
/// implements <see cref="ISearchIndexWriter"/>, and the keys reach it from the log's outbox (each committed entry keeps
/// its keys in its row; <see cref="Indexing.IndexOutbox"/>). Such an index may lag by moments (more while it is down),
/// but it never loses a key: an outage or a crash only delays the write. It never names an uncommitted entry.</item>
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
    /// <summary>A name for this index that stays the same across restarts and replicas (its saved outbox position is kept under it); never a password.</summary>
    string Consumer { get; }

    /// <summary>Creates what the index needs (a table); idempotent, called before the first write.</summary>
    Task PrepareAsync(CancellationToken cancellationToken);

    Task WriteAsync(IReadOnlyList<IndexedEntry> entries, CancellationToken cancellationToken);
}

/// <summary>One committed entry's ID (80 hex) and its search keys.</summary>
public sealed record IndexedEntry(string EntryId, IReadOnlyList<string> Keys);
