using System.Globalization;
using System.Net;
using System.Text.Json;
using Rekor.Core.Signing;
using Rekor.Server.Tests.Api;
using Rekor.Server.Tests.Services;

namespace Rekor.Server.Tests.Replicas;

/// <summary>
/// Two server processes on one MariaDB database; an operator rotates the log to a new tree with a new key through
/// one of them. Both follow: the one that writes at its next batch, the idle one within its poll interval, each
/// signing the new tree with the new key it opened by the reference the store records.
/// </summary>
public sealed class ReplicaRotationTests
{
    private const long NewTree = 7_200_000_000_000_000_007;

    [Fact]
    public async Task Both_replicas_follow_a_rotation_to_a_new_key_made_through_one_of_them()
    {
        var mariaDb = await MariaDbInstance.SharedAsync();
        var dsn = mariaDb.GoDsn(await mariaDb.CreateDatabaseAsync("rotation"));
        using var keys = new TemporaryDirectory();
        using var firstKey = EcdsaLogSigner.Generate();
        using var nextKey = EcdsaLogSigner.Generate();
        await LogSigningKeyFile.WriteAsync(keys.File("first.pem"), firstKey, null, CancellationToken.None);
        await LogSigningKeyFile.WriteAsync(keys.File("next.pem"), nextKey, null, CancellationToken.None);
        await using var writer = new ReplicaServer(dsn, keys.File("first.pem"), ReplicaCluster.Hostname);
        await using var idle = new ReplicaServer(dsn, keys.File("first.pem"), ReplicaCluster.Hostname);
        await writer.InitializeAsync();
        await idle.InitializeAsync();
        using var artifacts = new SignedArtifacts();
        Assert.Equal(HttpStatusCode.Created, (await writer.Client.PostJsonAsync("/api/v1/log/entries", artifacts.HashedRekord("before"))).StatusCode);

        var (exit, output) = await writer.RunCommandAsync(Hosting.RotateCommand.Name, "--new-tree-id", NewTree.ToString(CultureInfo.InvariantCulture), "--rekor_server.signer", keys.File("next.pem"));
        Assert.True(exit == 0, output);

        // An entry of the new tree, asked of the idle replica at once (before its next poll, most likely): found, never a 500.
        var early = await CreateAsync(writer, artifacts, "through the writer, right after the rotation");
        var retrieved = await idle.Client.PostJsonAsync("/api/v1/log/entries/retrieve", $"{{\"entryUUIDs\":[\"{early.Id}\"]}}");
        Assert.True(retrieved.StatusCode == HttpStatusCode.OK, await retrieved.Content.ReadAsStringAsync());
        Assert.Equal(early.Id, Assert.Single(Assert.Single((await retrieved.JsonAsync()).EnumerateArray()).EnumerateObject()).Name);
        Assert.Equal(HttpStatusCode.OK, (await idle.Client.GetAsync(new Uri("/api/v1/log/entries/" + early.Id, UriKind.Relative))).StatusCode);

        // The idle replica writes nothing, yet answers for the new tree within its poll interval (1 s).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((await (await idle.Client.GetAsync("/api/v1/log")).JsonAsync()).GetProperty("treeID").GetString() != NewTree.ToString(CultureInfo.InvariantCulture))
        {
            Assert.True(DateTime.UtcNow < deadline, "the idle replica never saw the rotation");
            await Task.Delay(100);
        }

        Assert.Equal(nextKey.PublicKey, LogKey.FromPem(await idle.Client.GetStringAsync(new Uri("/api/v1/log/publicKey", UriKind.Relative))));
        Assert.Contains($"is frozen, tree {NewTree} is the active tree", idle.Output, StringComparison.Ordinal);

        // Both write to the new tree, signing with the new key; global indexes continue after the frozen tree's one entry.
        var throughWriter = await CreateAsync(writer, artifacts, "through the writer");
        var throughIdle = await CreateAsync(idle, artifacts, "through the idle one");
        Assert.Equal(NewTree.ToString("x16", CultureInfo.InvariantCulture), throughWriter.Id[..16]);
        Assert.Equal(NewTree.ToString("x16", CultureInfo.InvariantCulture), throughIdle.Id[..16]);
        Assert.Equal([2L, 3L], new[] { throughWriter.Value.GetProperty("logIndex").GetInt64(), throughIdle.Value.GetProperty("logIndex").GetInt64() }.Order());
        Assert.All(new[] { throughWriter, throughIdle }, e => Assert.Equal(nextKey.PublicKey.LogId.ToHex(), e.Value.GetProperty("logID").GetString()));
    }

    private static async Task<(string Id, JsonElement Value)> CreateAsync(ReplicaServer server, SignedArtifacts artifacts, string artifact)
    {
        var response = await server.Client.PostJsonAsync("/api/v1/log/entries", artifacts.HashedRekord(artifact));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var member = Assert.Single((await response.JsonAsync()).EnumerateObject());
        return (member.Name, member.Value);
    }
}
