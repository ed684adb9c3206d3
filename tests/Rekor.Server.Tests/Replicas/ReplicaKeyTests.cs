using Rekor.Server.Tests.Services;

namespace Rekor.Server.Tests.Replicas;

/// <summary>A replica must sign with the log's key: one started with another key refuses to serve the log.</summary>
public sealed class ReplicaKeyTests
{
    [Fact]
    public async Task A_replica_with_another_signing_key_refuses_to_start()
    {
        var server = await MariaDbInstance.SharedAsync();
        var dsn = server.GoDsn(await server.CreateDatabaseAsync("keys"));
        await using var first = new ReplicaServer(dsn, signerPath: null, "replicas.test");
        await first.InitializeAsync(); // creates the tree and signs its empty checkpoint with a generated key

        await using var second = new ReplicaServer(dsn, signerPath: null, "replicas.test"); // generates a key of its own
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(second.InitializeAsync);

        Assert.Contains("is signed by another key", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--rekor_server.signer", refused.Message, StringComparison.Ordinal);
    }
}
