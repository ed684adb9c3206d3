using System.Globalization;
using System.Text;
using System.Text.Json;
using Rekor.Core.Client;

namespace Rekor.Cli.Output;

/// <summary>How get, verify and upload show an entry and its checks, and the exit code its verification earns.</summary>
internal static class EntryReport
{
    /// <summary>Shows the entry (human: facts and a check table; JSON: entry, checks and verdict) and returns 0 or 3.</summary>
    public static int Show(CommandOutput output, VerifiedLogEntry entry, Uri server, string? heading = null)
    {
        var checks = CheckLine.AllOf(entry);
        if (output.IsJson)
        {
            output.WriteJson(new
            {
                uuid = entry.EntryId,
                logIndex = entry.Entry.LogIndex,
                verified = entry.IsVerified,
                checks = CheckLine.Json(checks),
                entry = new Dictionary<string, object> { [entry.EntryId] = entry.Entry },
            });
        }
        else
        {
            if (heading is not null)
            {
                output.Line(heading);
            }

            output.Facts("Entry", Facts(entry, server));
            output.Checks("Verification", checks);
        }

        return Verdict(output, entry);
    }

    /// <summary>0 when the entry verified; else says loudly which check failed and returns 3.</summary>
    public static int Verdict(CommandOutput output, VerifiedLogEntry entry)
    {
        if (entry.IsVerified)
        {
            if (!output.IsJson)
            {
                output.Line($"Verification successful for entry {entry.EntryId}");
            }

            return ExitCodes.Ok;
        }

        output.ErrorLine($"error: VERIFICATION FAILED for entry {entry.EntryId}: {entry.FirstProblem}");
        return ExitCodes.VerificationFailed;
    }

    private static IEnumerable<(string, string)> Facts(VerifiedLogEntry entry, Uri server)
    {
        yield return ("UUID", entry.EntryId);
        yield return ("Index", entry.Entry.LogIndex.ToString(CultureInfo.InvariantCulture));
        yield return ("Integrated time", DateTimeOffset.FromUnixTimeSeconds(entry.Entry.IntegratedTime).ToString("u", CultureInfo.InvariantCulture));
        yield return ("Log ID", entry.Entry.LogID ?? "(none)");
        yield return ("Location", server.AbsoluteUri.TrimEnd('/') + "/api/v1/log/entries/" + entry.EntryId);
        yield return ("Body", DescribeBody(entry.Entry.Body));
    }

    /// <summary>The body's kind and apiVersion when it decodes to the JSON Rekor logs; else says what it is.</summary>
    private static string DescribeBody(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.String)
        {
            return $"(a JSON {body.ValueKind}, not base64)";
        }

        try
        {
            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(body.GetString()!)));
            var root = document.RootElement;
            return root.TryGetProperty("kind", out var kind) && root.TryGetProperty("apiVersion", out var version)
                ? $"{kind} {version}"
                : "(JSON without kind and apiVersion)";
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return "(not base64 of JSON: " + e.Message + ")";
        }
    }
}
