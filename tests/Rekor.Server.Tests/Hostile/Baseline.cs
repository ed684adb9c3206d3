using Rekor.Server.Tests.Api;

namespace Rekor.Server.Tests.Hostile;

/// <summary>
/// What the log holds once the valid base entries are in: its tree and the entry IDs (80 hex) the bases got.
/// Mutations that are equivalent to a base must find it there (409), never add it again.
/// </summary>
internal sealed record Baseline(TreeState Tree, IReadOnlyList<string> EntryIds)
{
    /// <summary>Submits every valid base (201 the first time, 409 after) and reads the tree; a 5xx here stops the test.</summary>
    public static async Task<Baseline> EstablishAsync(HttpClient client)
    {
        var ids = new List<string>();
        foreach (var body in ValidEntries.All)
        {
            using var response = await client.PostJsonAsync("/api/v1/log/entries", body.Json);
            Assert.True((int)response.StatusCode < 500, $"submitting the base {body.Name} got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            if (response.Headers.Location is { } location)
            {
                ids.Add(location.OriginalString[(location.OriginalString.LastIndexOf('/') + 1)..]);
            }
        }

        Assert.True(ids.Count >= 2, "at least the two entries signed here must be in the log");
        return new Baseline(await TreeState.ReadAsync(client), ids);
    }
}
