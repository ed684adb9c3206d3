using Rekor.Server.Log;

namespace Rekor.Server.Api;

/// <summary>
/// What became of a proposed entry: appended, a duplicate, refused, or pushed back. Closed (only the four nested
/// records exist); <see cref="EntriesApi"/> alone maps it to HTTP.
/// </summary>
public abstract record SubmissionResult
{
    private SubmissionResult()
    {
    }

    /// <summary>Durably logged; <see cref="AppendOutcome.Entry"/> and <see cref="AppendOutcome.Head"/> are set.</summary>
    public sealed record Appended(AppendOutcome Outcome) : SubmissionResult;

    /// <summary>An identical entry is already in the active tree (<see cref="AppendOutcome.LeafHash"/> names it); nothing was added.</summary>
    public sealed record Duplicate(AppendOutcome Outcome) : SubmissionResult;

    /// <summary>Refused before anything was queued; <see cref="Message"/> is Rekor's message for the client.</summary>
    public sealed record Refused(RefusalReason Reason, string Message) : SubmissionResult;

    /// <summary>The sequencer's queue is full; nothing was added, the client should retry.</summary>
    public sealed record Pushback : SubmissionResult
    {
        public static Pushback Instance { get; } = new();
    }
}

/// <summary>Why an entry was refused, in the terms Rekor's status codes follow.</summary>
public enum RefusalReason
{
    /// <summary>No <c>kind</c> (go-openapi's "required": 422 with code 602).</summary>
    MissingKind,

    /// <summary>The envelope (<c>kind</c>, <c>apiVersion</c>, <c>spec</c>) is malformed or names no kind (422).</summary>
    MalformedEnvelope,

    /// <summary>The entry is malformed, breaks its schema or does not verify (400, <c>error processing entry: …</c>).</summary>
    InvalidEntry,

    /// <summary>The kind or version exists but this server cannot log it (400, <c>entry not insertable into log: …</c>).</summary>
    NotInsertable,

    /// <summary>Something unexpected failed while processing a valid-looking entry (500).</summary>
    Internal,

    /// <summary>A store the entry needs (attestation storage) failed; nothing was logged, the client should retry (503).</summary>
    StorageUnavailable,

    /// <summary>The entry is larger than the log's store can keep (413; e.g. MySQL's max_allowed_packet).</summary>
    TooLarge,
}
