using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Rekor.Server.Tests.Deploy;

/// <summary>
/// SLOW (about a minute: a full restore + Release publish, then a server start). Stages the build context the
/// Dockerfile's build stage sees (its COPYs minus .dockerignore, see <see cref="BuildContext"/>), runs the Dockerfile's
/// own <c>dotnet publish</c> there (project, configuration and properties read from deploy/Dockerfile; the output
/// directory is a temporary one instead of /app) and starts the output as the image's ENTRYPOINT does, with the
/// image's ENV: the image's application is known to build and serve without a container engine. The worktree's own
/// bin/ and obj/ are never touched.
/// </summary>
public sealed class PublishedServerTests
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(8);

    [Fact]
    [Trait("Duration", "~1 minute")]
    public async Task Slow_the_Dockerfile_publish_output_starts_and_serves_ping_readyz_and_the_log()
    {
        var instructions = DockerfileParser.Parse(await File.ReadAllTextAsync(DeployFiles.Dockerfile));
        var publish = DockerPublishCommand.Read(instructions);
        using var directory = new TemporaryDirectory();
        var source = directory.File("src");
        BuildContext.Stage(instructions, source);
        var app = directory.File("app");
        await PublishAsync(publish, source, app);
        var dll = Path.Combine(app, "Rekor.Server.dll");
        Assert.True(File.Exists(dll), "the publish wrote no Rekor.Server.dll");
        Assert.False(File.Exists(Path.Combine(app, "Rekor.Server")), "UseAppHost=false: no native launcher");

        var data = directory.File("data");
        using var server = PublishedServerProcess.Start(dll, data, ImageEnvironment(instructions));
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

    /// <summary>The final stage's ENV (HOME, DOTNET_EnableDiagnostics, …), as the container would have it.</summary>
    private static Dictionary<string, string> ImageEnvironment(IReadOnlyList<DockerfileInstruction> instructions)
    {
        var finalStage = instructions.Max(i => i.Stage);
        return instructions.Where(i => i.Stage == finalStage && i.Keyword == "ENV")
            .SelectMany(e => e.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.Ordinal);
    }

    private static async Task PublishAsync(DockerPublishCommand publish, string source, string output)
    {
        List<string> arguments = ["publish", publish.Project, "-c", publish.Configuration, "-o", output, "-nologo"];
        arguments.AddRange(publish.Properties.Select(p => "-p:" + p));
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = source,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(PublishTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet publish took over {PublishTimeout}");
        }

        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed:\n{await stdout}\n{await stderr}");
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
