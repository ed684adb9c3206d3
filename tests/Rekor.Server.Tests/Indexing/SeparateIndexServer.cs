using System.Diagnostics;
using Rekor.Server.Tests.Api;

namespace Rekor.Server.Tests.Indexing;

/// <summary>A server process whose search index is kept outside the log's database (Redis, or MySQL elsewhere).</summary>
internal sealed class SeparateIndexServer(string[] indexArguments) : RunningServer(indexArguments)
{
    public string[] IndexArguments { get; } = indexArguments;

    /// <summary>The flags that point at a Redis instance, as rekor-server's.</summary>
    public static string[] RedisArguments(Services.RedisInstance redis) =>
    [
        "--search_index.storage_provider", "redis",
        "--redis_server.address", "127.0.0.1",
        "--redis_server.port", redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--redis_server.password", redis.Password,
    ];

    /// <summary>Runs <c>Rekor.Server reindex</c> with this server's store and index flags; returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> ReindexAsync()
    {
        // The server's own binary: in chart mode the published one (the image's ENTRYPOINT with `reindex`).
        var (dll, environment) = await ServerCommand.BinaryAsync();
        var start = new ProcessStartInfo("dotnet", [
            dll,
            "reindex",
            "--data_directory", DataDirectory,
            .. Services.TestBackend.ServerArguments(DataDirectory),
            .. IndexArguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("couldn't start the reindex command");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
