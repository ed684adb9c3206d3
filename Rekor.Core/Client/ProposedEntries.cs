using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Rekor.Core.Merkle;
using Rekor.Core.Models;
using Rekor.Core.Types;

namespace Rekor.Core.Client;

/// <summary>
/// Builds the <see cref="ProposedEntry"/> a client uploads or searches for: from an artifact through the type map
/// (every registered kind), or from prepared JSON. Failures are values with a sentence saying why.
/// </summary>
public static class ProposedEntries
{
    /// <summary>
    /// The entry of kind <paramref name="type"/> (<c>kind</c> or <c>kind:version</c>; without a version the newest
    /// implementation of the kind) built from <paramref name="input"/> as the kind's <c>FromArtifact</c> builds it.
    /// </summary>
    public static bool TryFromArtifact(
        string type, ArtifactInput input, [NotNullWhen(true)] out ProposedEntry? entry, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(input);
        entry = null;
        if (!TryFindImplementation(type, out var implementation, out error))
        {
            return false;
        }

        EntryOutcome<EntryImplementation> built;
        try
        {
            built = implementation.FromArtifact(input);
        }
        catch (NotSupportedException e)
        {
            error = $"{implementation.Kind} {implementation.Version} entries can't be built from an artifact: {e.Message}";
            return false;
        }

        if (!built.Succeeded)
        {
            error = $"couldn't build a {implementation.Kind} {implementation.Version} entry: {built.Error!.Message}";
            return false;
        }

        if (built.Value!.ToProposedEntry() is not ProposedEntry proposed)
        {
            error = $"the {implementation.Kind} implementation does not produce an entry of the API's ProposedEntry type";
            return false;
        }

        entry = proposed;
        error = null;
        return true;
    }

    /// <summary>Reads prepared proposed-entry JSON (<c>{"kind", "apiVersion", "spec"}</c>) and checks it against its kind's schema.</summary>
    public static bool TryParse(string json, [NotNullWhen(true)] out ProposedEntry? entry, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(json);
        entry = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var parsed = TypeMap.ParseProposedEntry(document.RootElement, RekorJson.Options);
            if (!parsed.Succeeded)
            {
                error = "the proposed entry is not valid: " + parsed.Message;
                return false;
            }

            if (parsed.Entry is not ProposedEntry proposed)
            {
                error = $"the {parsed.Entry!.Kind} entry is not of the API's ProposedEntry type";
                return false;
            }

            entry = proposed;
            error = null;
            return true;
        }
        catch (JsonException e)
        {
            error = "the proposed entry is not JSON: " + e.Message;
            return false;
        }
    }

    /// <summary>
    /// The leaf hash (the UUID) the log gives <paramref name="entry"/>: SHA-256(0x00 ‖ the canonical form its kind
    /// stores), computed here with the same type code the server runs; the failure as an <see cref="EntryOutcome{T}"/>.
    /// </summary>
    public static async Task<EntryOutcome<Hash32>> LeafHashAsync(ProposedEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var implementation = TypeMap.CreateImplementation(entry);
        if (!implementation.Succeeded)
        {
            return EntryOutcome<Hash32>.Fail(implementation.Error!);
        }

        var canonical = await implementation.Value!.CanonicalizeAsync(cancellationToken).ConfigureAwait(false);
        return canonical.Succeeded
            ? EntryOutcome<Hash32>.Success(Rfc6962.HashLeaf(canonical.Value!))
            : EntryOutcome<Hash32>.Fail(canonical.Error!);
    }

    /// <summary>The implementation <paramref name="type"/> names; false with the reason (and the kinds there are) when none does.</summary>
    public static bool TryFindImplementation(
        string type, [NotNullWhen(true)] out ImplementationDescriptor? implementation, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(type);
        implementation = null;
        var separator = type.IndexOf(':', StringComparison.Ordinal);
        var kind = separator < 0 ? type : type[..separator];
        var version = separator < 0 ? null : type[(separator + 1)..];
        var candidates = TypeMap.Implementations.Where(i => string.Equals(i.Kind, kind, StringComparison.Ordinal)).ToList();
        if (candidates.Count == 0)
        {
            var known = string.Join(", ", TypeMap.Implementations.Select(i => i.Kind).Distinct().Order(StringComparer.Ordinal));
            error = $"unknown type '{kind}'; the types are {known}";
            return false;
        }

        var found = version is null ? candidates.MaxBy(i => i.Version) : TypeMap.FindImplementation(kind, version);
        if (found is null)
        {
            error = $"no {kind} implementation accepts version '{version}'; versions: {string.Join(", ", candidates.Select(c => c.Accepts))}";
            return false;
        }

        implementation = found;
        error = null;
        return true;
    }
}
