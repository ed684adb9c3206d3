using Microsoft.Extensions.Options;
using Rekor.Core.Signing;
using Rekor.Server.Configuration;
using Rekor.Server.Log;
using Rekor.Server.Logging;
using Rekor.Server.Metrics;
using Rekor.Server.Storage;

namespace Rekor.Server.Hosting;

/// <summary>
/// Owns the opened log for the host's lifetime. Opens it in <see cref="StartingAsync"/>, which the host runs after the
/// options were validated and before any hosted service starts (Kestrel included), so no request can arrive before
/// the log is open; closes it in <see cref="StoppedAsync"/>, after the server stopped taking requests. A log that
/// cannot be opened (a store whose tiles disagree with its head, an unreadable key) fails the start.
/// </summary>
public sealed class LogHost(IOptions<RekorServerOptions> options, RekorMetrics metrics, ILoggerFactory loggers, IgnoredFlags? ignoredFlags = null) : IHostedLifecycleService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger("Rekor.Server.Log");

    /// <summary>Set by <see cref="StartingAsync"/> before anything listens, cleared when closed; read by anyone in between.</summary>
    private volatile OpenedLog? _opened;

    public TransparencyLog Log => Opened.Log;

    public ILogStorage Storage => Opened.Storage;

    public ILogSigner Signer => Opened.Signer;

    private OpenedLog Opened =>
        _opened ?? throw new InvalidOperationException("the log is not open: the host has not started");

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (ignoredFlags is { Names.Count: > 0 })
        {
            _logger.FlagsIgnored(string.Join(", ", ignoredFlags.Names));
        }

        if (ShardingConfigFile.Inspect(settings.ShardingConfig).Missing)
        {
            _logger.ShardingConfigMissing(settings.ShardingConfig);
        }

        _logger.OpeningLog(Path.GetFullPath(settings.DataDirectory), settings.DescribeLogStorage(), settings.DescribeSigner);
        var opened = await LogBootstrap.OpenAsync(settings, cancellationToken);
        var sequencer = opened.Log.Sequencer;
        sequencer.Logger = loggers.CreateLogger(typeof(Sequencer).FullName!);
        sequencer.BatchCommitted += metrics.RecordBatch;
        metrics.QueueDepth = () => sequencer.QueueDepth;
        _opened = new OpenedLog(opened.Log, opened.Storage, opened.Signer);
        var head = sequencer.CommittedHead;
        var key = opened.Log.Identity.Signer.PublicKey;
        _logger.LogOpened(head.TreeId, head.Size, opened.Log.Shards.Inactive.Count, key.LogId.ToHex(), opened.Log.Identity.Hostname, Convert.ToBase64String(key.SpkiDer));
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        _logger.ShuttingDown();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken) => await DisposeAsync();

    /// <summary>Stops the sequencer (queued appends are refused, none half-committed); idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _opened, null) is not { } opened)
        {
            return;
        }

        var head = opened.Log.Sequencer.CommittedHead;
        await opened.Log.DisposeAsync();
        _logger.LogClosed(head.TreeId, head.Size);
    }

    private sealed record OpenedLog(TransparencyLog Log, ILogStorage Storage, ILogSigner Signer);
}
