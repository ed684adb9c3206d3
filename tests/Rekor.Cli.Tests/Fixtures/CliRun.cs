namespace Rekor.Cli.Tests.Fixtures;

/// <summary>What one run of the tool did: its exit code and everything it wrote to each stream.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>
/// Runs the tool in process (<see cref="RekorCli.RunAsync"/>) against <paramref name="serverUrl"/> with its state in
/// <paramref name="stateDirectory"/>: no terminal, no environment variables of the test process, so runs are hermetic.
/// </summary>
public sealed class CliRunner(string serverUrl, string stateDirectory)
{
    public string ServerUrl { get; } = serverUrl;

    public string StateDirectory { get; } = stateDirectory;

    public CliRunner WithServer(string url) => new(url, StateDirectory);

    public async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment(output, error, IsTerminal: false, _ => null, StateDirectory);
        var exitCode = await RekorCli.RunAsync(["--rekor_server", ServerUrl, "--state-dir", StateDirectory, "--timeout", "20s", .. args], environment);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>
    /// Signs a new artifact with <paramref name="key"/> and uploads it as a hashedrekord (<c>upload --artifact
    /// --signature --public-key --format json</c>), asserting that the tool succeeded; the artifact, its signature and
    /// the entry the log returned.
    /// </summary>
    public async Task<UploadedArtifact> UploadNewArtifactAsync(SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var (artifact, signature) = key.SignNewArtifact();
        var upload = await RunAsync("upload", "--artifact", artifact, "--signature", signature, "--public-key", key.PublicKeyPath, "--format", "json");
        Assert.True(upload.ExitCode == 0, upload.ToString());
        using var answer = System.Text.Json.JsonDocument.Parse(upload.Out);
        return new UploadedArtifact(artifact, signature, answer.RootElement.GetProperty("uuid").GetString()!, answer.RootElement.GetProperty("index").GetInt64());
    }
}

/// <summary>What <see cref="CliRunner.UploadNewArtifactAsync"/> signed and uploaded, and where the log put it.</summary>
public sealed record UploadedArtifact(string Artifact, string Signature, string Uuid, long Index);
