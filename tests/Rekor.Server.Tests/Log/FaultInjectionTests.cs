using Rekor.Core.Merkle;
using Rekor.Core.Signing;
using Rekor.Server.Log;
using Rekor.Server.Log.Tiles;
using Rekor.Server.Tests.Storage;
using Xunit.Abstractions;

namespace Rekor.Server.Tests.Log;

/// <summary>
/// Storage that fails at chosen points must never cost an acknowledged entry, never leave an unacknowledged one
/// half-present, and never break the log's invariants.
/// </summary>
public sealed class FaultInjectionTests(ITestOutputHelper output) : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly EcdsaLogSigner _signer = EcdsaLogSigner.Generate();

    public void Dispose()
    {
        _signer.Dispose();
        _directory.Dispose();
    }

    [Theory]
    [InlineData(11, FaultPoint.BeforeCommit)]
    [InlineData(12, FaultPoint.AfterCommitBeforeReply)]
    [InlineData(13, FaultPoint.AfterCommitBeforeReply, FaultPoint.TileRead)]
    [InlineData(14, FaultPoint.BeforeCommit, FaultPoint.AfterCommitBeforeReply, FaultPoint.TileRead)]
    public async Task Faults_lose_nothing_acknowledged_and_leave_nothing_half_present(int seed, params FaultPoint[] points)
    {
        var point = string.Join("+", points);
        output.WriteLine($"fault points {point}, seed {seed}");
        var faulty = new FaultyStorage(TestLog.Storage(_directory), seed, faultRate: 0.3, points) { Armed = false };
        await using var log = await TestLog.OpenAsync(faulty, _signer, new SequencerOptions { MaxBatchSize = 8 });
        faulty.Armed = true;

        var leaves = Enumerable.Range(0, 400).Select(i => TestLog.Leaf($"{point} entry {i}")).ToList();
        var attempts = await Task.WhenAll(leaves.Select(async leaf =>
        {
            try
            {
                return (Leaf: leaf, Outcome: await log.Sequencer.AppendAsync(leaf, [], CancellationToken.None));
            }
            catch (IOException)
            {
                return (Leaf: leaf, Outcome: (AppendOutcome?)null);
            }
        }));
        faulty.Armed = false;

        output.WriteLine($"faults injected: {faulty.Injected}; acknowledged {attempts.Count(a => a.Outcome is not null)} of {leaves.Count}");
        Assert.True(faulty.Injected > 0, "no fault was injected; the test proves nothing");

        // Read back through a fresh store, as a restarted server would.
        await using var reopenedStorage = TestLog.Storage(_directory);
        await using var reopened = await TestLog.OpenAsync(reopenedStorage, _signer);
        var head = await LogInvariants.CheckAsync(reopenedStorage, reopened.Shards.ActiveTreeId, _signer.PublicKey);
        var present = await reopenedStorage.FindLeavesAsync(reopened.Shards.ActiveTreeId, leaves.Select(leaf => Rfc6962.HashLeaf(leaf)).ToList(), CancellationToken.None);
        foreach (var (leaf, outcome) in attempts)
        {
            if (outcome is not null)
            {
                var stored = await reopenedStorage.ReadEntryAsync(reopened.Shards.ActiveTreeId, outcome.LocalIndex, CancellationToken.None);
                Assert.True(stored is not null && stored.Body.AsSpan().SequenceEqual(leaf), $"acknowledged entry {outcome.LocalIndex} was lost or changed");
            }
        }

        // Every entry in the tree is one of ours, exactly once: nothing partial, nothing twice.
        Assert.Equal(head.Size, present.Count);
        Assert.Equal(head.Size, present.Values.Distinct().Count());
    }

    [Fact]
    public async Task A_missing_tile_stops_the_sequencer_at_once_instead_of_being_retried_as_transient()
    {
        var storage = new MissingTileStorage(TestLog.Storage(_directory));
        await using var log = await TestLog.OpenAsync(storage, _signer);
        foreach (var i in Enumerable.Range(0, 3))
        {
            await log.Sequencer.AppendAsync(TestLog.Leaf($"before {i}"), [], CancellationToken.None);
        }

        // A failed batch makes the sequencer reload its edge from the tiles, which are now gone.
        storage.TilesMissing = true;
        storage.FailNextCommit = true;
        await Assert.ThrowsAsync<IOException>(() => log.Sequencer.AppendAsync(TestLog.Leaf("fails"), [], CancellationToken.None));
        var after = await Assert.ThrowsAsync<LogUnavailableException>(() => log.Sequencer.AppendAsync(TestLog.Leaf("after"), [], CancellationToken.None));

        Assert.IsType<TileCorruptionException>(after.InnerException);
        Assert.Equal(1, storage.TileReadsWhileMissing);
    }

    [Fact]
    public async Task A_proof_over_a_missing_tile_fails_once_as_corruption()
    {
        var storage = new MissingTileStorage(TestLog.Storage(_directory));
        await using var log = await TestLog.OpenAsync(storage, _signer);
        foreach (var i in Enumerable.Range(0, 5))
        {
            await log.Sequencer.AppendAsync(TestLog.Leaf($"entry {i}"), [], CancellationToken.None);
        }

        storage.TilesMissing = true;
        await Assert.ThrowsAsync<TileCorruptionException>(() => log.Reader.InclusionProofAsync(log.Shards.ActiveTreeId, 1, 5, CancellationToken.None));

        Assert.Equal(1, storage.TileReadsWhileMissing);
    }
}
