using System.Text.Json;
using Rekor.Core.Types;
using Rekor.Server.Log;

namespace Rekor.Server.Api;

/// <summary>What became of a proposed entry, in the terms the API answers with.</summary>
public sealed record SubmissionResult(int Status, string? Message, int? ErrorCode, AppendOutcome? Outcome, byte[]? Leaf)
{
    public static SubmissionResult Refused(int status, string message, int? code = null) => new(status, message, code, null, null);
}

/// <summary>
/// The write path without HTTP: parse → schema → the kind's own rules → canonicalize (verifies signatures) →
/// index keys → the sequencer. Every expected failure becomes the status and message Rekor gives it.
/// </summary>
public sealed class EntrySubmission(TransparencyLog log, IEnumerable<IEntryPolicy> policies)
{
    /// <summary>Reads a proposed entry into its kind's implementation, or says why it cannot be.</summary>
    public static (EntryImplementation? Implementation, SubmissionResult? Refusal) Read(JsonElement json)
    {
        var parsed = TypeMap.ParseProposedEntry(json);
        switch (parsed.Failure)
        {
            case ProposedEntryFailure.None:
                break;
            case ProposedEntryFailure.MissingKind:
                return (null, SubmissionResult.Refused(422, "kind in body is required", ValidationCode.Required));
            case ProposedEntryFailure.UnknownKind:
                var kind = json.TryGetProperty("kind", out var k) ? JsonExcerpt.StringOrDescription(k) : null;
                return (null, SubmissionResult.Refused(422, $"invalid kind value: \"{kind}\"; supported kinds: {string.Join(", ", TypeMap.Kinds.Select(d => d.Kind))}"));
            case ProposedEntryFailure.MalformedEnvelope:
                // Rekor's API framework checks the envelope (kind, apiVersion, spec) before any handler: 422.
                return (null, SubmissionResult.Refused(422, parsed.Message!));
            default:
                return (null, SubmissionResult.Refused(400, "error processing entry: " + parsed.Message));
        }

        var created = TypeMap.CreateImplementation(parsed.Entry!);
        return created.Succeeded ? (created.Value, null) : (null, Refuse(created.Error!));
    }

    public async Task<SubmissionResult> SubmitAsync(JsonElement json, CancellationToken cancellationToken)
    {
        var (implementation, refusal) = Read(json);
        if (refusal is not null)
        {
            return refusal;
        }

        if (implementation!.HasExternalEntities)
        {
            return SubmissionResult.Refused(400, "error processing entry: this server does not fetch content by URL; send it inline");
        }

        foreach (var check in new[] { implementation.Validate() }.Concat(policies.Select(p => p.Check(implementation))))
        {
            if (!check.Succeeded)
            {
                return Refuse(check.Error!);
            }
        }

        var canonical = await implementation.CanonicalizeAsync(cancellationToken);
        if (!canonical.Succeeded)
        {
            return Refuse(canonical.Error!);
        }

        var keys = await implementation.IndexKeysAsync(cancellationToken);
        var outcome = await log.Sequencer.AppendAsync(canonical.Value!, keys.Succeeded ? keys.Value! : [], cancellationToken);
        return outcome.Status switch
        {
            AppendStatus.Pushback => SubmissionResult.Refused(503, "the log is busy; retry later"),
            _ => new SubmissionResult(outcome.Status == AppendStatus.Appended ? 201 : 409, null, null, outcome, canonical.Value),
        };
    }

    private static SubmissionResult Refuse(EntryError error) => error.Kind switch
    {
        EntryErrorKind.InvalidInput => SubmissionResult.Refused(400, "error processing entry: " + error.Message),
        EntryErrorKind.Unsupported => SubmissionResult.Refused(400, "entry not insertable into log: " + error.Message),
        _ => SubmissionResult.Refused(500, "error generating canonicalized entry"),
    };
}

/// <summary>A server-side rule on entries beyond their kind's own (e.g. which signing algorithms are allowed).</summary>
public interface IEntryPolicy
{
    EntryOutcome Check(EntryImplementation entry);
}
