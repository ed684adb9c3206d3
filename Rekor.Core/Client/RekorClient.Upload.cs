using System.Net;
using Rekor.Core.Models;

namespace Rekor.Core.Client;

public partial class RekorClient
{
    /// <summary>
    /// Uploads <paramref name="entry"/>. When the log already holds it (409 with a <c>Location</c>), fetches the
    /// existing entry from there and says so in <see cref="UploadedEntry.AlreadyExisted"/>; any other refusal is the
    /// <see cref="RekorApiException"/> with the server's message.
    /// </summary>
    /// <exception cref="InvalidDataException">The log answered with no entry, or a 409 without a usable location.</exception>
    public async Task<UploadedEntry> UploadAsync(ProposedEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        LogEntry created;
        try
        {
            created = await CreateLogEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        }
        catch (RekorApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            var existingId = EntryIdOfLocation(e.Location)
                ?? throw new InvalidDataException($"the log answered 409 (entry exists) without a Location naming the entry: {e.Message}", e);
            var existing = await GetLogEntryByUUIDAsync(existingId, cancellationToken).ConfigureAwait(false);
            var (existingKey, existingValue) = SingleMember(existing, "getLogEntryByUUID after a 409");
            return new UploadedEntry(existingKey, existingValue, AlreadyExisted: true, e.Location);
        }

        var (key, value) = SingleMember(created, "createLogEntry");
        return new UploadedEntry(key, value, AlreadyExisted: false, Location: null);
    }

    /// <summary>The last path segment of a <c>Location</c> such as <c>/api/v1/log/entries/&lt;entryID&gt;</c>.</summary>
    internal static string? EntryIdOfLocation(Uri? location)
    {
        if (location is null)
        {
            return null;
        }

        var path = location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?', '#')[0];
        var segment = path.TrimEnd('/').Split('/')[^1];
        return segment.Length == 0 ? null : Uri.UnescapeDataString(segment);
    }

    /// <summary>The one member a single-entry answer holds.</summary>
    internal static (string Key, LogEntryValue Value) SingleMember(LogEntry answer, string operation)
    {
        if (answer.Count != 1)
        {
            throw new InvalidDataException($"{operation}: the log answered {answer.Count} entries where one was expected");
        }

        var (key, value) = answer.First();
        return (key, value ?? throw new InvalidDataException($"{operation}: the entry {key} is null"));
    }
}
