using Rekor.Core.Signing;
using Rekor.Server.Log;

namespace Rekor.Server.Tests.Log;

/// <summary>
/// A batch's SETs: a key in memory signs them one after another on the caller's thread (never through the thread pool,
/// where the sequencer would wait behind request work); a signer that answers asynchronously has several in flight at
/// once, at most the concurrency asked for; each signature lands in its payload's slot; a failure fails the batch.
/// </summary>
public sealed class BatchSigningTests : IDisposable
{
    private readonly EcdsaLogSigner _key = EcdsaLogSigner.Generate();

    public void Dispose() => _key.Dispose();

    [Fact]
    public async Task A_key_in_memory_signs_every_set_on_the_callers_thread_in_order()
    {
        var signer = new ObservedSigner(_key, latency: null);
        var caller = Environment.CurrentManagedThreadId;

        var signatures = await BatchSigning.SignAllAsync(signer, 40, Payload, concurrency: 8, CancellationToken.None);

        Assert.Equal(40, signatures.Length);
        Assert.All(signer.Threads, thread => Assert.Equal(caller, thread));
        Assert.Equal(1, signer.MostInFlight);
        for (var i = 0; i < signatures.Length; i++)
        {
            Assert.True(_key.PublicKey.Verify(Payload(i), signatures[i]), $"signature {i} is not over payload {i}");
        }
    }

    [Fact]
    public async Task A_remote_signer_has_several_sets_in_flight_but_never_more_than_asked()
    {
        var signer = new ObservedSigner(_key, latency: TimeSpan.FromMilliseconds(5));

        var signatures = await BatchSigning.SignAllAsync(signer, 60, Payload, concurrency: 6, CancellationToken.None);

        Assert.InRange(signer.MostInFlight, 3, 6);
        for (var i = 0; i < signatures.Length; i++)
        {
            Assert.True(_key.PublicKey.Verify(Payload(i), signatures[i]), $"signature {i} is not over payload {i}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public async Task A_failing_signature_fails_the_batch(int failing)
    {
        foreach (var latency in new TimeSpan?[] { null, TimeSpan.FromMilliseconds(1) })
        {
            var signer = new ObservedSigner(_key, latency) { FailingCall = failing };

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => BatchSigning.SignAllAsync(signer, 20, Payload, concurrency: 4, CancellationToken.None));

            Assert.Contains("signer refused", error.Message, StringComparison.Ordinal);
        }
    }

    private static byte[] Payload(int index) => System.Text.Encoding.UTF8.GetBytes($"payload {index}");

    /// <summary>Records which threads called it and how many calls overlapped; synchronous when it has no latency.</summary>
    private sealed class ObservedSigner(ILogSigner key, TimeSpan? latency) : ILogSigner
    {
        private readonly System.Collections.Concurrent.ConcurrentBag<int> _threads = [];
        private int _calls;
        private int _inFlight;
        private int _mostInFlight;

        public int? FailingCall { get; init; }

        public IReadOnlyCollection<int> Threads => _threads;

        public int MostInFlight => Volatile.Read(ref _mostInFlight);

        public LogKey PublicKey => key.PublicKey;

        public ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> message, CancellationToken ct)
        {
            _threads.Add(Environment.CurrentManagedThreadId);
            if (Interlocked.Increment(ref _calls) - 1 == FailingCall)
            {
                throw new InvalidOperationException("the signer refused this call");
            }

            return latency is { } wait ? SlowlyAsync(message, wait, ct) : Counted(() => key.SignAsync(message, ct));
        }

        private async ValueTask<byte[]> SlowlyAsync(ReadOnlyMemory<byte> message, TimeSpan wait, CancellationToken ct)
        {
            Enter();
            try
            {
                await Task.Delay(wait, ct);
                return await key.SignAsync(message, ct);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        private ValueTask<byte[]> Counted(Func<ValueTask<byte[]>> sign)
        {
            Enter();
            try
            {
                return sign();
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        private void Enter()
        {
            var now = Interlocked.Increment(ref _inFlight);
            int most;
            while (now > (most = Volatile.Read(ref _mostInFlight)) && Interlocked.CompareExchange(ref _mostInFlight, now, most) != most)
            {
            }
        }
    }
}
