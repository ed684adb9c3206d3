using System.Net;
using System.Text.Json;
using Rekor.Core.Types;
using Rekor.Server.Tests.Api;

namespace Rekor.Server.Tests.Hostile;

/// <summary>
/// Whether a 201 to a hostile body created a legitimate entry: the body, read by Rekor.Core as a client library
/// would, is a known kind that validates and whose signature verifies, its canonical form is exactly the logged
/// body, and the log serves the entry under the ID it answered with.
/// </summary>
internal static class CreatedEntryCheck
{
    public const string Rule = "a 201 is a legitimate new entry";

    /// <summary>What is wrong with the entry <paramref name="created"/> added, or null when it is legitimate.</summary>
    public static async Task<string?> ProblemAsync(Exchange created, HttpClient client)
    {
        string entryId;
        byte[] logged;
        try
        {
            using var response = JsonDocument.Parse(created.ResponseBody);
            var entry = response.RootElement.EnumerateObject().Single();
            entryId = entry.Name;
            logged = Convert.FromBase64String(entry.Value.GetProperty("body").GetString()!);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            return "the 201's body is not a log entry: " + e.Message;
        }

        try
        {
            using var request = JsonDocument.Parse(created.Request.Body);
            var parsed = TypeMap.ParseProposedEntry(request.RootElement);
            if (parsed.Entry is null)
            {
                return "Rekor.Core does not read the body as a proposed entry: " + parsed.Message;
            }

            var implementation = TypeMap.CreateImplementation(parsed.Entry);
            if (implementation.Value is not { } entry)
            {
                return "Rekor.Core has no implementation for it: " + implementation.Error?.Message;
            }

            if (entry.Validate().Error is { } invalid)
            {
                return "Rekor.Core finds it invalid: " + invalid.Message;
            }

            var canonical = await entry.CanonicalizeAsync(CancellationToken.None);
            if (canonical.Value is not { } bytes)
            {
                return "Rekor.Core cannot verify and canonicalize it: " + canonical.Error?.Message;
            }

            if (!bytes.AsSpan().SequenceEqual(logged))
            {
                return "the logged body is not the canonical form of what was sent: " + Escaped.Bytes(logged);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return "Rekor.Core cannot read the body that was logged: " + e.Message;
        }

        using var served = await client.GetAsync("/api/v1/log/entries/" + entryId);
        return served.StatusCode == HttpStatusCode.OK ? null : $"GET /api/v1/log/entries/{entryId} answers {(int)served.StatusCode}";
    }
}
