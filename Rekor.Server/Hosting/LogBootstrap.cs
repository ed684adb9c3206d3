using Rekor.Core.Signing;
using Rekor.Server.Configuration;
using Rekor.Server.Log;
using Rekor.Server.Log.Tiles;
using Rekor.Server.Storage;

namespace Rekor.Server.Hosting;

/// <summary>Opens the log the options describe: its store (the embedded SQLite file, or MySQL) and its signer (<see cref="Signing.LogSigners"/>).</summary>
public static class LogBootstrap
{
    public static async Task<(TransparencyLog Log, ILogStorage Storage, ILogSigner Signer)> OpenAsync(RekorServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.DataDirectory);
        var opened = await Signing.LogSigners.OpenAsync(options, cancellationToken);
        var signer = opened.Signer;
        var storage = StorageBackends.CreateLogStorage(options);
        var sequencer = new SequencerOptions
        {
            MaxBatchSize = options.MaxBatchSize,
            MaxBatchWait = TimeSpan.FromMilliseconds(options.MaxBatchWaitMilliseconds),
            QueueCapacity = options.QueueCapacity,
            SigningConcurrency = opened.SigningConcurrency,
        };
        var log = await TransparencyLog.OpenAsync(storage, new LogIdentity(options.EffectiveHostname, signer), sequencer, new TileCache(), options.TreeId, cancellationToken);
        if (!string.Equals(options.Signer, "memory", StringComparison.OrdinalIgnoreCase) && SignedByAnotherKey(log) is { } refusal)
        {
            await log.DisposeAsync();
            throw new LogUnavailableException(refusal);
        }

        return (log, storage, signer);
    }

    /// <summary>
    /// Why this server must not serve the log, if its newest checkpoint was signed by another key: replicas on one
    /// database must share one key (a replica with its own would hand out checkpoints and SETs no client holding the
    /// log's key accepts). A <c>memory</c> signer is a fresh key by design and is not checked.
    /// </summary>
    private static string? SignedByAnotherKey(TransparencyLog log)
    {
        var head = log.Sequencer.CommittedHead;
        var key = log.Identity.Signer.PublicKey;
        return head.Checkpoint is { } newest && Rekor.Core.Checkpoints.SignedCheckpoint.TryParse(newest, out var parsed, out _) && !parsed.VerifiedBy(key)
            ? $"refusing to start: the newest checkpoint of tree {head.TreeId} (size {head.Size}) is signed by another key than this server's "
                + $"(log ID {key.LogId.ToHex()}); every server of one log must use the same --rekor_server.signer"
            : null;
    }
}
