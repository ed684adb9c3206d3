using System.Globalization;
using System.Text.Json;
using Rekor.Core.Merkle;
using Rekor.Core.Verification;
using Rekor.Server.Logging;
using Rekor.Server.Storage;

namespace Rekor.Server.Api;

/// <summary>The entries resource: create, get by index or ID, and search by IDs, indexes or proposed entries.</summary>
public static class EntriesApi
{
    private const int MaxSearchItems = 10;

    public static IEndpointRouteBuilder MapEntriesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/log/entries", CreateAsync).IsOperation(ApiEndpoints.CreateLogEntry);
        app.MapGet("/api/v1/log/entries", GetByIndexAsync).IsOperation(ApiEndpoints.GetLogEntryByIndex);
        app.MapGet("/api/v1/log/entries/{entryUUID}", GetByIdAsync).IsOperation(ApiEndpoints.GetLogEntryByUuid);
        app.MapPost("/api/v1/log/entries/retrieve", SearchAsync).IsOperation(ApiEndpoints.SearchLogQuery);
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, EntrySubmission submission, EntryResponses responses, ILogger<EntrySubmission> logger, CancellationToken cancellationToken)
    {
        var (json, error) = await RequestBody.ReadJsonAsync(context, "proposedEntry", cancellationToken);
        if (error is not null)
        {
            return error;
        }

        SubmissionResult result;
        using (json)
        {
            result = await submission.SubmitAsync(json!.RootElement, cancellationToken);
        }

        switch (result)
        {
            case SubmissionResult.Appended { Outcome: var appended }:
                var createdId = EntryResponses.EntryId(appended.TreeId, appended.LeafHash);
                context.Response.Headers.Location = EntryLocation(context, createdId);
                context.Response.Headers.ETag = createdId;
                return ApiResults.Ok(await responses.BuildAsync(appended.Entry!, appended.Head!, cancellationToken), StatusCodes.Status201Created);
            case SubmissionResult.Duplicate { Outcome: var duplicate }:
                var existingId = EntryResponses.EntryId(duplicate.TreeId, duplicate.LeafHash);
                context.Response.Headers.Location = EntryLocation(context, existingId);
                return ApiResults.Error(409, $"an equivalent entry already exists in the transparency log with UUID {existingId}");
            case SubmissionResult.Pushback:
                context.Response.Headers.RetryAfter = "1";
                return ApiResults.Error(503, "the log is busy; retry later");
            case SubmissionResult.Refused refused:
                var (status, code) = refused.Reason switch
                {
                    RefusalReason.MissingKind => (422, (int?)ValidationCode.Required),
                    RefusalReason.MalformedEnvelope => (422, null),
                    RefusalReason.Internal => (500, null),
                    RefusalReason.StorageUnavailable => (503, null),
                    RefusalReason.TooLarge => (413, null),
                    _ => (400, null),
                };
                if (status == 503)
                {
                    context.Response.Headers.RetryAfter = "1";
                }

                logger.EntryRefused(status, refused.Message);
                return ApiResults.Error(status, refused.Message, code);
            default:
                throw new InvalidOperationException($"unknown submission result {result.GetType().Name}");
        }
    }

    private static string EntryLocation(HttpContext context, string entryId) => context.Request.Path.Value!.TrimEnd('/') + "/" + entryId;

    private static async Task<IResult> GetByIndexAsync(HttpContext context, EntryLookup lookup, CancellationToken cancellationToken)
    {
        var raw = context.Request.Query["logIndex"];
        if (raw.Count == 0)
        {
            return ApiResults.Error(422, "logIndex in query is required", ValidationCode.Required);
        }

        if (!QueryInteger.TryParse(raw[0], "logIndex", minimum: 0, out var index, out var error))
        {
            return error!;
        }

        return await lookup.ByGlobalIndexAsync(index, cancellationToken) is { } entry ? ApiResults.Ok(entry) : ApiResults.EmptyNotFound();
    }

    private static async Task<IResult> GetByIdAsync(string entryUUID, EntryLookup lookup, Log.TransparencyLog log, CancellationToken cancellationToken)
    {
        if (!IsEntryIdShape(entryUUID))
        {
            return ApiResults.Error(422, $"entryUUID in path should match '{EntryId.Pattern}'", ValidationCode.Pattern);
        }

        if (!EntryId.TryParse(entryUUID, out var id))
        {
            return ApiResults.Error(400, $"validation error: {entryUUID} is not a valid entry ID: its tree ID must be a positive 64-bit number");
        }

        return await lookup.ByLeafHashAsync(id.TreeId, id.Uuid, cancellationToken) is { } entry ? ApiResults.Ok(entry) : ApiResults.EmptyNotFound();
    }

    private static async Task<IResult> SearchAsync(HttpContext context, EntryLookup lookup, Rekor.Core.Types.EntryLimits limits, CancellationToken cancellationToken)
    {
        var (json, error) = await RequestBody.ReadJsonAsync(context, "entry", cancellationToken);
        if (error is not null)
        {
            return error;
        }

        using (json)
        {
            var query = json!.RootElement;
            if (query.ValueKind != JsonValueKind.Object)
            {
                return ApiResults.Error(400, "parsing entry body from \"\" failed, because the search must be a JSON object");
            }

            // Go's decoder reads the query into typed fields before any validation: a member of the wrong JSON type is a
            // parse failure (400), a value of the right type that breaks the schema is a validation failure (422).
            if (SearchQueryShape.FindTypeError(query) is { } typeError)
            {
                return ApiResults.Error(400, $"parsing entry body from \"\" failed, because {typeError}");
            }

            var uuids = Items(query, "entryUUIDs");
            var indexes = Items(query, "logIndexes");
            var proposed = Items(query, "entries");
            foreach (var (name, items) in new[] { ("entryUUIDs", uuids), ("logIndexes", indexes), ("entries", proposed) })
            {
                if (items.Count > MaxSearchItems)
                {
                    return ApiResults.Error(422, $"{name} in body should have at most {MaxSearchItems} items", ValidationCode.MaxItems);
                }
            }

            if (uuids.Count + indexes.Count + proposed.Count > MaxSearchItems)
            {
                return ApiResults.Error(422, $"more than max allowed {MaxSearchItems} entries in request");
            }

            var found = new List<Core.Models.LogEntry>();
            foreach (var uuid in uuids)
            {
                if (!IsEntryIdShape(uuid.GetString()!))
                {
                    return ApiResults.Error(422, $"entryUUIDs in body should match '{EntryId.Pattern}'", ValidationCode.Pattern);
                }

                if (EntryId.TryParse(uuid.GetString(), out var id) && await lookup.ByLeafHashAsync(id.TreeId, id.Uuid, cancellationToken) is { } entry)
                {
                    found.Add(entry);
                }
            }

            foreach (var candidate in proposed)
            {
                var (implementation, refusal) = EntrySubmission.Read(candidate);
                if (refusal is not null)
                {
                    return ApiResults.Error(400, refusal.Message);
                }

                implementation!.Limits = limits; // read under the operator's limits, as when it was created
                var canonical = await implementation.CanonicalizeAsync(cancellationToken);
                if (!canonical.Succeeded)
                {
                    return ApiResults.Error(400, canonical.Error!.Message);
                }

                if (await lookup.ByLeafHashAsync(null, Rfc6962.HashLeaf(canonical.Value!), cancellationToken) is { } entry)
                {
                    found.Add(entry);
                }
            }

            foreach (var index in indexes)
            {
                var value = index.GetInt64();
                if (value < 0)
                {
                    return ApiResults.Error(422, "logIndexes in body should be greater than or equal to 0", ValidationCode.Minimum);
                }

                if (await lookup.ByGlobalIndexAsync(value, cancellationToken) is { } entry)
                {
                    found.Add(entry);
                }
            }

            return ApiResults.Ok(found);
        }
    }

    private static bool IsEntryIdShape(string text) => text.Length is 64 or 80 && text.All(Uri.IsHexDigit);

    /// <summary>The items of an optional array member; an empty array counts as absent, as in Rekor.</summary>
    private static List<JsonElement> Items(JsonElement query, string name) =>
        query.TryGetProperty(name, out var member) && member.ValueKind == JsonValueKind.Array ? [.. member.EnumerateArray()] : [];
}
