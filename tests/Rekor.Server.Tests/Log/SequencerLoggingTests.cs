using Microsoft.Extensions.Logging;
using Rekor.Core.Signing;
using Rekor.Server.Log;
using Rekor.Server.Tests.Storage;

namespace Rekor.Server.Tests.Log;

/// <summary>The sequencer says what went wrong: a failed batch (event 200) and a full queue (203, once per episode).</summary>
public sealed class SequencerLoggingTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly EcdsaLogSigner _signer = EcdsaLogSigner.Generate();
    private readonly RecordingLogger _logger = new();

    public void Dispose()
    {
        _signer.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_failed_batch_is_logged_with_its_size_and_cause()
    {
        var faulty = new FaultyStorage(TestLog.Storage(_directory), seed: 1, faultRate: 1.0, FaultPoint.BeforeCommit) { Armed = false };
        await using var log = await TestLog.OpenAsync(faulty, _signer);
        log.Sequencer.Logger = _logger;
        faulty.Armed = true;

        await Assert.ThrowsAsync<IOException>(() => log.Sequencer.AppendAsync(TestLog.Leaf("fails"), [], CancellationToken.None));

        var failed = Assert.Single(_logger.Events, e => e.Id == 200);
        Assert.Equal(LogLevel.Error, failed.Level);
        Assert.IsType<IOException>(failed.Error);
        Assert.Contains("A batch of 1 entries failed", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_queue_is_logged_once_until_a_batch_commits()
    {
        var blocking = new BlockingStorage(TestLog.Storage(_directory));
        await using var log = await TestLog.OpenAsync(blocking, _signer, new SequencerOptions { QueueCapacity = 2, MaxBatchSize = 1 });
        log.Sequencer.Logger = _logger;

        var waiting = Enumerable.Range(0, 20).Select(i => log.Sequencer.AppendAsync(TestLog.Leaf($"e{i}"), [], CancellationToken.None)).ToList();
        var pushedBack = waiting.Count(t => t.IsCompleted && t.Result.Status == AppendStatus.Pushback);
        blocking.Release();
        await Task.WhenAll(waiting);

        Assert.True(pushedBack > 1, $"only {pushedBack} appends were pushed back");
        var full = Assert.Single(_logger.Events, e => e.Id == 203);
        Assert.Equal(LogLevel.Warning, full.Level);
    }

    private sealed record LoggedEvent(int Id, LogLevel Level, string Message, Exception? Error);

    private sealed class RecordingLogger : ILogger
    {
        private readonly List<LoggedEvent> _events = [];

        public IReadOnlyList<LoggedEvent> Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_events)
            {
                _events.Add(new LoggedEvent(eventId.Id, logLevel, formatter(state, exception), exception));
            }
        }
    }
}
