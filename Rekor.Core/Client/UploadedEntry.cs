using Rekor.Core.Models;

namespace Rekor.Core.Client;

/// <summary>
/// The log's entry for an upload: the one just created, or, when the log already held the same body (409), the
/// existing one fetched from the <c>Location</c> the log named. The entry is as served; verify it before trusting it.
/// </summary>
/// <param name="EntryId">The key the log gave the entry (80 hex digits, or 64 from old logs).</param>
/// <param name="Entry">The entry's value.</param>
/// <param name="AlreadyExisted">True when the log answered 409: the entry was there before this upload.</param>
/// <param name="Location">Where the log says the entry lives (<c>Location</c> header of the 409), when it said.</param>
public sealed record UploadedEntry(string EntryId, LogEntryValue Entry, bool AlreadyExisted, Uri? Location);
