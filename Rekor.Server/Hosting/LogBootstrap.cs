using Rekor.Core.Signing;
using Rekor.Server.Configuration;
using Rekor.Server.Log;
using Rekor.Server.Log.Tiles;
using Rekor.Server.Storage;

namespace Rekor.Server.Hosting;

/// <summary>Opens the log the options describe: its store (the embedded SQLite file, or MySQL) and the signing key (generated once into a file).</summary>
public static class LogBootstrap
{
    public static async Task<(TransparencyLog Log, ILogStorage Storage, ILogSigner Signer)> OpenAsync(RekorServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.DataDirectory);
        var signer = await OpenSignerAsync(options, cancellationToken);
        var storage = StorageBackends.CreateLogStorage(options);
        var sequencer = new SequencerOptions
        {
            MaxBatchSize = options.MaxBatchSize,
            MaxBatchWait = TimeSpan.FromMilliseconds(options.MaxBatchWaitMilliseconds),
            QueueCapacity = options.QueueCapacity,
        };
        var log = await TransparencyLog.OpenAsync(storage, new LogIdentity(options.EffectiveHostname, signer), sequencer, new TileCache(), cancellationToken);
        return (log, storage, signer);
    }

    private static async Task<InMemoryLogSigner> OpenSignerAsync(RekorServerOptions options, CancellationToken cancellationToken)
    {
        if (string.Equals(options.Signer, "memory", StringComparison.OrdinalIgnoreCase))
        {
            return EcdsaLogSigner.Generate();
        }

        var path = options.SignerPath;
        if (File.Exists(path))
        {
            return await LogSigningKeyFile.LoadAsync(path, options.SignerPassword, cancellationToken);
        }

        if (options.Signer is not null)
        {
            throw new FileNotFoundException($"couldn't open the signing key: '{path}' does not exist", path);
        }

        // The embedded default: a P-256 key generated on first start and kept beside the database, so a restart
        // keeps the same log ID.
        var generated = EcdsaLogSigner.Generate();
        await LogSigningKeyFile.WriteAsync(path, generated, options.SignerPassword, cancellationToken);
        return generated;
    }
}
