using System.Text.Json;
using Rekor.Core.Json;
using Rekor.Core.Types;
using Rekor.Server.Attestations;
using Rekor.Server.Log;

namespace Rekor.Server.Api;

/// <summary>
/// The write path without HTTP, straight through: parse into the kind's implementation (one call into Core) →
/// validate (the kind's rules, then the server's policies) → canonicalize (verifies the signatures) → index keys →
/// append. The implementation reads its spec and parses and imports the key once, on first use, and every later
/// step reuses that. Every expected failure is a <see cref="SubmissionResult.Refused"/> and nothing is queued.
/// </summary>
public sealed class EntrySubmission(TransparencyLog log, IEnumerable<IEntryPolicy> policies, AttestationStorage attestations, EntryLimits limits)
{
    private readonly IEntryPolicy[] _policies = [.. policies];

    /// <summary>Reads a proposed entry into its kind's implementation, or says why it cannot be.</summary>
    public static (EntryImplementation? Implementation, SubmissionResult.Refused? Refusal) Read(JsonElement json)
    {
        var read = TypeMap.ReadProposedEntry(json);
        return read.Failure switch
        {
            ProposedEntryFailure.None => (read.Implementation, null),
            ProposedEntryFailure.MissingKind => (null, new(RefusalReason.MissingKind, "kind in body is required")),
            ProposedEntryFailure.UnknownKind => (null, new(RefusalReason.MalformedEnvelope, UnknownKindMessage(json))),

            // Rekor's API framework checks the envelope (kind, apiVersion, spec) before any handler: 422.
            ProposedEntryFailure.MalformedEnvelope => (null, new(RefusalReason.MalformedEnvelope, read.Message!)),
            ProposedEntryFailure.NoImplementation => (null, new(RefusalReason.NotInsertable, "entry not insertable into log: " + read.Message)),
            _ => (null, new(RefusalReason.InvalidEntry, "error processing entry: " + read.Message)),
        };
    }

    public async Task<SubmissionResult> SubmitAsync(JsonElement json, CancellationToken cancellationToken)
    {
        var (implementation, refusal) = Read(json);
        return refusal ?? await SubmitAsync(implementation!, cancellationToken);
    }

    /// <summary>Takes an entry already read into its implementation the rest of the way.</summary>
    public async Task<SubmissionResult> SubmitAsync(EntryImplementation implementation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        implementation.Limits = limits;
        if (implementation.HasExternalEntities)
        {
            return new SubmissionResult.Refused(RefusalReason.InvalidEntry, "error processing entry: this server does not fetch content by URL; send it inline");
        }

        if (Validate(implementation) is { } invalid)
        {
            return Refuse(invalid);
        }

        var canonical = await implementation.CanonicalizeAsync(cancellationToken);
        if (!canonical.Succeeded)
        {
            return Refuse(canonical.Error!);
        }

        // Refused here, alone, rather than failing at commit with every other entry of its batch.
        if (canonical.Value!.Length > log.Sequencer.MaxLeafBytes)
        {
            return new SubmissionResult.Refused(RefusalReason.TooLarge, $"the entry's canonical body of {canonical.Value.Length} bytes is larger than this log's store keeps ({log.Sequencer.MaxLeafBytes} bytes)");
        }

        // An entry whose search keys cannot be computed is refused, never logged without them.
        var keys = await implementation.IndexKeysAsync(cancellationToken);
        if (!keys.Succeeded)
        {
            return Refuse(keys.Error!);
        }

        // Before the append, so that an acknowledged entry's attestation is already durable (see AttestationStorage).
        if (!await attestations.KeepAsync(implementation, cancellationToken))
        {
            return new SubmissionResult.Refused(RefusalReason.StorageUnavailable, "attestation storage is unavailable; the entry was not logged, retry later");
        }

        var outcome = await log.Sequencer.AppendAsync(canonical.Value!, keys.Value!, cancellationToken);
        return outcome.Status switch
        {
            AppendStatus.Appended => new SubmissionResult.Appended(outcome),
            AppendStatus.Duplicate => new SubmissionResult.Duplicate(outcome),
            _ => SubmissionResult.Pushback.Instance,
        };
    }

    /// <summary>The kind's own rules, then each policy; the first refusal.</summary>
    private EntryError? Validate(EntryImplementation implementation)
    {
        if (implementation.Validate().Error is { } invalid)
        {
            return invalid;
        }

        foreach (var policy in _policies)
        {
            if (policy.Check(implementation).Error is { } refused)
            {
                return refused;
            }
        }

        return null;
    }

    private static string UnknownKindMessage(JsonElement json)
    {
        var kind = json.TryGetProperty("kind", out var k) ? JsonExcerpt.StringOrDescription(k) : null;
        return $"invalid kind value: \"{kind}\"; supported kinds: {string.Join(", ", TypeMap.Kinds.Select(d => d.Kind))}";
    }

    private static SubmissionResult.Refused Refuse(EntryError error) => error.Kind switch
    {
        EntryErrorKind.InvalidInput => new(RefusalReason.InvalidEntry, "error processing entry: " + error.Message),
        EntryErrorKind.Unsupported => new(RefusalReason.NotInsertable, "entry not insertable into log: " + error.Message),
        _ => new(RefusalReason.Internal, "error generating canonicalized entry"),
    };
}

/// <summary>A server-side rule on entries beyond their kind's own (e.g. which signing algorithms are allowed).</summary>
public interface IEntryPolicy
{
    EntryOutcome Check(EntryImplementation entry);
}
