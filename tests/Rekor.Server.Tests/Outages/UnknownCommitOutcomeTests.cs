using System.Net;
using Rekor.Core.Merkle;
using Rekor.Server.Tests.Api;
using Rekor.Server.Tests.Services;

namespace Rekor.Server.Tests.Outages;

/// <summary>
/// A batch whose commit outcome is unknown to the server (its connection dropped during COMMIT) is resolved by reading
/// the store back: committed means acknowledged (201), not committed means a 503 the client retries; never a 500, and
/// never an entry in the log twice or acknowledged but absent.
/// </summary>
public sealed class UnknownCommitOutcomeTests : IAsyncLifetime, IDisposable
{
    private const string ResolvedCommitted = "failed at its commit; reading the store back shows it was committed: True";
    private const string ResolvedNotCommitted = "failed at its commit; reading the store back shows it was committed: False";

    private readonly SignedArtifacts _signer = new();
    private MariaDbInstance _database = null!;
    private string _name = null!;
    private CommitDroppingProxy _proxy = null!;
    private MySqlServer _server = null!;

    private HttpClient Client => _server.Client;

    public async Task InitializeAsync()
    {
        _database = await MariaDbInstance.SharedAsync(); // never stopped here: the proxy does the cutting
        _name = await _database.CreateDatabaseAsync("unknown_commit");
        _proxy = CommitDroppingProxy.Start(_database.Host, _database.Port);
        _server = await MySqlServer.StartAsync($"{_database.User}:{_database.Password}@tcp(127.0.0.1:{_proxy.Port})/{_name}?parseTime=true");

        // A first entry through the proxy, uncut: the log works through it, and the cut batch is not the tree's first.
        var first = await Client.PostJsonAsync("/api/v1/log/entries", _signer.HashedRekord("before the cut"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _proxy.DisposeAsync();
    }

    public void Dispose() => _signer.Dispose();

    [Fact]
    public async Task A_batch_whose_COMMIT_answer_is_lost_is_read_back_as_committed_and_answered_201()
    {
        var entry = _signer.HashedRekord("committed, answer lost");
        _proxy.Arm(CommitDroppingProxy.Cut.AfterCommitting);

        var response = await Client.PostJsonAsync("/api/v1/log/entries", entry);

        // The cut happened, at this entry's COMMIT (nothing else commits while it is armed).
        Assert.Equal(1, _proxy.Dropped);

        // 201, not 500 (an unknown outcome surfacing as an error) and not 503 (a committed entry answered as not written).
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{_server.Output}");

        // The resolution path ran: the sequencer read the batch back and found it committed.
        Assert.Contains(ResolvedCommitted, _server.Output, StringComparison.Ordinal);

        var created = await AcknowledgementAsync(response, "committed, answer lost");
        await LogAudit.AssertServedAsync(Client, created);

        // Exactly once in the tree, and the tree is the two entries, with the root the server serves.
        var stored = await LogAudit.AssertConsistentAsync(Client, _database, _name, [created]);
        Assert.Equal(1, stored.CountOf(Hash32.ParseHex(created.EntryId[^64..])));
        Assert.Equal(2, stored.Rows.Count);

        // Submitting it again is a 409 pointing at it: it is not written a second time.
        using var again = await Client.PostJsonAsync("/api/v1/log/entries", entry);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("/api/v1/log/entries/" + created.EntryId, again.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_batch_whose_connection_drops_before_COMMIT_is_not_acknowledged_and_its_retry_is_written_once()
    {
        const string Artifact = "rolled back, then retried";
        var entry = _signer.HashedRekord(Artifact);
        _proxy.Arm(CommitDroppingProxy.Cut.BeforeCommitting);

        var response = await Client.PostJsonAsync("/api/v1/log/entries", entry);

        Assert.Equal(1, _proxy.Dropped);

        // 503 (rolled back, the client retries) or 201 (the server retried by itself): never a 500.
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{_server.Output}");
        var before = await StoredEntries.ReadAsync(_database, _name);
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            await OutageAnswers.AssertUnavailableAsync(response);

            // Not acknowledged, so not in the log: the transaction was rolled back, and the read-back said so.
            Assert.Equal(0, before.CountOfArtifact(Artifact));
            Assert.Contains(ResolvedNotCommitted, _server.Output, StringComparison.Ordinal);
        }
        else
        {
            // Acknowledged, so in the log.
            Assert.Equal(1, before.CountOfArtifact(Artifact));
        }

        // The retry of the same entry: 201 if the first attempt was not acknowledged, else 409; in the log once either way.
        using var retry = await RetryWhileUnavailableAsync(entry);
        Assert.Equal(response.StatusCode == HttpStatusCode.Created ? HttpStatusCode.Conflict : HttpStatusCode.Created, retry.StatusCode);
        var acknowledged = response.StatusCode == HttpStatusCode.Created ? response : retry;
        var created = await AcknowledgementAsync(acknowledged, Artifact);
        await LogAudit.AssertServedAsync(Client, created);

        var after = await LogAudit.AssertConsistentAsync(Client, _database, _name, [created]);
        Assert.Equal(1, after.CountOfArtifact(Artifact));
        Assert.Equal(2, after.Rows.Count);
    }

    /// <summary>Posts <paramref name="entry"/> until it is answered other than a proper 503 (the sequencer may still be reloading).</summary>
    private async Task<HttpResponseMessage> RetryWhileUnavailableAsync(string entry)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await Client.PostJsonAsync("/api/v1/log/entries", entry);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 50)
            {
                return response;
            }

            await OutageAnswers.AssertUnavailableAsync(response);
            response.Dispose();
            await Task.Delay(100);
        }
    }

    private static async Task<Acknowledgement> AcknowledgementAsync(HttpResponseMessage response, string artifact)
    {
        var created = (await response.JsonAsync()).EnumerateObject().Single();
        return new Acknowledgement(artifact, created.Name, created.Value.GetProperty("logIndex").GetInt64(), created.Value.GetProperty("body").GetString(), 1);
    }
}
