using System.Diagnostics;
using System.Net;
using Rekor.Server.Tests.Api;
using Rekor.Server.Tests.Services;
using Xunit.Abstractions;

namespace Rekor.Server.Tests.Outages;

/// <summary>
/// The log's MariaDB goes away under concurrent writers and comes back (same port, same data), while one server
/// process keeps running: clients see 503s with Retry-After, never a 500; writes resume by themselves; nothing that
/// was acknowledged is lost and nothing retried is written twice.
/// </summary>
public sealed class MariaDbRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Writers = 16;
    private static readonly TimeSpan Load = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan OutageAfter = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(2);

    /// <summary>How soon after the database answers again a new write must succeed, with the server never restarted.</summary>
    private static readonly TimeSpan ResumeWithin = TimeSpan.FromSeconds(5);

    private MariaDbInstance _database = null!;
    private string _name = null!;
    private MySqlServer _server = null!;

    public async Task InitializeAsync()
    {
        _database = await MariaDbInstance.StartAsync();
        _name = await _database.CreateDatabaseAsync("outage");
        _server = await MySqlServer.StartAsync(_database.GoDsn(_name));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public Task Writers_through_a_clean_MariaDB_restart_get_only_201s_409s_and_proper_503s_and_lose_nothing() =>
        RestartUnderLoadAsync(() => _database.StopAsync());

    [Fact]
    public Task Writers_through_a_killed_and_restarted_MariaDB_get_only_201s_409s_and_proper_503s_and_lose_nothing() =>
        RestartUnderLoadAsync(() => _database.KillAsync());

    private async Task RestartUnderLoadAsync(Func<Task> takeDown)
    {
        var client = _server.Client;
        var writers = new ConcurrentWriters();
        using var stop = new CancellationTokenSource(Load);
        var load = writers.RunAsync(client, Writers, "restart", stop.Token);

        await Task.Delay(OutageAfter);
        var sizeBefore = await client.TreeSizeAsync();
        await takeDown();
        var down = Stopwatch.StartNew();

        // Reads while the database is down: the head may come from memory (200), an entry needs the store (503); a 500
        // would be an unreachable database surfacing as a server error.
        await OutageAnswers.AssertAnsweredOrUnavailableAsync(await client.GetAsync("/api/v1/log"));
        await OutageAnswers.AssertUnavailableAsync(await client.GetAsync("/api/v1/log/entries?logIndex=0"));
        await Task.Delay(Outage - down.Elapsed is { Ticks: > 0 } left ? left : TimeSpan.Zero);
        await OutageAnswers.AssertAnsweredOrUnavailableAsync(await client.GetAsync("/api/v1/log"));
        await OutageAnswers.AssertUnavailableAsync(await client.GetAsync("/api/v1/log/entries?logIndex=0"));

        await _database.StartAgainAsync();
        var resumedAfter = await FirstWriteAfterRestartAsync(client);
        await load;
        output.WriteLine($"{writers.Acknowledged.Count} acknowledged ({writers.Acknowledged.Count(a => a.Attempts > 1)} after retries, {writers.Acknowledged.Count(a => a.ByConflict)} by 409), {writers.Unavailable} 503s, size {sizeBefore} at the outage, first write {resumedAfter.TotalMilliseconds:F0} ms after the restart");

        foreach (var line in FailedBatches(_server.Output).Take(10))
        {
            output.WriteLine(line); // which failed batches were resolved how: the story behind any 409
        }

        // Every writer answer was a 201, a 409 on a retry, or a proper 503 that was retried to one of those.
        Assert.True(writers.Violations.Count == 0, string.Join("\n", writers.Violations.Take(20)) + "\n--- server output ---\n" + Tail(_server.Output));

        // The outage reached the writers: they were answered 503, or a batch of theirs failed in the sequencer (a batch
        // whose commit failed and was read back as committed holds the others queued, answering no 503 at all).
        Assert.True(writers.Unavailable > 0 || FailedBatches(_server.Output).Any(), "neither a 503 nor a failed batch: the database outage did not reach the writers");

        // The log took writes both before and after the outage.
        Assert.True(sizeBefore > 0);
        Assert.True(writers.Acknowledged.Count > sizeBefore, "no write was acknowledged after the outage");

        // Writes resumed without restarting the server, soon after the database came back.
        Assert.True(_server.IsRunning);
        Assert.True(resumedAfter < ResumeWithin, $"the first write after the restart took {resumedAfter}");

        var stored = await LogAudit.AssertConsistentAsync(client, _database, _name, writers.Acknowledged);

        // Writers never give up, so everything in the log (but the one probe write) is something a writer was told about.
        Assert.Equal(writers.Acknowledged.Count + 1, stored.Rows.Count);
    }

    /// <summary>
    /// Posts one new entry until it is answered 201, or 409 when an attempt answered 503 was committed after all (proper
    /// 503s retried at once); returns how long that took.
    /// </summary>
    private static async Task<TimeSpan> FirstWriteAfterRestartAsync(HttpClient client)
    {
        using var signer = new SignedArtifacts();
        var entry = signer.HashedRekord("the first write after the restart");
        var clock = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            using var response = await client.PostJsonAsync("/api/v1/log/entries", entry);
            if (response.StatusCode == HttpStatusCode.Created || (response.StatusCode == HttpStatusCode.Conflict && attempt > 1))
            {
                return clock.Elapsed;
            }

            // Until then only proper 503s.
            await OutageAnswers.AssertUnavailableAsync(response);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "writes did not resume within 20 s of the database's restart");
            await Task.Delay(100);
        }
    }

    /// <summary>The sequencer's log lines about failed batches (how each was resolved).</summary>
    private static IEnumerable<string> FailedBatches(string serverOutput) =>
        serverOutput.Split('\n').Where(l => l.Contains("failed at its commit", StringComparison.Ordinal) || l.Contains("failed in tree", StringComparison.Ordinal));

    private static string Tail(string text) => text.Length <= 6000 ? text : text[^6000..];
}
