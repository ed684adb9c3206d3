using Rekor.Server.Tests.Api;

namespace Rekor.Server.Tests.Outages;

/// <summary>
/// The server process with its log on the MySQL database of <paramref name="dsn"/> only: the suite's own backend
/// flags (REKOR_TEST_LOG_STORAGE=mysql) are not added, so the store is the one the outage test controls.
/// </summary>
public sealed class MySqlServer(string dsn)
    : RunningServer(["--log_storage.provider", "mysql", "--log_storage.mysql.dsn", dsn], testBackend: false)
{
    /// <summary>Starts a server on <paramref name="dsn"/> and returns once it answers /ping.</summary>
    public static async Task<MySqlServer> StartAsync(string dsn)
    {
        var server = new MySqlServer(dsn);
        try
        {
            await server.InitializeAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }
}
