using System.Text.Json;
using Rekor.Core.Signing;
using Rekor.Server.Api;
using Rekor.Server.Log;
using Rekor.Server.Tests.Log;
using Rekor.Server.Tests.Storage;

namespace Rekor.Server.Tests.Api;

/// <summary>The write path without HTTP, where the queue can be made to fill.</summary>
public sealed class EntrySubmissionTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly EcdsaLogSigner _logKey = EcdsaLogSigner.Generate();
    private readonly SignedArtifacts _artifacts = new();

    public void Dispose()
    {
        _artifacts.Dispose();
        _logKey.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_full_queue_is_a_503_and_adds_nothing()
    {
        var blocking = new BlockingStorage(TestLog.Storage(_directory));
        await using var log = await TestLog.OpenAsync(blocking, _logKey, new SequencerOptions { QueueCapacity = 2, MaxBatchSize = 1 });
        var submission = new EntrySubmission(log, [new SigningAlgorithmEntryPolicy()]);

        var pending = Enumerable.Range(0, 12).Select(i => submission.SubmitAsync(JsonDocument.Parse(_artifacts.HashedRekord($"queued {i}")).RootElement, CancellationToken.None)).ToList();
        var refusedAtOnce = pending.Where(t => t.IsCompleted).Select(t => t.Result).ToList();
        blocking.Release();
        var results = await Task.WhenAll(pending);

        Assert.Contains(refusedAtOnce, r => r.Status == 503);
        var created = results.Count(r => r.Status == 201);
        Assert.Equal(12, created + results.Count(r => r.Status == 503));
        Assert.Equal(created, log.Sequencer.CommittedHead.Size);
    }
}
