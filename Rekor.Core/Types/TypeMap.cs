using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text.Json;
using Rekor.Core.Json;
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
    /// Every failure names what was received and what is supported. Never throws for any JSON value: text that is
    /// not valid Unicode, numbers the model cannot hold, base64 the schema admits but the model cannot decode and
    /// nesting beyond <see cref="JsonTextCheck.MaxDepthLimit"/> are failures like any other.
    /// </summary>
    public static ProposedEntryParse ParseProposedEntry(JsonElement json, JsonSerializerOptions? options = null)
    {
        var registry = _registry;
        if (json.ValueKind != JsonValueKind.Object)
        {
            return ProposedEntryParse.Fail(ProposedEntryFailure.MissingKind, "a proposed entry must be a JSON object with a 'kind'",
                [new SchemaViolation("$", "type", "must be of type object")]);
        }

        if (!SchemaChecks.TryGetProperty(json, "kind", out var kindElement) || kindElement.ValueKind != JsonValueKind.String)
        {
            return ProposedEntryParse.Fail(ProposedEntryFailure.MissingKind, "a proposed entry needs a string 'kind'",
                [new SchemaViolation("$.kind", "required", "required property 'kind' is missing or not a string")]);
        }

        // No kind has a long name: a long one is unknown without being copied into a string (and into the message),
        // which for a body of many megabytes would cost several times its size.
        if (JsonMarshal.GetRawUtf8Value(kindElement).Length > JsonExcerpt.MaxQuotedBytes)
        {
            return ProposedEntryParse.Fail(ProposedEntryFailure.UnknownKind,
                $"unknown kind {JsonExcerpt.StringOrDescription(kindElement)}; supported kinds: {string.Join(", ", registry.Kinds.Keys)}");
        }

        if (!SchemaChecks.TryGetText(kindElement, out var kindName))
        {
            return ProposedEntryParse.Fail(ProposedEntryFailure.MissingKind, "a proposed entry's 'kind' must be valid Unicode text",
                [new SchemaViolation("$.kind", "type", "must be valid Unicode text")]);
        }

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

        // The envelope's schema has just checked both (a string apiVersion matching its pattern, an object spec); the
        // kind's validator may come from another assembly, so they are read as carefully as anything else.
        if (!SchemaChecks.TryGetProperty(json, "apiVersion", out var apiVersionElement) || !SchemaChecks.TryGetText(apiVersionElement, out var apiVersion)
            || !SchemaChecks.TryGetProperty(json, "spec", out var spec) || spec.ValueKind != JsonValueKind.Object)
        {
            return ProposedEntryParse.Fail(ProposedEntryFailure.MalformedEnvelope, $"the {kindName} entry needs a string 'apiVersion' and an object 'spec'",
                [new SchemaViolation("$", "required", "requires a string 'apiVersion' in valid Unicode and an object 'spec'")]);
        }

        var version = ResolveVersion(kind, apiVersion);
        if (version is null)
        {
            return ProposedEntryParse.Fail(ProposedEntryFailure.UnsupportedVersion,
                $"kind \"{kindName}\" has no version matching apiVersion \"{apiVersion}\"; supported versions: {string.Join(", ", SupportedVersions(kind))}");
        }

        // Rekor's spec models come from go-swagger, which does not enforce oneOf; its kinds use oneOf only for
        // "one of these fields" hints (rekord data: hash or content), and clients such as rekor-cli send both. So a
        // proposed entry is held to every constraint of its version's schema except oneOf, as Rekor holds it.
        var specViolations = version.Validate(spec).Where(v => v.Keyword != "oneOf").ToList();
        if (specViolations.Count > 0)
        {
            var located = specViolations.Select(v => v with { Path = "$.spec" + v.Path[1..] }).ToList();
            return ProposedEntryParse.Fail(ProposedEntryFailure.SchemaViolation, Describe(kindName, located), located);
        }

        // The schema reads only the text it constrains; members it leaves open (free-form JSON kept as a JsonElement in
        // the model) are checked here, so that no entry this returns holds text that cannot be read. One more linear
        // pass over the spec; byte positions in the message count from the spec's first byte.
        if (JsonTextCheck.FindProblem(JsonMarshal.GetRawUtf8Value(spec), JsonTextCheck.MaxDepthLimit, long.MaxValue, out _) is { } problem)
        {
            return CannotRead(kindName, version, problem.Message);
        }

        EntrySpec? model;
        try
        {
            model = version.Deserialize(spec, options ?? RekorJson.Options);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or OverflowException)
        {
            // The schema admitted the value but the model cannot hold it: base64 the schema's pattern allows but the
            // decoder refuses, a number beyond the model's integer type, nesting beyond the serializer's depth. The
            // serializer reports bad input as JsonException; the other types are what readers and converters throw
            // for input they refuse when the serializer does not wrap it (it does for its own converters today).
            return CannotRead(kindName, version, e.Message);
        }

        return model is null
            ? CannotRead(kindName, version, "the spec reads as null")
            : ProposedEntryParse.Success(kind.CreateEntry(apiVersion, model));
    }

    /// <summary>
    /// Reads a proposed entry straight into its kind's implementation (<see cref="ParseProposedEntry"/>, then
    /// <see cref="CreateImplementation(IProposedEntry)"/>): the one call a server's write path and search make.
    /// </summary>
    public static ProposedEntryRead ReadProposedEntry(JsonElement json)
    {
        var parsed = ParseProposedEntry(json);
        if (!parsed.Succeeded)
        {
            return new ProposedEntryRead(null, parsed.Failure, parsed.Message);
        }

        var created = CreateImplementation(parsed.Entry!);
        return created.Succeeded
            ? new ProposedEntryRead(created.Value, ProposedEntryFailure.None, null)
            : new ProposedEntryRead(null, ProposedEntryFailure.NoImplementation, created.Error!.Message);
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

    private static ProposedEntryParse CannotRead(string kind, KindVersionDescriptor version, string why) =>
        ProposedEntryParse.Fail(ProposedEntryFailure.SchemaViolation, $"couldn't read the {kind} {version.Version} spec: {why}",
            [new SchemaViolation("$.spec", "type", why)]);

    /// <summary>The failure message: the first violations in full, then how many more there are (a hostile document
    /// can break its schema millions of times; <see cref="ProposedEntryParse.Violations"/> still holds them all).</summary>
    private static string Describe(string kind, List<SchemaViolation> violations)
    {
        const int Shown = 20;
        var message = $"the {kind} entry does not match its schema: {string.Join("; ", violations.Take(Shown))}";
        return violations.Count <= Shown ? message : $"{message}; and {violations.Count - Shown} more";
    }

    private static void ThrowIfFrozen(string what)
    {
        if (_frozen)
        {
            throw new InvalidOperationException($"the type map is frozen; '{what}' was registered after start-up");
        }
    }

    private sealed record Registry(ImmutableSortedDictionary<string, KindDescriptor> Kinds, ImmutableList<ImplementationDescriptor> Implementations);
}
