using Rekor.Server.Tests.Api;

namespace Rekor.Server.Tests.Replicas;

/// <summary>
/// One server process of a replica set: the log on the given MySQL database and the shared hostname, with the shared
/// signing key file (or, without one, generating the key into its data directory). It names its store itself, so the
/// suite-wide test backend (REKOR_TEST_LOG_STORAGE) is not added.
/// </summary>
public sealed class ReplicaServer(string dsn, string? signerPath, string hostname) : RunningServer(
    [
        "--log_storage.provider", "mysql",
        "--log_storage.mysql.dsn", dsn,
        "--rekor_server.hostname", hostname,
        .. signerPath is null ? Array.Empty<string>() : ["--rekor_server.signer", signerPath],
    ],
    testBackend: false)
{
    /// <summary>Without a signer path the replica's key is its own file, which the other replicas are then given.</summary>
    protected override Chart.OwnKeyFile? OwnKeyFile => signerPath is null ? new(null) : null;

    /// <summary>Where a replica started without a signer writes the key it generated.</summary>
    public string GeneratedKeyPath => Path.Combine(DataDirectory, "signing-key.pem");
}
