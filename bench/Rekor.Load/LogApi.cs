using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Rekor.Core.Models;
using Rekor.Core.Types;

namespace Rekor.Load;

/// <summary>The log's state as GET /api/v1/log tells it: the active tree's size and its checkpoint's origin.</summary>
/// <param name="TreeSize">Entries in the active tree.</param>
/// <param name="TotalSize">Entries in every tree, inactive shards included (log indexes run over all of them).</param>
/// <param name="Origin">The checkpoint's first line, <c>&lt;name&gt; - &lt;treeID&gt;</c>.</param>
internal sealed record LogState(long TreeSize, long TotalSize, string Origin)
{
    /// <summary>The checkpoint signer's name: the origin without its " - treeID" tail.</summary>
    public string SignerName => Origin.LastIndexOf(" - ", StringComparison.Ordinal) is var at and >= 0 ? Origin[..at] : Origin;
}

/// <summary>The few API calls a run makes outside its measured window (before and after it, never during).</summary>
internal static class LogApi
{
    public static async Task<LogState> StateAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(await client.GetByteArrayAsync(new Uri("/api/v1/log", UriKind.Relative), cancellationToken));
        var root = document.RootElement;
        var size = root.GetProperty("treeSize").GetInt64();
        var total = size;
        if (root.TryGetProperty("inactiveShards", out var shards) && shards.ValueKind == JsonValueKind.Array)
        {
            total += shards.EnumerateArray().Sum(s => s.GetProperty("treeSize").GetInt64());
        }

        var checkpoint = root.GetProperty("signedTreeHead").GetString() ?? "";
        return new LogState(size, total, checkpoint.Split('\n')[0]);
    }

    public static Task<string> PublicKeyPemAsync(HttpClient client, CancellationToken cancellationToken) =>
        client.GetStringAsync(new Uri("/api/v1/log/publicKey", UriKind.Relative), cancellationToken);

    /// <summary>The entry at <paramref name="logIndex"/>: its entry ID and value.</summary>
    public static async Task<(string EntryId, LogEntryValue Value)> EntryAtAsync(HttpClient client, long logIndex, CancellationToken cancellationToken)
    {
        var uri = new Uri("/api/v1/log/entries?logIndex=" + logIndex.ToString(CultureInfo.InvariantCulture), UriKind.Relative);
        var entries = await client.GetFromJsonAsync<Dictionary<string, LogEntryValue>>(uri, RekorJson.Options, cancellationToken)
            ?? throw new InvalidDataException($"no entry at {logIndex}");
        var (id, value) = entries.Single();
        return (id, value);
    }

    /// <summary>The artifact digest (hex) a hashedrekord body names; null for other kinds.</summary>
    public static string? HashedRekordDigest(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        using var document = JsonDocument.Parse(Convert.FromBase64String(body.GetString()!));
        var root = document.RootElement;
        return root.TryGetProperty("kind", out var kind) && kind.GetString() == "hashedrekord"
            && root.GetProperty("spec").GetProperty("data").GetProperty("hash") is var hash
            && hash.GetProperty("algorithm").GetString() == "sha256"
            ? hash.GetProperty("value").GetString()
            : null;
    }
}
