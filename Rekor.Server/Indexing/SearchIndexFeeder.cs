using Rekor.Server.Hosting;
using Rekor.Server.Logging;
using Rekor.Server.Storage;

namespace Rekor.Server.Indexing;

/// <summary>
/// Keeps an index outside the log's database (Redis, or MySQL elsewhere) caught up: drains the <see cref="IndexOutbox"/>
/// of every tree after each local commit and at least every <see cref="PollInterval"/> (other replicas commit too).
/// While the index is down it retries with backoff, logging once per outage; the outbox keeps every key meanwhile, and
/// they are all written when the index returns. Runs on every replica; see <see cref="IndexOutbox"/> for why that is safe.
/// </summary>
public sealed class SearchIndexFeeder(LogHost host, ISearchIndex index, ILogger<SearchIndexFeeder> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly SemaphoreSlim _wake = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (index.WrittenInLogTransaction || index is not ISearchIndexWriter writer)
        {
            return; // the log's own transaction writes this index: nothing to feed
        }

        var outbox = new IndexOutbox(host.Storage, writer, writer.Consumer);
        host.Log.Sequencer.BatchCommitted += OnBatchCommitted;
        var failures = 0;
        var prepared = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (!prepared)
                    {
                        await writer.PrepareAsync(stoppingToken);
                        prepared = true;
                    }

                    foreach (var treeId in host.Log.Shards.Inactive.Select(s => s.TreeId).Append(host.Log.Shards.ActiveTreeId))
                    {
                        await outbox.DrainAsync(treeId, null, stoppingToken);
                    }

                    if (failures > 0)
                    {
                        logger.SearchIndexCaughtUp(outbox.Consumer, failures);
                        failures = 0;
                    }

                    await _wake.WaitAsync(PollInterval, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    if (failures++ == 0)
                    {
                        logger.SearchIndexBehind(outbox.Consumer, e);
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
        base.Dispose();
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
