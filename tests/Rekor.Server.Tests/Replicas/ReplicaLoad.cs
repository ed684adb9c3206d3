using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Rekor.Core.Merkle;
using Rekor.Server.Tests.Api;

namespace Rekor.Server.Tests.Replicas;

/// <summary>
/// Sends jobs round-robin over the live replicas with a fixed number of concurrent senders, retrying a request that
/// failed in transport (a killed replica) on the next live replica until some replica answers 201 or 409. Every
/// attempt is kept, so the checks can tell what was acknowledged, by whom, and what a failure left behind.
/// </summary>
internal sealed class ReplicaLoad(ReplicaCluster cluster)
{
    private const int MaxAttempts = 20;

    private readonly bool[] _alive = [.. cluster.Replicas.Select(_ => true)];
    private int _pushback;

    public ConcurrentDictionary<int, List<Attempt>> Attempts { get; } = new();

    public ConcurrentBag<SeenHead> SampledHeads { get; } = [];

    public int Pushback => _pushback;

    public IReadOnlyList<int> Live => [.. Enumerable.Range(0, _alive.Length).Where(r => Volatile.Read(ref _alive[r]))];

    /// <summary>
    /// Runs all <paramref name="jobs"/> with <paramref name="senders"/> concurrent senders; kills replica
    /// <paramref name="victim"/> (SIGKILL) once <paramref name="killAfter"/> jobs have been taken. Returns the elapsed time.
    /// </summary>
    public async Task<TimeSpan> RunAsync(IReadOnlyList<ReplicaJob> jobs, int senders, int victim, int killAfter)
    {
        var next = -1;
        var kill = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sampling = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var sampler = SampleHeadsAsync(sampling.Token);
        var killer = kill.Task.ContinueWith(async _ =>
        {
            Volatile.Write(ref _alive[victim], false);
            await cluster.Replicas[victim].KillAsync();
        }, TaskScheduler.Default).Unwrap();
        await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < jobs.Count; i = Interlocked.Increment(ref next))
            {
                if (i == killAfter)
                {
                    kill.TrySetResult();
                }

                var job = jobs[i];
                if (job.SentTwice)
                {
                    var live = Live;
                    var (first, second) = (live[i % live.Count], live[(i + 1) % live.Count]);
                    var answers = await Task.WhenAll(SendAsync(job, first), SendAsync(job, second));
                    Attempts[job.Number] = [.. answers.SelectMany(a => a)];
                }
                else
                {
                    Attempts[job.Number] = await SendAsync(job, i % _alive.Length);
                }
            }
        })));
        var elapsed = clock.Elapsed;
        kill.TrySetResult();
        await killer;
        await sampling.CancelAsync();
        await sampler;
        return elapsed;
    }

    /// <summary>Posts the job to <paramref name="replica"/> (or the next live one) until a replica answers something other than pushback.</summary>
    private async Task<List<Attempt>> SendAsync(ReplicaJob job, int replica)
    {
        var attempts = new List<Attempt>();
        while (attempts.Count < MaxAttempts)
        {
            while (!Volatile.Read(ref _alive[replica]))
            {
                replica = (replica + 1) % _alive.Length;
            }

            var attempt = await PostAsync(job, replica);
            attempts.Add(attempt);
            if (attempt.Status is 429 or 503)
            {
                Interlocked.Increment(ref _pushback);
                await Task.Delay(50);
            }
            else if (attempt.Failed)
            {
                replica = (replica + 1) % _alive.Length;
            }
            else
            {
                break;
            }
        }

        return attempts;
    }

    private async Task<Attempt> PostAsync(ReplicaJob job, int replica)
    {
        try
        {
            using var response = await cluster.Replicas[replica].Client.PostJsonAsync("/api/v1/log/entries", job.Json);
            switch (response.StatusCode)
            {
                case HttpStatusCode.Created:
                    var created = CreatedEntry.Parse(await response.JsonAsync());
                    return new Attempt(replica, 201, created.Uuid, created, null);
                case HttpStatusCode.Conflict:
                    return new Attempt(replica, 409, response.Headers.Location?.OriginalString[^64..], null, null);
                default:
                    return new Attempt(replica, (int)response.StatusCode, null, null, await response.Content.ReadAsStringAsync());
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return new Attempt(replica, null, null, null, e.GetType().Name + ": " + e.Message);
        }
    }

    /// <summary>Asks the live replicas for their tree head, round-robin, until cancelled; failures are skipped (the victim dies mid-run).</summary>
    private async Task SampleHeadsAsync(CancellationToken cancellationToken)
    {
        for (var turn = 0; !cancellationToken.IsCancellationRequested; turn++)
        {
            var live = Live;
            var replica = live[turn % live.Count];
            try
            {
                using var response = await cluster.Replicas[replica].Client.GetAsync(new Uri("/api/v1/log", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var info = await response.JsonAsync();
                    SampledHeads.Add(new SeenHead(
                        $"GET /api/v1/log on replica {replica}",
                        info.GetProperty("treeSize").GetInt64(),
                        Hash32.ParseHex(info.GetProperty("rootHash").GetString()!),
                        info.GetProperty("signedTreeHead").GetString()!));
                }

                await Task.Delay(20, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
            }
        }
    }
}
