using System.Collections.Immutable;
using System.Text.Json;
using Rekor.Core.Schemas;

namespace Rekor.Core.Types;

/// <summary>
/// The registry of entry kinds and their implementations (Rekor's <c>TypeMap</c> and
/// <c>SemVerToFacFnMap</c> in one). Filled only by generated module initializers as assemblies load, then
/// optionally frozen by the host at start-up; reads never lock. This is the one piece of static mutable
/// state the design calls for.
/// </summary>
public static class TypeMap
{
    private static readonly Lock Gate = new();

    /// <summary>Replaced whole under <see cref="Gate"/>; readers see one consistent snapshot.</summary>
    private static volatile Registry _registry = new(ImmutableSortedDictionary<string, KindDescriptor>.Empty.WithComparers(StringComparer.Ordinal), []);

    private static bool _frozen;

    /// <summary>Every registered kind, ordered by name.</summary>
    public static IEnumerable<KindDescriptor> Kinds => _registry.Kinds.Values;

    /// <summary>Every registered implementation.</summary>
    public static IReadOnlyList<ImplementationDescriptor> Implementations => _registry.Implementations;

    public static void RegisterKind(KindDescriptor kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        lock (Gate)
        {
            ThrowIfFrozen(kind.Kind);
            if (_registry.Kinds.TryGetValue(kind.Kind, out var existing))
            {
                if (ReferenceEquals(existing, kind))
                {
                    return;
                }

                throw new InvalidOperationException($"kind '{kind.Kind}' is registered twice: each kind must come from exactly one schema");
            }

            _registry = _registry with { Kinds = _registry.Kinds.Add(kind.Kind, kind) };
        }
    }

    public static void RegisterImplementation(ImplementationDescriptor implementation)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        lock (Gate)
        {
            ThrowIfFrozen(implementation.Kind);
            foreach (var existing in _registry.Implementations)
            {
                if (existing.Kind == implementation.Kind && existing.Version.CompareTo(implementation.Version) == 0)
                {
                    if (existing.ImplementationType == implementation.ImplementationType)
                    {
                        return;
                    }

                    throw new InvalidOperationException(
                        $"{implementation.Kind} {implementation.Version} is implemented by both {existing.ImplementationType} and {implementation.ImplementationType}");
                }
            }

            _registry = _registry with { Implementations = _registry.Implementations.Add(implementation) };
        }
    }

    /// <summary>Ends registration: from now on the map is fixed, and any late registration fails loudly.</summary>
    public static void Freeze()
    {
        lock (Gate)
        {
            _frozen = true;
        }
    }

    public static KindDescriptor? FindKind(string kind) => _registry.Kinds.GetValueOrDefault(kind);

    /// <summary>The implementation of <paramref name="kind"/> that accepts <paramref name="apiVersion"/>; the newest if several do.</summary>
    public static ImplementationDescriptor? FindImplementation(string kind, string apiVersion)
    {
        if (!SemanticVersion.TryParse(apiVersion, out var version))
        {
            return null;
        }

        ImplementationDescriptor? best = null;
        foreach (var candidate in _registry.Implementations)
        {
            if (candidate.Kind == kind && candidate.Accepts.Contains(version) && (best is null || candidate.Version > best.Version))
            {
                best = candidate;
            }
        }

        return best;
    }

    /// <summary>
    /// Reads a proposed entry: finds the kind by <c>kind</c>, checks the envelope, picks the version by
    /// <c>apiVersion</c>, checks the spec against that version's schema and reads it into the version's model.
    /// Every failure names what was received and what is supported.
    /// </summary>
    public static ProposedEntryParse ParseProposedEntry(JsonElement json, JsonSerializerOptions? options = null)
    {
        var registry = _registry;
        if (json.ValueKind != JsonValueKind.Object)
        {
            return ProposedEntryParse.Fail(ProposedEntryFailure.MissingKind, "a proposed entry must be a JSON object with a 'kind'",
                [new SchemaViolation("$", "type", "must be of type object")]);
        }

        if (!json.TryGetProperty("kind", out var kindElement) || kindElement.ValueKind != JsonValueKind.String)
        {
            return ProposedEntryParse.Fail(ProposedEntryFailure.MissingKind, "a proposed entry needs a string 'kind'",
                [new SchemaViolation("$.kind", "required", "required property 'kind' is missing or not a string")]);
        }

        var kindName = kindElement.GetString()!;
        if (!registry.Kinds.TryGetValue(kindName, out var kind))
        {
            return ProposedEntryParse.Fail(ProposedEntryFailure.UnknownKind,
                $"unknown kind \"{kindName}\"; supported kinds: {string.Join(", ", registry.Kinds.Keys)}");
        }

        var violations = new List<SchemaViolation>();
        kind.ValidateEnvelope(json, "$", violations);
        if (violations.Count > 0)
        {
            return ProposedEntryParse.Fail(ProposedEntryFailure.MalformedEnvelope, Describe(kindName, violations), violations);
        }

        var apiVersion = json.GetProperty("apiVersion").GetString()!;
        var version = ResolveVersion(kind, apiVersion);
        if (version is null)
        {
            return ProposedEntryParse.Fail(ProposedEntryFailure.UnsupportedVersion,
                $"kind \"{kindName}\" has no version matching apiVersion \"{apiVersion}\"; supported versions: {string.Join(", ", SupportedVersions(kind))}");
        }

        var spec = json.GetProperty("spec");

        // Rekor's spec models come from go-swagger, which does not enforce oneOf; its kinds use oneOf only for
        // "one of these fields" hints (rekord data: hash or content), and clients such as rekor-cli send both. So a
        // proposed entry is held to every constraint of its version's schema except oneOf, as Rekor holds it.
        var specViolations = version.Validate(spec).Where(v => v.Keyword != "oneOf").ToList();
        if (specViolations.Count > 0)
        {
            var located = specViolations.Select(v => v with { Path = "$.spec" + v.Path[1..] }).ToList();
            return ProposedEntryParse.Fail(ProposedEntryFailure.SchemaViolation, Describe(kindName, located), located);
        }

        EntrySpec model;
        try
        {
            model = version.Deserialize(spec, options ?? RekorJson.Options);
        }
        catch (JsonException e)
        {
            // The schema admitted the value but the model cannot hold it (e.g. base64 the schema's pattern allows).
            return ProposedEntryParse.Fail(ProposedEntryFailure.SchemaViolation, $"couldn't read the {kindName} {version.Version} spec: {e.Message}",
                [new SchemaViolation("$.spec", "type", e.Message)]);
        }

        return ProposedEntryParse.Success(kind.CreateEntry(apiVersion, model));
    }

    /// <summary>Creates the implementation for a parsed entry (the server's next step after parsing).</summary>
    public static EntryOutcome<EntryImplementation> CreateImplementation(IProposedEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var implementation = FindImplementation(entry.Kind, entry.ApiVersion);
        if (implementation is null)
        {
            return EntryOutcome<EntryImplementation>.Fail(EntryErrorKind.Unsupported,
                $"no implementation of kind \"{entry.Kind}\" accepts apiVersion \"{entry.ApiVersion}\"");
        }

        return EntryOutcome<EntryImplementation>.Success(implementation.Create(entry.Spec));
    }

    private static KindVersionDescriptor? ResolveVersion(KindDescriptor kind, string apiVersion)
    {
        // An implementation's declared range decides which schema reads the spec; without one, versions match exactly.
        var implementation = FindImplementation(kind.Kind, apiVersion);
        return implementation is not null ? kind.FindVersion(implementation.Version.ToString()) : kind.FindVersion(apiVersion);
    }

    private static IEnumerable<string> SupportedVersions(KindDescriptor kind)
    {
        var implemented = _registry.Implementations.Where(i => i.Kind == kind.Kind).Select(i => i.Accepts.ToString()).ToList();
        return implemented.Count > 0 ? implemented : kind.Versions.Select(v => v.Version);
    }

    private static string Describe(string kind, List<SchemaViolation> violations) =>
        $"the {kind} entry does not match its schema: {string.Join("; ", violations)}";

    private static void ThrowIfFrozen(string what)
    {
        if (_frozen)
        {
            throw new InvalidOperationException($"the type map is frozen; '{what}' was registered after start-up");
        }
    }

    private sealed record Registry(ImmutableSortedDictionary<string, KindDescriptor> Kinds, ImmutableList<ImplementationDescriptor> Implementations);
}
