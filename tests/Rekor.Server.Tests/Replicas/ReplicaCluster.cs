using MySqlConnector;
using Rekor.Server.Storage.MySql;
using Rekor.Server.Tests.Services;

namespace Rekor.Server.Tests.Replicas;

/// <summary>
/// Three server processes on one fresh MariaDB database, sharing one signing key and one hostname. Replica 0 starts
/// alone and generates the key into its data directory; replicas 1 and 2 then start together with that key file
/// (racing each other to open the same log, which must still give one tree).
/// </summary>
public sealed class ReplicaCluster : IAsyncLifetime
{
    public const string Hostname = "replicas.rekor.test";

    public IReadOnlyList<ReplicaServer> Replicas { get; private set; } = [];

    public string Dsn { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var mariaDb = await MariaDbInstance.SharedAsync();
        Dsn = mariaDb.GoDsn(await mariaDb.CreateDatabaseAsync("replicas"));
        var first = new ReplicaServer(Dsn, signerPath: null, Hostname);
        Replicas = [first];
        await first.InitializeAsync();
        Assert.True(File.Exists(first.GeneratedKeyPath), "the first replica did not write the signing key it generated");
        Replicas = [first, new ReplicaServer(Dsn, first.GeneratedKeyPath, Hostname), new ReplicaServer(Dsn, first.GeneratedKeyPath, Hostname)];
        await Task.WhenAll(Replicas[1].InitializeAsync(), Replicas[2].InitializeAsync());
    }

    /// <summary>A new connection to the replicas' database (the caller disposes it).</summary>
    public async Task<MySqlConnection> OpenDatabaseAsync()
    {
        var connection = new MySqlConnection(GoMySqlDsn.Parse(Dsn).Builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in Replicas)
        {
            await replica.DisposeAsync();
        }
    }
}
