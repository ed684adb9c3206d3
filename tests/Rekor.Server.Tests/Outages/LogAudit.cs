using System.Net;
using System.Text.Json;
using Rekor.Core.Merkle;
using Rekor.Server.Tests.Api;
using Rekor.Server.Tests.Services;

namespace Rekor.Server.Tests.Outages;

/// <summary>
/// After an outage: what the log holds (read from its table) against what writers were told (their 201s and 409s)
/// and against what the server serves (the head, entries, inclusion proofs).
/// </summary>
internal static class LogAudit
{
    /// <summary>Asserts the whole log is consistent with <paramref name="acknowledged"/>; returns the table it read.</summary>
    public static async Task<StoredEntries> AssertConsistentAsync(HttpClient client, MariaDbInstance database, string name, IReadOnlyCollection<Acknowledgement> acknowledged, int apiSample = 24)
    {
        var stored = await StoredEntries.ReadAsync(database, name);
        var head = await (await client.GetAsync("/api/v1/log")).JsonAsync();

        // One tree whose indexes run 0..n-1 without a hole: a hole or a row past the head is a batch half-committed.
        Assert.Single(stored.Rows.Select(r => r.TreeId).Distinct());
        Assert.Equal(Enumerable.Range(0, stored.Rows.Count).Select(i => (long)i), stored.Rows.Select(r => r.Index));
        Assert.Equal(stored.Rows.Count, head.GetProperty("treeSize").GetInt64());

        // The served root is the root of exactly these leaves: the head and the entries moved together.
        Assert.Equal(stored.Root(), Hash32.ParseHex(head.GetProperty("rootHash").GetString()!));

        // Never twice: no leaf, and no artifact (a retry re-signed would be a new leaf), is in the log two times.
        Assert.Equal(stored.Rows.Count, stored.Rows.Select(r => r.LeafHash).Distinct().Count());
        var digests = stored.Rows.Select(r => r.ArtifactDigest).ToList();
        Assert.Equal(digests.Count, digests.Distinct().Count());

        // Never lost: every acknowledged artifact is in the table once, under the id (and index and body) it was given.
        var byLeaf = stored.Rows.ToDictionary(r => r.LeafHash);
        foreach (var ack in acknowledged)
        {
            var leaf = Hash32.ParseHex(ack.EntryId[^64..]);
            Assert.True(byLeaf.TryGetValue(leaf, out var row), $"{ack.Artifact} was acknowledged as {ack.EntryId} but is not in the log");
            Assert.Equal(StoredEntries.DigestOf(ack.Artifact), row!.ArtifactDigest);
            if (!ack.ByConflict)
            {
                Assert.Equal(ack.LogIndex, row.Index);
                Assert.Equal(ack.Body, Convert.ToBase64String(row.Body));
            }
        }

        foreach (var ack in Sample(acknowledged, apiSample))
        {
            await AssertServedAsync(client, ack);
        }

        return stored;
    }

    /// <summary>Asserts the server serves <paramref name="ack"/>'s entry by its id, with a body that hashes to that id and a proof that verifies.</summary>
    public static async Task AssertServedAsync(HttpClient client, Acknowledgement ack)
    {
        var response = await client.GetAsync("/api/v1/log/entries/" + ack.EntryId);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{ack.Artifact}: GET {ack.EntryId} answered {(int)response.StatusCode}");
        var entry = (await response.JsonAsync()).EnumerateObject().Single().Value;
        var leaf = Rfc6962.HashLeaf(Convert.FromBase64String(entry.GetProperty("body").GetString()!));

        // The body served is the body acknowledged, and hashes to the id it is served under.
        Assert.Equal(ack.EntryId[^64..], leaf.ToHex());
        if (!ack.ByConflict)
        {
            Assert.Equal(ack.Body, entry.GetProperty("body").GetString());
            Assert.Equal(ack.LogIndex, entry.GetProperty("logIndex").GetInt64());
        }

        // Its inclusion proof leads from that leaf to the root it names: the tiles behind it survived the outage.
        var proof = entry.GetProperty("verification").GetProperty("inclusionProof");
        var hashes = proof.GetProperty("hashes").EnumerateArray().Select(h => Hash32.ParseHex(h.GetString()!)).ToArray();
        Assert.True(
            MerkleVerifier.VerifyInclusion(proof.GetProperty("logIndex").GetInt64(), proof.GetProperty("treeSize").GetInt64(), leaf, hashes, Hash32.ParseHex(proof.GetProperty("rootHash").GetString()!)),
            $"{ack.Artifact}: the inclusion proof of {ack.EntryId} does not verify");
    }

    /// <summary>Every acknowledgement answered by a retry, and an even spread of the others.</summary>
    private static IEnumerable<Acknowledgement> Sample(IReadOnlyCollection<Acknowledgement> acknowledged, int count)
    {
        var retried = acknowledged.Where(a => a.Attempts > 1).ToList();
        var rest = acknowledged.Where(a => a.Attempts == 1).ToList();
        var step = Math.Max(1, rest.Count / Math.Max(1, count));
        return retried.Concat(rest.Where((_, i) => i % step == 0));
    }
}
