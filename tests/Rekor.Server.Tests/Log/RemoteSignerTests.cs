using Rekor.Core.Signing;
using Rekor.Core.Timestamps;
using Rekor.Server.Log;
using Rekor.Server.Signing;
using Rekor.Server.Storage;

namespace Rekor.Server.Tests.Log;

/// <summary>
/// A signer behind a network (a KMS): its SETs are signed concurrently, so batches stay large and every SET still
/// verifies; and while it fails, appends fail as "unavailable" (503) with nothing of their batch committed, half-signed
/// or acknowledged, and the log resumes when it answers again.
/// </summary>
public sealed class RemoteSignerTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly EcdsaLogSigner _key = EcdsaLogSigner.Generate();

    public void Dispose()
    {
        _key.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Slow_signing_calls_overlap_and_every_set_verifies()
    {
        var signer = new RemoteSigner(_key) { Latency = TimeSpan.FromMilliseconds(20) };
        await using var storage = TestLog.Storage(_directory);
        await using var log = await TestLog.OpenAsync(storage, signer, new SequencerOptions { SigningConcurrency = LogSigners.RemoteSigningConcurrency });
        var leaves = Enumerable.Range(0, 400).Select(i => TestLog.Leaf($"remote {i}")).ToList();

        var outcomes = await Task.WhenAll(leaves.Select(leaf => log.Sequencer.AppendAsync(leaf, [], CancellationToken.None)));

        Assert.True(signer.MostInFlight > 16, $"at most {signer.MostInFlight} signing calls overlapped: a batch's SETs must be signed concurrently");
        for (var i = 0; i < leaves.Count; i++)
        {
            var payload = SignedEntryTimestamp.Payload(Convert.ToBase64String(leaves[i]), outcomes[i].IntegratedTimeSeconds, _key.PublicKey.LogId, outcomes[i].GlobalIndex);
            Assert.True(_key.PublicKey.Verify(payload, outcomes[i].SignedEntryTimestamp!), $"SET {i} does not verify");
        }

        await LogInvariants.CheckAsync(storage, log.Shards.ActiveTreeId, _key.PublicKey);
    }

    [Fact]
    public async Task While_the_signer_is_down_appends_are_unavailable_and_nothing_of_their_batch_is_committed()
    {
        var signer = new RemoteSigner(_key);
        await using var storage = TestLog.Storage(_directory);
        await using var log = await TestLog.OpenAsync(storage, signer);
        await log.Sequencer.AppendAsync(TestLog.Leaf("before"), [], CancellationToken.None);
        var before = log.Sequencer.CommittedHead;

        // Every batch needs at least two signatures (a SET and its checkpoint): the first gets one, then the signer goes
        // away, so it is half-signed and must not commit; later ones get none.
        signer.FailAfter = 1;
        var refused = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            try
            {
                await log.Sequencer.AppendAsync(TestLog.Leaf($"during {i}"), [], CancellationToken.None);
                return false;
            }
            catch (StorageUnavailableException)
            {
                return true;
            }
        }));

        Assert.All(refused, Assert.True);
        Assert.Equal(before.Size, (await storage.ReadHeadAsync(before.TreeId, CancellationToken.None))!.Size);
        Assert.Empty(await storage.FindLeavesAsync(before.TreeId, [.. Enumerable.Range(0, 20).Select(i => Rekor.Core.Merkle.Rfc6962.HashLeaf(TestLog.Leaf($"during {i}")))], CancellationToken.None));

        signer.FailAfter = null;
        var after = await log.Sequencer.AppendAsync(TestLog.Leaf("during 0"), [], CancellationToken.None);
        Assert.Equal(AppendStatus.Appended, after.Status);
        Assert.Equal(before.Size, after.LocalIndex);
        await LogInvariants.CheckAsync(storage, log.Shards.ActiveTreeId, _key.PublicKey);
    }

    /// <summary>A signer in another service: it may add latency per call, and fail (as unreachable) after a number of calls.</summary>
    private sealed class RemoteSigner(ILogSigner key) : ILogSigner
    {
        private int _inFlight;
        private int _mostInFlight;
        private int _calls;

        public TimeSpan Latency { get; init; }

        /// <summary>When set, calls after this many (counted from when it was set) fail as unavailable.</summary>
        public int? FailAfter
        {
            get;
            set
            {
                field = value;
                Volatile.Write(ref _calls, 0);
            }
        }

        public int MostInFlight => Volatile.Read(ref _mostInFlight);

        public LogKey PublicKey => key.PublicKey;

        public async ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> message, CancellationToken ct)
        {
            if (FailAfter is { } limit && Interlocked.Increment(ref _calls) > limit)
            {
                throw new StorageUnavailableException("the test's KMS is unreachable");
            }

            var now = Interlocked.Increment(ref _inFlight);
            int most;
            while (now > (most = Volatile.Read(ref _mostInFlight)) && Interlocked.CompareExchange(ref _mostInFlight, now, most) != most)
            {
            }

            try
            {
                await Task.Delay(Latency, ct);
                return await key.SignAsync(message, ct);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }
}
