using FsCheck;
using FsCheck.Fluent;

namespace Rekor.Server.Tests.Hostile;

/// <summary>
/// FsCheck generators of hostile POSTs: a valid body, 0 to 4 JSON-level mutations (none one time in twenty, so the
/// unmutated base is resent too and must get its 409 or its answer), then one time in four a byte-level mutation.
/// </summary>
internal static class MutatedBodies
{
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>Mutated proposed entries to <c>POST /api/v1/log/entries</c>; one in five starts from a search body instead.</summary>
    public static Gen<HostileRequest> ProposedEntries(IReadOnlyList<NamedBody> entries, IReadOnlyList<NamedBody> searches) =>
        Post("/api/v1/log/entries", Gen.Frequency((4, Gen.Elements(entries.ToArray())), (1, Gen.Elements(searches.ToArray()))));

    /// <summary>Mutated searches to both search endpoints; one in five starts from a proposed entry instead.</summary>
    public static Gen<HostileRequest> Searches(IReadOnlyList<NamedBody> entrySearches, IReadOnlyList<NamedBody> indexSearches, IReadOnlyList<NamedBody> entries) =>
        Gen.Frequency(
            (1, Post(SearchBodies.EntriesPath, Gen.Frequency((4, Gen.Elements(entrySearches.ToArray())), (1, Gen.Elements(entries.ToArray()))))),
            (1, Post(SearchBodies.IndexPath, Gen.Frequency((4, Gen.Elements(indexSearches.ToArray())), (1, Gen.Elements(entries.ToArray()))))));

    private static Gen<HostileRequest> Post(string path, Gen<NamedBody> bases) =>
        from start in bases
        from mutated in Mutated(start)
        select HostileRequest.PostJson(path, mutated.Body, mutated.Recipe);

    public static Gen<(byte[] Body, string Recipe)> Mutated(NamedBody start) =>
        from steps in Gen.Frequency((1, Gen.Constant(0)), (12, Gen.Constant(1)), (5, Gen.Constant(2)), (2, Gen.Choose(3, 4)))
        from drafted in Steps(JsonDraft.Parse(start.Json), start.Name, steps)
        from bytes in WithByteMutation(drafted.Draft.Write(), drafted.Recipe)
        select bytes;

    /// <summary>
    /// Applies <paramref name="remaining"/> mutations one after another, each to the result of the last. A mutation
    /// that would make the body larger than <see cref="MaxBodyBytes"/> (repeating an already huge value) is dropped
    /// and the draft kept as it was: the limits part tests size, and a body over the server's limit only gets a 413.
    /// </summary>
    private static Gen<(JsonDraft Draft, string Recipe)> Steps(JsonDraft draft, string recipe, int remaining) =>
        remaining == 0
            ? Gen.Constant((draft, recipe))
            : JsonMutation.For(draft).SelectMany(mutation =>
            {
                var next = draft.Clone();
                mutation.Apply(next);
                return next.WrittenLength() > MaxBodyBytes
                    ? Gen.Constant((draft, recipe))
                    : Steps(next, recipe + "; " + mutation.Label, remaining - 1);
            });

    private static Gen<(byte[] Body, string Recipe)> WithByteMutation(byte[] body, string recipe) => Gen.Frequency(
        (3, Gen.Constant((body, recipe))),
        (1, ByteMutation.For(body).Select(m => (m.Apply(body), recipe + "; " + m.Label))));
}
