namespace Rekor.Core.Types;

/// <summary>
/// Client side: how an implementation builds a proposed entry from an artifact, signature and key. Every
/// implementation is one (the generated half says so); a kind supports building by defining
/// <c>public static EntryOutcome&lt;EntryImplementation&gt; FromArtifact(ArtifactInput)</c>.
/// </summary>
public interface IEntryFactory
{
    /// <summary>Builds the entry, or says which input is missing or malformed.</summary>
    static virtual EntryOutcome<EntryImplementation> FromArtifact(ArtifactInput input) =>
        EntryOutcome<EntryImplementation>.Fail(EntryErrorKind.Unsupported, "building this kind of entry from an artifact is not supported yet");
}

/// <summary>Calls <see cref="IEntryFactory.FromArtifact"/> of a given implementation type (for the generated registration).</summary>
public static class EntryFactory
{
    public static EntryOutcome<EntryImplementation> FromArtifact<TImplementation>(ArtifactInput input)
        where TImplementation : IEntryFactory => TImplementation.FromArtifact(input);
}
