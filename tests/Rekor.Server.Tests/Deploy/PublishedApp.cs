using System.Diagnostics;

namespace Rekor.Server.Tests.Deploy;

/// <summary>
/// The image's application without a container engine: the build context the Dockerfile's build stage sees (its
/// COPYs minus .dockerignore, see <see cref="BuildContext"/>), the Dockerfile's own <c>dotnet publish</c> run there
/// (project, configuration and properties read from deploy/Dockerfile; the output is a temporary directory instead of
/// /app), and the final stage's ENV. Invariants: the worktree's own bin/ and obj/ are never touched; a test process
/// publishes at most once (<see cref="SharedAsync"/>); the staged sources and their build are deleted as soon as the
/// publish is done, and the output (about 80 MB) is left in the temp directory, which the test script removes: it is
/// in use until the last server stops, and the test host gets only about 100 ms at exit, which the shared MariaDB's
/// kill needs (an exit handler deleting files first has left a mariadbd running).
/// </summary>
internal sealed class PublishedApp
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(8);

    private static readonly Lazy<Task<PublishedApp>> Shared = new(PublishSharedAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private PublishedApp(string directory, IReadOnlyDictionary<string, string> environment)
    {
        OutputDirectory = directory;
        Environment = environment;
    }

    /// <summary>The publish output (the image's /app).</summary>
    public string OutputDirectory { get; }

    /// <summary>The entry point the image's ENTRYPOINT runs with <c>dotnet</c>.</summary>
    public string Dll => Path.Combine(OutputDirectory, "Rekor.Server.dll");

    /// <summary>The final stage's ENV (HOME, DOTNET_EnableDiagnostics, Rekor__DataDirectory, …), as the container has it.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The one publish of this test process (SLOW the first time: a full restore + Release publish, about a minute).</summary>
    public static Task<PublishedApp> SharedAsync() => Shared.Value;

    private static async Task<PublishedApp> PublishSharedAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "rekor-published-" + Guid.NewGuid().ToString("n"));
        var instructions = DockerfileParser.Parse(await File.ReadAllTextAsync(DeployFiles.Dockerfile));
        var source = Path.Combine(root, "src");
        BuildContext.Stage(instructions, source);
        var app = Path.Combine(root, "app");
        try
        {
            await PublishAsync(DockerPublishCommand.Read(instructions), source, app);
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }

        return new PublishedApp(app, ImageEnvironment(instructions));
    }

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

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed:\n{await stdout}\n{await stderr}");
        }
    }
}
