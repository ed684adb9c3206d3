using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rekor.Core.Models;

namespace Rekor.Core.Verification;

/// <summary>
/// The reverse of <see cref="BundleTlogEntry"/>: a Rekor v1 log entry as a Sigstore bundle's
/// <c>TransparencyLogEntry</c> (protobuf JSON, what rekor-cli's <c>get --format tle</c> prints and what goes into a
/// bundle's <c>verificationMaterial.tlogEntries</c>). int64 fields become decimal strings, <c>logID</c> and the
/// proof's hashes turn from hex into base64, <c>checkpoint</c> becomes <c>checkpoint.envelope</c>, the body stays the
/// same base64 as <c>canonicalizedBody</c>, and <c>kindVersion</c> is read from the body.
/// </summary>
public static class BundleTlogEntryWriter
{
    /// <summary>The entry as a <c>TransparencyLogEntry</c> object, its fields in the protobuf message's order.</summary>
    /// <exception cref="FormatException">The entry is not a well-formed v1 entry (a body that is not base64 JSON with
    /// <c>kind</c> and <c>apiVersion</c>, a log ID or proof hash that is not hex).</exception>
    public static JsonObject Write(LogEntryValue entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var body = entry.Body.ValueKind == JsonValueKind.String ? entry.Body.GetString()! : throw new FormatException("the entry's body is not a base64 string");
        var (kind, version) = KindVersion(body);
        var tle = new JsonObject
        {
            ["logIndex"] = Int64(entry.LogIndex),
            ["logId"] = new JsonObject { ["keyId"] = HexToBase64(entry.LogID, "logID") },
            ["kindVersion"] = new JsonObject { ["kind"] = kind, ["version"] = version },
            ["integratedTime"] = Int64(entry.IntegratedTime),
        };
        if (entry.Verification?.SignedEntryTimestamp is { Length: > 0 } set)
        {
            tle["inclusionPromise"] = new JsonObject { ["signedEntryTimestamp"] = Convert.ToBase64String(set) };
        }

        if (entry.Verification?.InclusionProof is { } proof)
        {
            var written = new JsonObject
            {
                ["logIndex"] = Int64(proof.LogIndex),
                ["rootHash"] = HexToBase64(proof.RootHash, "inclusionProof.rootHash"),
                ["treeSize"] = Int64(proof.TreeSize),
                ["hashes"] = new JsonArray([.. (proof.Hashes ?? []).Select(h => (JsonNode)HexToBase64(h, "inclusionProof.hashes"))]),
            };
            if (proof.Checkpoint is { Length: > 0 } checkpoint)
            {
                written["checkpoint"] = new JsonObject { ["envelope"] = checkpoint };
            }

            tle["inclusionProof"] = written;
        }

        tle["canonicalizedBody"] = body;
        return tle;
    }

    private static string Int64(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string HexToBase64(string? hex, string field)
    {
        try
        {
            return Convert.ToBase64String(Convert.FromHexString(hex ?? throw new FormatException($"the entry has no {field}")));
        }
        catch (FormatException e)
        {
            throw new FormatException($"the entry's {field} '{hex}' is not hex", e);
        }
    }

    private static (string Kind, string Version) KindVersion(string base64Body)
    {
        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(base64Body));
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String
                && root.TryGetProperty("apiVersion", out var version) && version.ValueKind == JsonValueKind.String
                ? (kind.GetString()!, version.GetString()!)
                : throw new FormatException("the entry's body has no kind and apiVersion strings");
        }
        catch (JsonException e)
        {
            throw new FormatException("the entry's body is not JSON: " + e.Message, e);
        }
    }
}
