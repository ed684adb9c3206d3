using Rekor.Server.Hosting;
using Rekor.Server.Logging;
using Rekor.Server.Storage;

namespace Rekor.Server.Indexing;

/// <summary>
/// Keeps an index outside the log's database (Redis, or MySQL elsewhere) caught up: drains the <see cref="IndexOutbox"/>
/// of every tree after each local commit, at least every <see cref="PollInterval"/> (other replicas commit too), and
/// whenever a search asks (<see cref="CatchUpAsync"/>). While the index is down the loop retries with backoff, logging
/// once per outage; the outbox keeps every key meanwhile, and they are all written when the index returns. Runs on
/// every replica; see <see cref="IndexOutbox"/> for why that is safe. Idle when the index is in the log's database.
/// </summary>
public sealed class SearchIndexFeeder(LogHost host, SearchIndexBackend backend, ILogger<SearchIndexFeeder> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>One drain at a time, whether the loop's or a search's. Guards <see cref="_lastDrainStarted"/> and <see cref="_prepared"/>.</summary>
    private readonly SemaphoreSlim _draining = new(1, 1);

    private long _lastDrainStarted;
    private bool _prepared;

    /// <summary>
    /// Returns once every entry committed before this call (by any replica) is in the index, so a search never misses
    /// an entry that was acknowledged before it began. A drain that started after this call covers it, so concurrent
    /// searches share one. Throws <see cref="StorageUnavailableException"/> while the index cannot be written.
    /// </summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        var asked = System.Diagnostics.Stopwatch.GetTimestamp();
        await _draining.WaitAsync(cancellationToken);
        try
        {
            if (Volatile.Read(ref _lastDrainStarted) <= asked)
            {
                await DrainAllAsync(cancellationToken);
            }
        }
        finally
        {
            _draining.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (backend.Writer is null)
        {
            return; // the log's own transaction writes this index: nothing to feed
        }

        host.Log.Sequencer.BatchCommitted += OnBatchCommitted;
        var failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await CatchUpAsync(stoppingToken);
                    if (failures > 0)
                    {
                        logger.SearchIndexCaughtUp(backend.Writer.Consumer, failures);
                        failures = 0;
                    }

                    await _wake.WaitAsync(PollInterval, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    if (failures++ == 0)
                    {
                        logger.SearchIndexBehind(backend.Writer.Consumer, e);
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(100 * failures, 2000)), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            host.Log.Sequencer.BatchCommitted -= OnBatchCommitted;
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        _draining.Dispose();
        base.Dispose();
    }

    /// <summary>Drains every tree's outbox; the caller holds <see cref="_draining"/>.</summary>
    private async Task DrainAllAsync(CancellationToken cancellationToken)
    {
        var writer = backend.Writer!;
        Volatile.Write(ref _lastDrainStarted, System.Diagnostics.Stopwatch.GetTimestamp());
        if (!_prepared)
        {
            await writer.PrepareAsync(cancellationToken);
            _prepared = true;
        }

        var outbox = new IndexOutbox(host.Storage, writer, writer.Consumer);
        foreach (var treeId in host.Log.Shards.Inactive.Select(s => s.TreeId).Append(host.Log.Shards.ActiveTreeId))
        {
            await outbox.DrainAsync(treeId, null, cancellationToken);
        }
    }

    private void OnBatchCommitted(int entries, TimeSpan took)
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit woke it first: one drain covers both.
            }
        }
    }
}
