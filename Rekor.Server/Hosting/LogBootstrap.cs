using Rekor.Server.Configuration;
using Rekor.Server.Log;
using Rekor.Server.Log.Tiles;
using Rekor.Server.Storage;

namespace Rekor.Server.Hosting;

/// <summary>
/// Opens the log the options describe: its store (the embedded SQLite file, or MySQL) and its signers: this
/// server's own (<see cref="Signing.LogSigners"/>), and the keys of trees rotated to (<see cref="Signing.ConfiguredTreeSigners"/>).
/// </summary>
public static class LogBootstrap
{
    public static async Task<(TransparencyLog Log, ILogStorage Storage)> OpenAsync(RekorServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.DataDirectory);
        var opened = await Signing.LogSigners.OpenAsync(options, cancellationToken);
        var storage = StorageBackends.CreateLogStorage(options);
        var sequencer = new SequencerOptions
        {
            MaxBatchSize = options.MaxBatchSize,
            MaxBatchWait = TimeSpan.FromMilliseconds(options.MaxBatchWaitMilliseconds),
            QueueCapacity = options.QueueCapacity,
            SigningConcurrency = opened.SigningConcurrency,
        };
        await InactiveShardKeys.ApplyAsync(storage, ShardingConfigFile.Read(options.ShardingConfig).Shards, options, cancellationToken);
        var signers = new Signing.ConfiguredTreeSigners(opened, options);
        var log = await TransparencyLog.OpenAsync(storage, options.EffectiveHostname, signers, sequencer, new TileCache(), options.TreeId, cancellationToken);
        return (log, storage);
    }
}
