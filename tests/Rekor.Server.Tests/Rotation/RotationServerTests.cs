using System.Globalization;
using System.Net;
using Rekor.Core.Checkpoints;
using Rekor.Core.Merkle;
using Rekor.Core.Signing;
using Rekor.Server.Tests.Api;

namespace Rekor.Server.Tests.Rotation;

/// <summary>
/// <c>rekor-server rotate</c> against a running server's store while clients write over HTTP: no write fails, the
/// log answers for both shards (log info, public keys per tree, entries on both sides of the boundary with their
/// 80-hex IDs, proofs within each tree), a restart during or after a rotation serves the new tree, and rotation is
/// an operator command only: nothing on the API port reaches it.
/// </summary>
public sealed class RotationServerTests
{
    private const long FirstTree = 6_100_000_000_000_000_001;
    private const long SecondTree = 6_100_000_000_000_000_002;
    private const long ThirdTree = 6_100_000_000_000_000_003;

    [Fact]
    public async Task A_rotation_under_load_loses_no_write_and_serves_both_shards_with_proofs()
    {
        var server = new RotatingServer(FirstTree);
        await server.InitializeAsync();
        try
        {
            using var stop = new CancellationTokenSource();
            var writing = server.WriteUntilAsync(6, stop.Token);
            await server.WaitForCreatedAsync(60);
            var (exit, output) = await server.RotateAsync("--new-tree-id", SecondTree.ToString(CultureInfo.InvariantCulture));
            Assert.True(exit == 0, output);
            var afterRotation = server.Created.Count;
            await server.WaitForCreatedAsync(afterRotation + 60);
            await stop.CancelAsync();
            await writing;

            Assert.Empty(server.Refused);
            var info = await (await server.Client.GetAsync("/api/v1/log")).JsonAsync();
            Assert.Equal(SecondTree.ToString(CultureInfo.InvariantCulture), info.GetProperty("treeID").GetString());
            var shard = Assert.Single(info.GetProperty("inactiveShards").EnumerateArray());
            Assert.Equal(FirstTree.ToString(CultureInfo.InvariantCulture), shard.GetProperty("treeID").GetString());
            var frozenSize = shard.GetProperty("treeSize").GetInt64();
            Assert.Equal(server.Created.Count, frozenSize + info.GetProperty("treeSize").GetInt64());
            Assert.Contains($"tree {FirstTree} is frozen at size {frozenSize}", output, StringComparison.Ordinal);

            // One key for both trees (the rotation kept it); each shard's signed head verifies under it.
            var key = await server.PublicKeyAsync();
            Assert.Equal(key, await server.PublicKeyAsync(FirstTree));
            Assert.Equal(key, await server.PublicKeyAsync(SecondTree));
            Assert.True(SignedCheckpoint.Parse(shard.GetProperty("signedTreeHead").GetString()!).VerifiedBy(key, "127.0.0.1"));
            Assert.Equal($"127.0.0.1 - {SecondTree}", SignedCheckpoint.Parse(info.GetProperty("signedTreeHead").GetString()!).Checkpoint.Origin);

            // The boundary: the old tree's last entry and the new tree's first, consecutive global indexes, IDs of their trees.
            var (lastId, last) = await server.EntryAtAsync(frozenSize - 1);
            var (firstId, first) = await server.EntryAtAsync(frozenSize);
            Assert.Equal((FirstTree, frozenSize - 1), (RotatingServer.TreeOf(lastId), last.Verification!.InclusionProof!.LogIndex));
            Assert.Equal((SecondTree, 0L), (RotatingServer.TreeOf(firstId), first.Verification!.InclusionProof!.LogIndex));
            Assert.Equal(frozenSize, last.Verification.InclusionProof.TreeSize);
            RotatingServer.AssertVerifies(lastId, last, key);
            RotatingServer.AssertVerifies(firstId, first, key);
            foreach (var (id, value) in server.Created)
            {
                RotatingServer.AssertVerifies(id, value, key); // every 201 as the client got it
            }

            // By 80-hex ID and by UUID alone, on both sides.
            foreach (var id in new[] { lastId, firstId })
            {
                Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/api/v1/log/entries/" + id)).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/api/v1/log/entries/" + id[16..])).StatusCode);
            }

            // The search index knows the entries of both trees by their 80-hex IDs.
            foreach (var (id, value) in new[] { (lastId, last), (firstId, first) })
            {
                var body = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(value.Body.GetString()!)).RootElement;
                var digest = body.GetProperty("spec").GetProperty("data").GetProperty("hash").GetProperty("value").GetString();
                var found = await (await server.Client.PostJsonAsync("/api/v1/index/retrieve", $"{{\"hash\":\"sha256:{digest}\"}}")).JsonAsync();
                Assert.Equal([id], found.EnumerateArray().Select(e => e.GetString()));
            }

            // Consistency proofs within each tree, from a size a client saw in a 201 to the tree's current head.
            await AssertConsistencyAsync(server, FirstTree, server.Created.Where(c => RotatingServer.TreeOf(c.EntryId) == FirstTree).Min(c => c.Value.Verification!.InclusionProof!.TreeSize), frozenSize);
            var newTreeSeen = server.Created.Where(c => RotatingServer.TreeOf(c.EntryId) == SecondTree).MinBy(c => c.Value.Verification!.InclusionProof!.TreeSize);
            await AssertConsistencyAsync(server, SecondTree, newTreeSeen.Value.Verification!.InclusionProof!.TreeSize, info.GetProperty("treeSize").GetInt64());
            await (await server.Client.GetAsync($"/api/v1/log/proof?treeID={FirstTree}&firstSize=1&lastSize={frozenSize + 1}"))
                .AssertErrorAsync(HttpStatusCode.BadRequest, "greater than what is currently observable");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_rotation_to_a_new_key_is_followed_and_each_shard_keeps_its_key()
    {
        var server = new RotatingServer(FirstTree);
        await server.InitializeAsync();
        using var directory = new TemporaryDirectory();
        using var nextKey = EcdsaLogSigner.Generate();
        try
        {
            var before = await CreateAsync(server);
            var oldKey = await server.PublicKeyAsync();
            var nextKeyPath = directory.File("next-key.pem");
            await LogSigningKeyFile.WriteAsync(nextKeyPath, nextKey, null, CancellationToken.None);

            var (exit, output) = await server.RotateAsync("--new-tree-id", SecondTree.ToString(CultureInfo.InvariantCulture), "--rekor_server.signer", nextKeyPath);
            Assert.True(exit == 0, output);
            var after = await CreateAsync(server);
            Assert.Empty(server.Refused);

            Assert.Equal(nextKey.PublicKey, await server.PublicKeyAsync());
            Assert.Equal(nextKey.PublicKey, await server.PublicKeyAsync(SecondTree));
            Assert.Equal(oldKey, await server.PublicKeyAsync(FirstTree));
            Assert.Equal(nextKey.PublicKey.LogId.ToHex(), after.Value.LogID);
            RotatingServer.AssertVerifies(after.EntryId, after.Value, oldKey, nextKey.PublicKey);

            // The entry of the frozen tree, read now, still carries its own tree's log ID and verifies under the old key alone.
            var (id, reread) = await server.EntryAtAsync(before.Value.LogIndex);
            Assert.Equal(oldKey.LogId.ToHex(), reread.LogID);
            RotatingServer.AssertVerifies(id, reread, oldKey);
            Assert.Contains("Shard rotation: tree", server.Output, StringComparison.Ordinal);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_restart_during_and_after_rotations_serves_the_newest_tree_and_keeps_every_write()
    {
        var server = new RotatingServer(FirstTree);
        await server.InitializeAsync();
        try
        {
            using (var stop = new CancellationTokenSource())
            {
                var writing = server.WriteUntilAsync(4, stop.Token);
                await server.WaitForCreatedAsync(40);

                // Rotated while the server writes, then killed at once: its last batch may have been on either tree.
                var rotation = server.RotateAsync("--new-tree-id", SecondTree.ToString(CultureInfo.InvariantCulture));
                await server.WaitForCreatedAsync(server.Created.Count + 10);
                Assert.Equal(0, (await rotation).ExitCode);
                await server.KillAsync();
                await stop.CancelAsync();
                await writing;
            }

            // Rotated again while no server runs; it comes back (still pinned to the first tree) on the newest tree.
            Assert.Equal(0, (await server.RotateAsync("--new-tree-id", ThirdTree.ToString(CultureInfo.InvariantCulture))).ExitCode);
            await server.StartAgainAsync();

            Assert.Contains($"names tree {FirstTree}, which a shard rotation froze; serving the store's active tree {ThirdTree}", server.Output, StringComparison.Ordinal);
            var info = await (await server.Client.GetAsync("/api/v1/log")).JsonAsync();
            Assert.Equal(ThirdTree.ToString(CultureInfo.InvariantCulture), info.GetProperty("treeID").GetString());
            Assert.Equal([FirstTree, SecondTree], info.GetProperty("inactiveShards").EnumerateArray().Select(s => long.Parse(s.GetProperty("treeID").GetString()!, CultureInfo.InvariantCulture)));
            var key = await server.PublicKeyAsync();
            foreach (var (id, _) in server.Created)
            {
                var response = await server.Client.GetAsync("/api/v1/log/entries/" + id);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{id} was acknowledged and is gone after the restart");
            }

            server.Refused.Clear(); // the writes the kill cut off
            var created = await CreateAsync(server);
            Assert.Empty(server.Refused);
            Assert.Equal(ThirdTree, RotatingServer.TreeOf(created.EntryId));
            RotatingServer.AssertVerifies(created.EntryId, created.Value, key);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("POST", "/api/v1/log/rotate")]
    [InlineData("POST", "/rotate")]
    [InlineData("GET", "/rotate")]
    [InlineData("POST", "/api/v1/log")]
    [InlineData("PUT", "/api/v1/log")]
    [InlineData("POST", "/admin/rotate")]
    public async Task Nothing_on_the_api_port_rotates_the_log(string method, string path)
    {
        var server = new RotatingServer(FirstTree);
        await server.InitializeAsync();
        try
        {
            var answer = await RawHttp.SendAsync(server.Port, RawHttp.Request($"{method} {path} HTTP/1.1\nHost: x\nContent-Length: 2\n\n{{}}"));

            Assert.InRange(answer.Status, 400, 499);
            var info = await (await server.Client.GetAsync("/api/v1/log")).JsonAsync();
            Assert.Equal(FirstTree.ToString(CultureInfo.InvariantCulture), info.GetProperty("treeID").GetString());
            Assert.False(info.TryGetProperty("inactiveShards", out _));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>Writes one more entry and returns it as created (the newest of the server's 201s).</summary>
    private static async Task<(string EntryId, Rekor.Core.Models.LogEntryValue Value)> CreateAsync(RotatingServer server)
    {
        var count = server.Created.Count;
        using var stop = new CancellationTokenSource();
        var writing = server.WriteUntilAsync(1, stop.Token);
        await server.WaitForCreatedAsync(count + 1);
        await stop.CancelAsync();
        await writing;
        return server.Created.First(c => c.Value.LogIndex == server.Created.Max(m => m.Value.LogIndex));
    }

    private static async Task AssertConsistencyAsync(RotatingServer server, long treeId, long oldSize, long newSize)
    {
        var oldCheckpoint = server.Created.Select(c => c.Value.Verification!.InclusionProof!)
            .First(p => p.TreeSize == oldSize && SignedCheckpoint.Parse(p.Checkpoint).Checkpoint.Origin.EndsWith(" - " + treeId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var proof = await (await server.Client.GetAsync($"/api/v1/log/proof?treeID={treeId}&firstSize={oldSize}&lastSize={newSize}")).JsonAsync();
        var hashes = proof.GetProperty("hashes").EnumerateArray().Select(h => Hash32.ParseHex(h.GetString()!)).ToArray();
        var newRoot = Hash32.ParseHex(proof.GetProperty("rootHash").GetString()!);
        Assert.True(MerkleVerifier.VerifyConsistency(oldSize, newSize, hashes, Hash32.ParseHex(oldCheckpoint.RootHash), newRoot), $"consistency {oldSize} -> {newSize} of tree {treeId}");
    }
}
