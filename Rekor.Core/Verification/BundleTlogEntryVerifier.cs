using System.Text.Json;
using Rekor.Core.Schemas;
using static Rekor.Core.Verification.ProtobufJson;

namespace Rekor.Core.Verification;

/// <summary>
/// Verifies the transparency-log entries of a Sigstore bundle offline, as sigstore-js and cosign do for Rekor v1
/// entries: each is rewritten in v1 form (<see cref="BundleTlogEntry"/>) and given every <see cref="VerificationCheck"/>
/// by <see cref="LogEntryVerifier"/>, and its <c>kindVersion</c> must be the body's. Bundles come from anyone, so
/// malformed ones are reported as failed checks, never thrown; only null arguments throw.
/// </summary>
public static class BundleTlogEntryVerifier
{
    private static readonly VerificationCheck[] CheckpointContents =
        [VerificationCheck.CheckpointMatchesProof, VerificationCheck.CheckpointTreeIdMatchesKey];

    /// <summary>Verifies one <c>verificationMaterial.tlogEntries[i]</c> object (protobuf-JSON form).</summary>
    public static BundleTlogEntryVerification Verify(JsonElement tlogEntry, TrustedLogKeys trustedKeys, VerificationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        var entry = BundleTlogEntry.Read(tlogEntry);
        var verified = LogEntryVerifier.Verify(entry.EntryKey, entry.Entry, trustedKeys, options);
        return new BundleTlogEntryVerification(entry, ForBundleEntry(verified, entry), KindVersionResultOf(entry));
    }

    /// <summary>Verifies every tlog entry of a whole bundle (protobuf-JSON text).</summary>
    public static BundleVerification VerifyBundle(string bundleJson, TrustedLogKeys trustedKeys, VerificationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bundleJson);
        ArgumentNullException.ThrowIfNull(trustedKeys);
        try
        {
            using var document = JsonDocument.Parse(bundleJson);
            return VerifyBundle(document.RootElement, trustedKeys, options);
        }
        catch (JsonException e)
        {
            return new BundleVerification([], "the bundle is not JSON: " + e.Message);
        }
    }

    /// <summary>Verifies every element of <c>verificationMaterial.tlogEntries</c> of <paramref name="bundle"/>.</summary>
    public static BundleVerification VerifyBundle(JsonElement bundle, TrustedLogKeys trustedKeys, VerificationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        if (!TryGetField(bundle, "verificationMaterial", "verification_material", out var material)
            || !TryGetField(material, "tlogEntries", "tlog_entries", out var tlogEntries)
            || tlogEntries.ValueKind != JsonValueKind.Array)
        {
            return new BundleVerification([], "the bundle has no verificationMaterial.tlogEntries array");
        }

        var results = tlogEntries.EnumerateArray().Select(e => Verify(e, trustedKeys, options)).ToList();
        return results.Count == 0
            ? new BundleVerification([], "the bundle's verificationMaterial.tlogEntries is empty")
            : new BundleVerification(results, null);
    }

    /// <summary>Fails each check fed by a field that did not read, with the field's reason (the verifier saw an empty
    /// stand-in and would blame the wrong thing). A failed checkpoint signature leaves its contents uncompared.</summary>
    /// <remarks>A checkpoint that does not verify gives no tree ID to the rebuilt key, which the verifier reports as a
    /// key without one (not applicable); the tree-ID check is then skipped instead, as for a v1 entry.</remarks>
    private static LogEntryVerification ForBundleEntry(LogEntryVerification verified, BundleTlogEntry entry)
    {
        var malformed = entry.Malformed;
        var checks = verified.Checks.ToArray();
        const VerificationCheck TreeId = VerificationCheck.CheckpointTreeIdMatchesKey;
        if (entry.Entry.Verification?.InclusionProof?.Checkpoint is not null
            && checks[(int)VerificationCheck.CheckpointSignature].Failed
            && checks[(int)TreeId].Outcome == CheckOutcome.NotApplicable)
        {
            checks[(int)TreeId] = CheckResult.Skip(TreeId, "the checkpoint did not verify, so the rebuilt key took no tree ID from it");
        }

        foreach (var (check, reason) in malformed)
        {
            checks[(int)check] = CheckResult.Fail(check, reason);
        }

        if (malformed.ContainsKey(VerificationCheck.CheckpointSignature))
        {
            foreach (var check in CheckpointContents.Where(c => !malformed.ContainsKey(c) && !checks[(int)c].Failed))
            {
                checks[(int)check] = CheckResult.Skip(check, "the checkpoint did not read, so its contents are not compared");
            }
        }

        return new LogEntryVerification(verified.EntryId, checks);
    }

    private static KindVersionResult KindVersionResultOf(BundleTlogEntry entry)
    {
        if (entry.KindVersionError is { } error)
        {
            return new KindVersionResult(CheckOutcome.Failed, error);
        }

        if (!TryReadBodyKind(entry, out var bodyKind, out var bodyVersion, out var bodyError))
        {
            return new KindVersionResult(CheckOutcome.Failed, bodyError);
        }

        return string.Equals(entry.Kind, bodyKind, StringComparison.Ordinal) && string.Equals(entry.Version, bodyVersion, StringComparison.Ordinal)
            ? new KindVersionResult(CheckOutcome.Passed, $"the bundle and the body both say {bodyKind} {bodyVersion}")
            : new KindVersionResult(CheckOutcome.Failed, $"the bundle says {entry.Kind} {entry.Version}, the body {bodyKind} {bodyVersion}");
    }

    /// <summary>The body's top-level <c>kind</c> and <c>apiVersion</c> strings.</summary>
    private static bool TryReadBodyKind(BundleTlogEntry entry, out string kind, out string version, out string error)
    {
        kind = version = error = "";
        if (!SchemaChecks.TryGetText(entry.Entry.Body, out var base64) || entry.Malformed.ContainsKey(VerificationCheck.BodyHashMatchesKey))
        {
            error = "the body does not decode, so its kind is unknown";
            return false;
        }

        try
        {
            using var body = JsonDocument.Parse(Convert.FromBase64String(base64));
            if (TryGetField(body.RootElement, "kind", "kind", out var k) && TryReadString(k, out var kindText)
                && TryGetField(body.RootElement, "apiVersion", "apiVersion", out var v) && TryReadString(v, out var versionText))
            {
                (kind, version) = (kindText, versionText);
                return true;
            }

            error = "the body has no kind and apiVersion strings";
            return false;
        }
        catch (JsonException)
        {
            error = "the body is not JSON, so its kind is unknown";
            return false;
        }
    }
}
