using System.Text.Json;
using Rekor.Core.Schemas;

namespace Rekor.Core.Types;

/// <summary>
/// What the type map knows of one kind, generated from its schemas: how to check the envelope
/// (<c>kind</c>, <c>apiVersion</c>, <c>spec</c>), which versions exist and how to wrap a spec as a proposed entry.
/// </summary>
public sealed class KindDescriptor
{
    public KindDescriptor(string kind, SchemaValidator validateEnvelope, IReadOnlyList<KindVersionDescriptor> versions, Func<string, EntrySpec, IProposedEntry> createEntry)
    {
        Kind = kind;
        ValidateEnvelope = validateEnvelope;
        Versions = versions;
        CreateEntry = createEntry;
    }

    public string Kind { get; }

    public SchemaValidator ValidateEnvelope { get; }

    public IReadOnlyList<KindVersionDescriptor> Versions { get; }

    public Func<string, EntrySpec, IProposedEntry> CreateEntry { get; }

    public KindVersionDescriptor? FindVersion(string version)
    {
        foreach (var candidate in Versions)
        {
            if (candidate.Version == version)
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>
/// One schema version of a kind: its model type, its generated validator and how to read it. <see cref="Validate"/>
/// never throws; <see cref="Deserialize"/> throws (as System.Text.Json does) for a value the model cannot hold, which
/// <see cref="TypeMap.ParseProposedEntry"/> turns into a failure.
/// </summary>
public sealed record KindVersionDescriptor(
    string Version,
    Type ModelType,
    Func<JsonElement, IReadOnlyList<SchemaViolation>> Validate,
    Func<JsonElement, JsonSerializerOptions, EntrySpec> Deserialize);

/// <summary>A registered implementation of one kind and version, with the apiVersions it accepts.</summary>
public sealed class ImplementationDescriptor
{
    public ImplementationDescriptor(
        string kind,
        string version,
        string? acceptedRange,
        Type implementationType,
        Func<EntrySpec, EntryImplementation> create,
        Func<ArtifactInput, EntryOutcome<EntryImplementation>> fromArtifact)
    {
        Kind = kind;
        Version = SemanticVersion.Parse(version);
        Accepts = acceptedRange is null ? VersionRange.Exactly(Version) : VersionRange.Parse(acceptedRange);
        if (!Accepts.Contains(Version))
        {
            throw new ArgumentException($"{implementationType}: the apiVersion range '{acceptedRange}' does not include its own version {version}", nameof(acceptedRange));
        }

        ImplementationType = implementationType;
        Create = create;
        FromArtifact = fromArtifact;
    }

    public string Kind { get; }

    public SemanticVersion Version { get; }

    public VersionRange Accepts { get; }

    public Type ImplementationType { get; }

    public Func<EntrySpec, EntryImplementation> Create { get; }

    public Func<ArtifactInput, EntryOutcome<EntryImplementation>> FromArtifact { get; }
}
