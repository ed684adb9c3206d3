using System.Text.Json;

namespace Rekor.Server.Storage;

/// <summary>
/// How an entry's search keys are kept beside it in the log (the index outbox): a JSON array of strings, so any key
/// (a subject may hold any character) round-trips exactly. Stores of every backend use this one encoding.
/// </summary>
public static class IndexKeyList
{
    public static string Encode(IReadOnlyList<string> keys) => JsonSerializer.Serialize(keys);

    /// <summary>The keys kept with an entry; none for a null column (an entry written before keys were kept).</summary>
    public static IReadOnlyList<string> Decode(string? encoded) =>
        encoded is null ? [] : JsonSerializer.Deserialize<string[]>(encoded) ?? [];
}
