using System.Collections.Frozen;
using Rekor.Core.Models;
using Rekor.Core.Verification;

namespace Rekor.Core.Client;

/// <summary>
/// Verifies entries as a client that must rely on them: every check of <see cref="LogEntryVerifier"/>, with the SET,
/// the inclusion proof and the checkpoint required (an entry that omits one fails it), the keys from a
/// <see cref="LogKeySource"/>. Works offline with trusted keys.
/// </summary>
public static class EntryVerification
{
    /// <summary>The checks an entry may not leave out.</summary>
    public static VerificationOptions RequireAll { get; } = new()
    {
        RequiredChecks = new[]
        {
            VerificationCheck.SignedEntryTimestamp,
            VerificationCheck.InclusionProof,
            VerificationCheck.CheckpointSignature,
            VerificationCheck.CheckpointMatchesProof,
        }.ToFrozenSet(),
    };

    /// <summary>Verifies <paramref name="entry"/> stored under <paramref name="entryKey"/>; <paramref name="match"/> says whether it is the one asked for.</summary>
    public static async Task<VerifiedLogEntry> VerifyAsync(
        string entryKey, LogEntryValue entry, LogKeySource keys, RequestMatch match, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entryKey);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(match);
        long? treeId = EntryId.TryParse(entryKey, out var id) ? id.TreeId : null;
        var trusted = await keys.KeysForTreeAsync(treeId, cancellationToken).ConfigureAwait(false);
        var verification = LogEntryVerifier.Verify(entryKey, entry, trusted, RequireAll);
        return new VerifiedLogEntry(entryKey, entry, verification, match);
    }

    /// <summary>Verifies every member of a <see cref="LogEntry"/> (a file saved from <c>get --format json</c>, say).</summary>
    public static async Task<IReadOnlyList<VerifiedLogEntry>> VerifyAllAsync(LogEntry entries, LogKeySource keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var results = new List<VerifiedLogEntry>(entries.Count);
        foreach (var (key, value) in entries)
        {
            if (value is null)
            {
                throw new InvalidDataException($"the entry {key} is null");
            }

            results.Add(await VerifyAsync(key, value, keys, new RequestMatch(true, "no particular entry was asked for"), cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>Whether the entry under <paramref name="returnedKey"/> is the one with <paramref name="requested"/> (UUID or entry ID).</summary>
    public static RequestMatch MatchesUuid(string requested, string returnedKey)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(returnedKey);
        if (!EntryId.TryParse(requested, out var asked))
        {
            return new RequestMatch(false, $"the requested '{requested}' is not an entry ID or UUID");
        }

        if (!EntryId.TryParse(returnedKey, out var got))
        {
            return new RequestMatch(false, $"the returned key '{returnedKey}' is not an entry ID or UUID");
        }

        if (asked.Uuid != got.Uuid)
        {
            return new RequestMatch(false, $"asked for UUID {asked.Uuid}, the log returned {got.Uuid}");
        }

        if (asked.TreeId is { } askedTree && got.TreeId is { } gotTree && askedTree != gotTree)
        {
            return new RequestMatch(false, $"asked for tree {askedTree}, the log returned an entry of tree {gotTree}");
        }

        return new RequestMatch(true, $"the log returned UUID {got.Uuid}, the one asked for");
    }

    /// <summary>Whether <paramref name="entry"/> is at <paramref name="requestedIndex"/> (the global index).</summary>
    public static RequestMatch MatchesIndex(long requestedIndex, LogEntryValue entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.LogIndex == requestedIndex
            ? new RequestMatch(true, $"the log returned the entry at index {requestedIndex}, the one asked for")
            : new RequestMatch(false, $"asked for index {requestedIndex}, the log returned the entry at index {entry.LogIndex}");
    }
}
