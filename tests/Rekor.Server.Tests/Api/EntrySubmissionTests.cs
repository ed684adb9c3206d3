using System.Text.Json;
using Rekor.Core.Types;
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
        var submission = new EntrySubmission(log, [new SigningAlgorithmEntryPolicy()], Rekor.Server.Attestations.AttestationStorage.Disabled);

        var pending = Enumerable.Range(0, 12).Select(i => submission.SubmitAsync(JsonDocument.Parse(_artifacts.HashedRekord($"queued {i}")).RootElement, CancellationToken.None)).ToList();
        var refusedAtOnce = pending.Where(t => t.IsCompleted).Select(t => t.Result).ToList();
        blocking.Release();
        var results = await Task.WhenAll(pending);

        Assert.Contains(refusedAtOnce, r => r is SubmissionResult.Pushback);
        var created = results.Count(r => r is SubmissionResult.Appended);
        Assert.Equal(12, created + results.Count(r => r is SubmissionResult.Pushback));
        Assert.Equal(created, log.Sequencer.CommittedHead.Size);
    }

    [Fact]
    public async Task An_entry_whose_index_keys_fail_is_refused_and_not_logged()
    {
        await using var storage = TestLog.Storage(_directory);
        await using var log = await TestLog.OpenAsync(storage, _logKey);
        var submission = new EntrySubmission(log, [new SigningAlgorithmEntryPolicy()], Rekor.Server.Attestations.AttestationStorage.Disabled);

        var invalid = await submission.SubmitAsync(new UnindexableEntry(EntryErrorKind.InvalidInput), CancellationToken.None);
        var broken = await submission.SubmitAsync(new UnindexableEntry(EntryErrorKind.Internal), CancellationToken.None);

        Assert.Equal(new SubmissionResult.Refused(RefusalReason.InvalidEntry, "error processing entry: no index keys"), invalid);
        Assert.Equal(new SubmissionResult.Refused(RefusalReason.Internal, "error generating canonicalized entry"), broken);
        Assert.Equal(0, log.Sequencer.CommittedHead.Size);
    }

    /// <summary>An entry that validates and canonicalizes but whose index keys cannot be computed.</summary>
    private sealed class UnindexableEntry(EntryErrorKind failure) : EntryImplementation
    {
        public override string Kind => "unindexable";

        public override string ApiVersion => "0.0.1";

        public override EntrySpec SpecModel => throw new NotSupportedException();

        public override IProposedEntry ToProposedEntry() => throw new NotSupportedException();

        public override EntryOutcome Validate() => EntryOutcome.Success;

        public override ValueTask<EntryOutcome<byte[]>> CanonicalizeAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult(EntryOutcome<byte[]>.Success("{\"kind\":\"unindexable\"}"u8.ToArray()));

        public override ValueTask<EntryOutcome<IReadOnlyList<string>>> IndexKeysAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Fail(failure, "no index keys"));
    }
}
