namespace Rekor.Core.Client;

public partial class RekorClient
{
    /// <summary>
    /// Fetches the entry with <paramref name="uuid"/> (64-digit UUID or 80-digit entry ID) and verifies it
    /// (<see cref="EntryVerification"/>), including that it is the entry asked for. A missing entry is the 404
    /// <see cref="RekorApiException"/>; a bad one is a result whose <see cref="VerifiedLogEntry.IsVerified"/> is false.
    /// </summary>
    public async Task<VerifiedLogEntry> GetVerifiedEntryByUuidAsync(string uuid, LogKeySource keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uuid);
        var answer = await GetLogEntryByUUIDAsync(uuid, cancellationToken).ConfigureAwait(false);
        var (key, value) = SingleMember(answer, "getLogEntryByUUID");
        return await EntryVerification.VerifyAsync(key, value, keys, EntryVerification.MatchesUuid(uuid, key), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>As <see cref="GetVerifiedEntryByUuidAsync"/>, for the entry at the global <paramref name="logIndex"/>.</summary>
    public async Task<VerifiedLogEntry> GetVerifiedEntryByIndexAsync(long logIndex, LogKeySource keys, CancellationToken cancellationToken = default)
    {
        var answer = await GetLogEntryByIndexAsync(logIndex, cancellationToken).ConfigureAwait(false);
        var (key, value) = SingleMember(answer, "getLogEntryByIndex");
        return await EntryVerification.VerifyAsync(key, value, keys, EntryVerification.MatchesIndex(logIndex, value), cancellationToken).ConfigureAwait(false);
    }
}
