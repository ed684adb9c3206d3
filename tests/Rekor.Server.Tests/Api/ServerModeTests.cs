using System.Globalization;
using Rekor.Server.Tests.Chart;
using Rekor.Server.Tests.Services;

namespace Rekor.Server.Tests.Api;

/// <summary>
/// The suite's servers are what its mode says (<see cref="TestServerMode"/>): in chart mode the image's published
/// application with the chart's argument list first and the loopback bind last, the data directory from the image's
/// <c>Rekor__DataDirectory</c>, the chart's tree and signer, and the suite's store; otherwise the build output.
/// </summary>
public sealed class ServerModeTests(RunningServer server) : IClassFixture<RunningServer>
{
    [Fact]
    public async Task The_server_is_the_binary_and_arguments_of_the_test_mode()
    {
        var command = server.CommandLine();
        var opened = server.Output.Split('\n').Single(line => line.Contains("Log[100]", StringComparison.Ordinal));
        var log = await (await server.Client.GetAsync(new Uri("/api/v1/log", UriKind.Relative))).JsonAsync();
        Assert.Contains($"Opening the log in {server.DataDirectory} (store {(TestBackend.IsMySql ? "mysql" : "sqlite")} ", opened, StringComparison.Ordinal);

        if (!TestServerMode.IsChart)
        {
            Assert.Equal(Path.Combine(AppContext.BaseDirectory, "Rekor.Server.dll"), command[1]);
            Assert.DoesNotContain("serve", command);
            return;
        }

        Assert.Equal((await Deploy.PublishedApp.SharedAsync()).Dll, command[1]);
        Assert.Equal("serve", command[2]);
        Assert.Equal("--trillian_log_server.address=trillian-logserver.trillian-system", command[3]);
        Assert.Equal(ChartArguments.LoopbackBind, command[^1]);
        Assert.DoesNotContain("--data_directory", command);
        Assert.Contains("signer memory)", opened, StringComparison.Ordinal);
        Assert.Equal(ChartArguments.TreeId.ToString(CultureInfo.InvariantCulture), log.GetProperty("treeID").GetString());
    }
}
