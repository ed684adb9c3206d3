using Rekor.Server.Tests.Services;

namespace Rekor.Server.Tests.Chart;

/// <summary>
/// The real server process started with the sigstore Helm chart's default container arguments
/// (<see cref="ChartArguments"/>, in every test mode) and what a deployment adds through <c>server.extraArgs</c>: the
/// log on MySQL (a fresh database of its own on the shared MariaDB, whatever the suite's backend), then the loopback
/// bind. The chart's Redis address stays as rendered: the search index is in the log's database, as nothing names
/// another.
/// </summary>
public sealed class ChartDefaultServer() : Api.RunningServer(ExtraArguments(), testBackend: false, chartArguments: true)
{
    private static string[] ExtraArguments() => Task.Run(async () =>
    {
        var mariaDb = await MariaDbInstance.SharedAsync();
        var dsn = mariaDb.GoDsn(await mariaDb.CreateDatabaseAsync("chart"));
        return new[] { "--log_storage.provider=mysql", $"--log_storage.mysql.dsn={dsn}" };
    }).GetAwaiter().GetResult();
}
