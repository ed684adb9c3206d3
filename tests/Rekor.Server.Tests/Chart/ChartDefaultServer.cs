using Rekor.Server.Tests.Services;

namespace Rekor.Server.Tests.Chart;

/// <summary>
/// The real server process started with the sigstore Helm chart's default container arguments exactly as rendered
/// (release <c>rekor</c>, all defaults: §3 of the chart reference), the chart's Trillian address and port included,
/// with what a deployment adds through <c>server.extraArgs</c>: the log on MySQL (a fresh database on the shared
/// MariaDB), the Redis password, and a loopback bind (last wins over the chart's <c>0.0.0.0</c>). Redis is a
/// throwaway instance, the sharding file an empty temporary file, attestations a temporary directory.
/// </summary>
public sealed class ChartDefaultServer : Api.RunningServer, IAsyncLifetime
{
    /// <summary>The tree ID the chart's <c>$(TREE_ID)</c> expands to.</summary>
    public const long TreeId = 1193046817491352131;

    private readonly ChartResources _resources;

    public ChartDefaultServer()
        : this(ChartResources.Start())
    {
    }

    private ChartDefaultServer(ChartResources resources)
        : base(resources.Arguments, testBackend: false)
    {
        _resources = resources;
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _resources.Redis.DisposeAsync();
        _resources.Files.Dispose();
    }

    private sealed record ChartResources(RedisInstance Redis, TemporaryDirectory Files, string[] Arguments)
    {
        public static ChartResources Start() => Task.Run(async () =>
        {
            var redis = await RedisInstance.StartAsync();
            var files = new TemporaryDirectory();
            var sharding = files.File("sharding-config.yaml");
            await File.WriteAllTextAsync(sharding, string.Empty);
            var attestations = files.File("attestations");
            Directory.CreateDirectory(attestations);
            var mariaDb = await MariaDbInstance.SharedAsync();
            var dsn = mariaDb.GoDsn(await mariaDb.CreateDatabaseAsync("chart"));
            string[] arguments =
            [
                "serve",
                "--trillian_log_server.address=trillian-logserver.trillian-system",
                "--trillian_log_server.port=8091",
                $"--trillian_log_server.sharding_config={sharding}",
                "--redis_server.address=127.0.0.1",
                $"--redis_server.port={redis.Port}",
                "--rekor_server.address=0.0.0.0",
                "--rekor_server.signer=memory",
                "--enable_retrieve_api=true",
                $"--trillian_log_server.tlog_id={TreeId}",
                "--enable_attestation_storage",
                $"--attestation_storage_bucket=file://{attestations}",

                // server.extraArgs
                "--log_storage.provider=mysql",
                $"--log_storage.mysql.dsn={dsn}",
                $"--redis_server.password={redis.Password}",
                "--rekor_server.address=127.0.0.1",
            ];
            return new ChartResources(redis, files, arguments);
        }).GetAwaiter().GetResult();
    }
}
