using System.Net;
using System.Text.Json;

namespace Rekor.Server.Tests.Deploy;

/// <summary>
/// SLOW (about a minute: a full restore + Release publish, then a server start). The Dockerfile's own publish, from the
/// build context its build stage sees (<see cref="PublishedApp"/>), started as the image's ENTRYPOINT does, with the
/// image's ENV: the image's application is known to build and serve without a container engine.
/// </summary>
public sealed class PublishedServerTests
{
    [Fact]
    [Trait("Duration", "~1 minute")]
    public async Task Slow_the_Dockerfile_publish_output_starts_and_serves_ping_readyz_and_the_log()
    {
        var app = await PublishedApp.SharedAsync();
        Assert.True(File.Exists(app.Dll), "the publish wrote no Rekor.Server.dll");
        Assert.False(File.Exists(Path.Combine(app.OutputDirectory, "Rekor.Server")), "UseAppHost=false: no native launcher");

        using var directory = new TemporaryDirectory();
        var data = directory.File("data");
        using var server = PublishedServerProcess.Start(app.Dll, data, app.Environment);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}"), Timeout = TimeSpan.FromSeconds(5) };
        await WaitForPingAsync(client, server);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
        using var log = await client.GetAsync(new Uri("/api/v1/log", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, log.StatusCode);
        using var info = JsonDocument.Parse(await log.Content.ReadAsStringAsync());
        Assert.Equal(0, info.RootElement.GetProperty("treeSize").GetInt64());
        Assert.False(string.IsNullOrEmpty(info.RootElement.GetProperty("treeID").GetString()));
        using var metrics = await client.GetAsync(new Uri($"http://127.0.0.1:{server.MetricsPort}/metrics"));
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);

        // --data_directory beats the image's Rekor__DataDirectory: the generated key went where the flag said.
        Assert.True(File.Exists(Path.Combine(data, "signing-key.pem")), server.Output);
    }

    private static async Task WaitForPingAsync(HttpClient client, PublishedServerProcess server)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(server.HasExited, "the server exited:\n" + server.Output);
            try
            {
                using var ping = await client.GetAsync(new Uri("/ping", UriKind.Relative));
                if (ping.StatusCode == HttpStatusCode.OK)
                {
                    Assert.Equal(".", await ping.Content.ReadAsStringAsync());
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("no /ping answer within 60 s:\n" + server.Output);
    }
}
