using Microsoft.Extensions.Options;
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
        var stopping = new CancellationTokenSource();
        var head = sequencer.CommittedHead;
        var key = opened.Log.Shards.Active.Key;
        _logger.LogOpened(head.TreeId, head.Size, opened.Log.Shards.Inactive.Count, key.LogId.ToHex(), opened.Log.Identity.Hostname, Convert.ToBase64String(key.SpkiDer));
        if (opened.Log.RequestedTreeIsInactive is { } requested)
        {
            _logger.RequestedTreeFrozen(requested, head.TreeId);
        }

        opened.Log.Rotated += (frozen, active) => _logger.ActiveTreeChanged(frozen, active, opened.Log.Shards.ActiveOffset);
        _opened = new OpenedLog(opened.Log, opened.Storage, stopping, FollowRotationsAsync(opened.Log, settings.ShardPollInterval, stopping.Token));
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

        await opened.Stopping.CancelAsync();
        await opened.Polling; // ends on the cancellation; never throws
        var head = opened.Log.Sequencer.CommittedHead;
        await opened.Log.DisposeAsync();
        opened.Stopping.Dispose();
        _logger.LogClosed(head.TreeId, head.Size);
    }

    /// <summary>
    /// Polls the store for a shard rotation made through another server (or the operator command) while this one
    /// writes nothing: reads then see the new active tree within one interval. A writing server also follows at
    /// its next batch. Failures (a store restart) are retried at the next tick; they never stop the server.
    /// </summary>
    private async Task FollowRotationsAsync(TransparencyLog log, TimeSpan interval, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                try
                {
                    await log.RefreshShardsAsync(stopping);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _logger.ShardPollFailed(e);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The open log, and the poll for rotations that runs until <see cref="Stopping"/> is cancelled.</summary>
    private sealed record OpenedLog(TransparencyLog Log, ILogStorage Storage, CancellationTokenSource Stopping, Task Polling);
}
