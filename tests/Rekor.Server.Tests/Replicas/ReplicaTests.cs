using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Rekor.Core.Merkle;
using Rekor.Core.Signing;
using Rekor.Server.Tests.Api;
using Xunit.Abstractions;

namespace Rekor.Server.Tests.Replicas;

/// <summary>
/// Three server processes on one MariaDB database take writes at once, one of them is killed mid-run, and what is
/// left must be one tree: every acknowledged entry in it exactly once, every head ever handed out a prefix of it,
/// and every entry found through every surviving replica.
/// </summary>
public sealed class ReplicaTests(ReplicaCluster cluster, ITestOutputHelper output) : IClassFixture<ReplicaCluster>
{
    private const int Entries = 5000;
    private const int SentTwice = 100;
    private const int Senders = 48;
    private const int Victim = 2;

    [Fact]
    public async Task Three_replicas_on_one_database_keep_one_tree_while_one_is_killed_mid_run()
    {
        var jobs = BuildJobs();
        var load = new ReplicaLoad(cluster);

        var elapsed = await load.RunAsync(jobs, Senders, Victim, killAfter: jobs.Count / 2);

        var attempts = load.Attempts.Values.SelectMany(a => a).ToList();
        output.WriteLine($"{jobs.Count} entries ({SentTwice} of them sent to two replicas at once) by {Senders} senders in {elapsed.TotalSeconds:F1} s: "
            + $"{jobs.Count / elapsed.TotalSeconds:F0} entries/s; {attempts.Count} requests, {attempts.Count(a => a.Status == 201)} answered 201, "
            + $"{attempts.Count(a => a.Status == 409)} 409, {load.Pushback} pushback, {attempts.Count(a => a.Failed)} failed in transport (replica {Victim} killed after {jobs.Count / 2} jobs)");
        Assert.False(cluster.Replicas[Victim].IsRunning);
        var survivors = load.Live.Select(r => cluster.Replicas[r]).ToList();
        Assert.Equal(2, survivors.Count);
        Assert.All(survivors, s => Assert.True(s.IsRunning, "a replica that was not killed exited:\n" + s.Output));
        AssertNone("answers", AnswerChecks.Problems(jobs, load, Victim));
        var pairs = jobs.Where(j => j.SentTwice).Select(j => load.Attempts[j.Number]).ToList();
        output.WriteLine($"entries sent to two replicas at once: {pairs.Count(p => p.Count(a => a.Status == 201) == 1)} answered 201 once and 409 once, "
            + $"{pairs.Count(p => !p.Any(a => a.Status == 201))} 409 twice (a failed request had logged it), {pairs.Count(p => p.Any(a => a.Failed))} with a failed request");

        var clock = Stopwatch.StartNew();
        var tree = await StoredTree.ReadAsync(cluster);
        output.WriteLine($"read and recomputed {tree.Leaves.Count} leaves from the database in {clock.Elapsed.TotalSeconds:F1} s");

        // (1) One tree: each survivor serves the database's head, and the database's head is the root its own leaves
        // recompute to. Two replicas on diverging trees, or a head row that is not the hash of the entries, fail here.
        var finals = new List<SeenHead>();
        foreach (var (survivor, i) in survivors.Select((s, i) => (s, i)))
        {
            var info = await (await survivor.Client.GetAsync("/api/v1/log")).JsonAsync();
            finals.Add(new SeenHead($"final GET /api/v1/log on survivor {i}", info.GetProperty("treeSize").GetInt64(),
                Hash32.ParseHex(info.GetProperty("rootHash").GetString()!), info.GetProperty("signedTreeHead").GetString()!));
        }

        Assert.All(finals, f => Assert.Equal((tree.HeadSize, tree.HeadRoot), (f.TreeSize, f.Root)));
        Assert.Equal((tree.HeadSize, tree.HeadRoot), ((long)tree.Leaves.Count, tree.Root));

        // (3) Exactly the entries sent, each once: the tree holds every job's entry (201 at the index it was given),
        // no leaf twice and no leaf nobody sent; its size is the 201s plus the entries only a failed request logged.
        var created = load.Attempts.Values.SelectMany(a => a).Where(a => a.Created is not null).Select(a => a.Created!).ToList();
        var indexOf = new Dictionary<string, long>();
        for (var i = 0; i < tree.Leaves.Count; i++)
        {
            Assert.True(indexOf.TryAdd(tree.Leaves[i].ToHex(), i), $"leaf {tree.Leaves[i]} is in the tree twice");
        }

        foreach (var entry in created)
        {
            Assert.Equal(entry.Uuid, Rfc6962.HashLeaf(entry.Body).ToHex());
            Assert.True(indexOf.TryGetValue(entry.Uuid, out var index) && index == entry.LogIndex, $"the 201 for {entry.Uuid} said index {entry.LogIndex}; the tree has it at {(indexOf.TryGetValue(entry.Uuid, out var at) ? at : "none")}");
        }

        var uuidOf = jobs.ToDictionary(j => j.Number, j => load.Attempts[j.Number].First(a => a.Uuid is not null).Uuid!);
        var onlyByFailedRequest = jobs.Count(j => !load.Attempts[j.Number].Any(a => a.Status == 201));
        Assert.Equal(jobs.Count, uuidOf.Values.Distinct().Count());
        Assert.All(uuidOf.Values, uuid => Assert.True(indexOf.ContainsKey(uuid), $"the acknowledged entry {uuid} is not in the tree"));
        Assert.Equal(created.Count, created.Select(c => c.Uuid).Distinct().Count());
        Assert.Equal(tree.Leaves.Count, created.Count + onlyByFailedRequest);
        Assert.Equal(jobs.Count, tree.Leaves.Count);
        output.WriteLine($"tree of {tree.Leaves.Count}: {created.Count} entries acknowledged by a 201, {onlyByFailedRequest} logged by a request that failed and found by its retry (409)");

        // (2) Every head handed out, in a 201 or by GET /api/v1/log, is a signed prefix of the final tree, and the
        // replicas' consistency proofs agree.
        var key = LogKey.FromPem(await survivors[0].Client.GetStringAsync(new Uri("/api/v1/log/publicKey", UriKind.Relative)));
        Assert.Equal(key, LogKey.FromPem(await survivors[1].Client.GetStringAsync(new Uri("/api/v1/log/publicKey", UriKind.Relative))));
        var seen = created.Select(c => new SeenHead($"201 for {c.Uuid}", c.TreeSize, c.Root, c.Checkpoint)).Concat(load.SampledHeads).Concat(finals).ToList();
        AssertNone("handed-out heads", TreeChecks.HeadProblems(seen, tree, key));
        AssertNone("inclusion proofs", TreeChecks.InclusionProblems(created));
        clock.Restart();
        AssertNone("consistency proofs", await TreeChecks.ConsistencyProblemsAsync(seen, tree.Leaves.Count, tree.Root, [.. survivors.Select(s => s.Client)]));
        output.WriteLine($"{seen.Count} heads seen ({load.SampledHeads.Count} sampled from GET /api/v1/log), {seen.DistinctBy(h => h.TreeSize).Count()} distinct sizes; consistency proofs checked in {clock.Elapsed.TotalSeconds:F1} s");

        // (4) The search index is shared: every entry is found by its artifact's digest on every survivor.
        clock.Restart();
        var missing = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(jobs.SelectMany(j => survivors.Select(s => (j, s))), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (item, _) =>
        {
            using var response = await item.s.Client.PostJsonAsync("/api/v1/index/retrieve", $"{{\"hash\":\"sha256:{item.j.DigestHex}\"}}");
            var found = response.StatusCode == HttpStatusCode.OK ? (await response.JsonAsync()).EnumerateArray().Select(e => e.GetString()![^64..]).ToList() : [];
            if (found.Count != 1 || found[0] != uuidOf[item.j.Number])
            {
                missing.Add($"job {item.j.Number} on port {item.s.Port}: {(int)response.StatusCode} [{string.Join(", ", found)}], expected {uuidOf[item.j.Number]}");
            }
        });
        output.WriteLine($"{jobs.Count * survivors.Count} index lookups in {clock.Elapsed.TotalSeconds:F1} s");
        AssertNone("index lookups", [.. missing]);
    }

    /// <summary>All the proposed entries, built before the clock starts: one sent twice after every 50 sent once.</summary>
    private static List<ReplicaJob> BuildJobs()
    {
        using var signer = new SignedArtifacts();
        var jobs = new List<ReplicaJob>(Entries + SentTwice);
        for (var once = 0; once < Entries; once++)
        {
            jobs.Add(Job(signer, jobs.Count, $"replica artifact {once}", sentTwice: false));
            if (once % (Entries / SentTwice) == Entries / SentTwice - 1)
            {
                jobs.Add(Job(signer, jobs.Count, $"replica artifact sent twice {once}", sentTwice: true));
            }
        }

        return jobs;
    }

    private static ReplicaJob Job(SignedArtifacts signer, int number, string artifact, bool sentTwice) =>
        new(number, artifact, signer.HashedRekord(artifact), sentTwice);

    private void AssertNone(string what, List<string> problems)
    {
        foreach (var problem in problems.Take(20))
        {
            output.WriteLine($"{what}: {problem}");
        }

        Assert.True(problems.Count == 0, $"{problems.Count} problems with the {what}, first: {(problems.Count > 0 ? problems[0] : null)}");
    }
}
