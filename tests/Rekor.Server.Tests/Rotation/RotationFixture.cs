using Rekor.Core.Signing;
using Rekor.Server.Configuration;
using Rekor.Server.Log;
using Rekor.Server.Log.Tiles;
using Rekor.Server.Signing;
using Rekor.Server.Storage;
using Rekor.Server.Tests.Log;

namespace Rekor.Server.Tests.Rotation;

/// <summary>
/// A store on the run's backend, and two signing keys as real key files: the log's first key, and the key a rotation
/// moves to. Logs are opened the way the server opens them (<see cref="ConfiguredTreeSigners"/>: the server's own key
/// file, and a rotated-to key opened by the reference the store records for it).
/// </summary>
internal sealed class RotationFixture : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly List<TransparencyLog> _logs = [];

    public RotationFixture()
    {
        Storage = TestLog.Storage(_directory);
    }

    public ILogStorage Storage { get; }

    /// <summary>The directory of the store (<see cref="Services.TestBackend.LogStorage"/>) and the key files.</summary>
    public string DirectoryPath => _directory.Path;

    public EcdsaLogSigner FirstKey { get; } = EcdsaLogSigner.Generate();

    public EcdsaLogSigner NextKey { get; } = EcdsaLogSigner.Generate();

    public string FirstKeyPath => _directory.File("first-key.pem");

    public string NextKeyPath => _directory.File("next-key.pem");

    /// <summary>Writes both key files (the next one only if <paramref name="withNextKey"/>: a key no server can open yet).</summary>
    public async Task WriteKeysAsync(bool withNextKey = true)
    {
        await LogSigningKeyFile.WriteAsync(FirstKeyPath, FirstKey, null, CancellationToken.None);
        if (withNextKey)
        {
            await WriteNextKeyAsync();
        }
    }

    public Task WriteNextKeyAsync() => LogSigningKeyFile.WriteAsync(NextKeyPath, NextKey, null, CancellationToken.None);

    /// <summary>A log (a server of it) signing with the first key file (or <c>signerPath</c>), on this store; disposed with the fixture.</summary>
    public async Task<TransparencyLog> OpenAsync(long treeId = 0, SequencerOptions? sequencer = null, ILogStorage? storage = null, string? signerPath = null)
    {
        var options = new RekorServerOptions { Signer = signerPath ?? FirstKeyPath, DataDirectory = _directory.Path };
        var own = await LogSigners.OpenAsync(options, CancellationToken.None);
        var log = await TransparencyLog.OpenAsync(storage ?? Storage, TestLog.Hostname, new ConfiguredTreeSigners(own, options), sequencer ?? new SequencerOptions(), new TileCache(), treeId, CancellationToken.None);
        _logs.Add(log);
        return log;
    }

    /// <summary>Rotates to a new tree signed by the next key, recorded by its file path.</summary>
    public Task<RotationResult> RotateToNextKeyAsync(long newTreeId = 0) =>
        ShardRotation.RotateAsync(Storage, "unused: the name is read from the active tree", NextKey, NextKeyPath, newTreeId, CancellationToken.None);

    /// <summary>Rotates to a new tree keeping the first key.</summary>
    public Task<RotationResult> RotateKeepingKeyAsync() =>
        ShardRotation.RotateAsync(Storage, "unused", FirstKey, FirstKeyPath, 0, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        foreach (var log in _logs)
        {
            await log.DisposeAsync();
        }

        await Storage.DisposeAsync();
        FirstKey.Dispose();
        NextKey.Dispose();
        _directory.Dispose();
    }
}
