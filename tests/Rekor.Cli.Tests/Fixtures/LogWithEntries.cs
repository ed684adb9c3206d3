namespace Rekor.Cli.Tests.Fixtures;

/// <summary>
/// A real server holding three hashedrekord entries, and a state directory whose kept checkpoint is the one of size 1
/// (so a monitor started from it has two new entries to verify). Tests copy that state before using it.
/// </summary>
public sealed class LogWithEntries : IAsyncLifetime, IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private SigningKey? _key;

    public LogServer Server { get; } = new();

    /// <summary>A state directory holding the checkpoint of size 1.</summary>
    public string StateAtSizeOne => _directory.File("state-at-1");

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        _key = new SigningKey(_directory.Path);
        var cli = new CliRunner(Server.Url, StateAtSizeOne);
        for (var i = 0; i < 3; i++)
        {
            var (artifact, signature) = _key.SignNewArtifact();
            var upload = await cli.RunAsync("upload", "--artifact", artifact, "--signature", signature, "--public-key", _key.PublicKeyPath);
            if (upload.ExitCode != 0)
            {
                throw new InvalidOperationException("couldn't upload the fixture's entries: " + upload);
            }

            if (i == 0)
            {
                var loginfo = await cli.RunAsync("loginfo");
                if (loginfo.ExitCode != 0)
                {
                    throw new InvalidOperationException("couldn't keep the checkpoint of size 1: " + loginfo);
                }
            }
        }
    }

    /// <summary>A copy of <see cref="StateAtSizeOne"/> at <paramref name="directory"/>.</summary>
    public string CopyStateTo(string directory)
    {
        Directory.CreateDirectory(directory);
        File.Copy(Path.Combine(StateAtSizeOne, "state.json"), Path.Combine(directory, "state.json"));
        return directory;
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Dispose();
    }

    public void Dispose()
    {
        Server.Dispose();
        _key?.Dispose();
        _directory.Dispose();
    }
}
