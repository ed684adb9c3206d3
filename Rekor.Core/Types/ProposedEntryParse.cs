using Rekor.Core.Schemas;

namespace Rekor.Core.Types;

/// <summary>Why a proposed entry could not be read.</summary>
public enum ProposedEntryFailure
{
    None,

    /// <summary>The body is not a JSON object, or has no string <c>kind</c>.</summary>
    MissingKind,

    /// <summary><c>kind</c> names no registered kind.</summary>
    UnknownKind,

    /// <summary>The envelope (<c>kind</c>, <c>apiVersion</c>, <c>spec</c>) breaks its schema; see <see cref="ProposedEntryParse.Violations"/>.</summary>
    MalformedEnvelope,

    /// <summary>The spec breaks the schema of its version; see <see cref="ProposedEntryParse.Violations"/>.</summary>
    SchemaViolation,

    /// <summary><c>apiVersion</c> matches no version of the kind.</summary>
    UnsupportedVersion,

    /// <summary>The entry reads, but no registered implementation accepts its version (not insertable).</summary>
    NoImplementation,
}

/// <summary>The result of reading a proposed entry: the entry, or what is wrong with it.</summary>
public sealed record ProposedEntryParse(
    IProposedEntry? Entry,
    ProposedEntryFailure Failure,
    string? Message,
    IReadOnlyList<SchemaViolation> Violations)
{
    public bool Succeeded => Entry is not null;

    public static ProposedEntryParse Success(IProposedEntry entry) => new(entry, ProposedEntryFailure.None, null, []);

    public static ProposedEntryParse Fail(ProposedEntryFailure failure, string message, IReadOnlyList<SchemaViolation>? violations = null) =>
        new(null, failure, message, violations ?? []);
}

/// <summary>
/// The result of <see cref="TypeMap.ReadProposedEntry"/>: the entry's implementation, or why there is none
/// (<see cref="Failure"/> and a message for the client).
/// </summary>
public sealed record ProposedEntryRead(EntryImplementation? Implementation, ProposedEntryFailure Failure, string? Message)
{
    public bool Succeeded => Implementation is not null;
}
