using System.Net;
using System.Text.Json;

namespace Rekor.Server.Tests.Api;

/// <summary>A server with an encrypted signing key, logging everything (Debug) as JSON lines.</summary>
public sealed class JsonDebugLoggingServer() : RunningServer(["--rekor_server.signer-passwd", LoggingTests.Password, "--log_format", "json", "--log_level", "Debug"])
{
    /// <summary>The test reads the encrypted key file to check that no line of it is logged.</summary>
    protected override Chart.OwnKeyFile OwnKeyFile => new(LoggingTests.Password);
}

/// <summary>
/// The console log: JSON lines when asked for, the server's own events with their IDs, and never a secret — not the
/// signer password, not private key material — even at Debug with entries refused and created.
/// </summary>
public sealed class LoggingTests(JsonDebugLoggingServer server) : IClassFixture<JsonDebugLoggingServer>
{
    internal const string Password = "correct-horse-battery-staple-4711";

    [Fact]
    public async Task Json_lines_carry_the_servers_events_and_never_a_secret()
    {
        using var artifacts = new SignedArtifacts();
        Assert.Equal(HttpStatusCode.Created, (await server.Client.PostJsonAsync("/api/v1/log/entries", artifacts.HashedRekord("logged"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client.PostJsonAsync("/api/v1/log/entries", artifacts.HashedRekord("logged", signedInstead: "else"))).StatusCode);
        await WaitForAsync(() => server.Output.Contains("\"EventId\":300", StringComparison.Ordinal));

        var output = server.Output;
        Assert.DoesNotContain(Password, output, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", output, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllText(Path.Combine(server.DataDirectory, "signing-key.pem")).Split('\n')[1], output, StringComparison.Ordinal);
        var events = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToList();
        Assert.Contains(events, e => e.GetProperty("EventId").GetInt32() == 101 && e.GetProperty("State").GetProperty("LogId").GetString()!.Length == 64);
        Assert.Contains(events, e => e.GetProperty("EventId").GetInt32() == 102);
        Assert.Contains(events, e => e.GetProperty("EventId").GetInt32() == 300 && e.GetProperty("State").GetProperty("Status").GetInt32() == 400);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }
    }
}
