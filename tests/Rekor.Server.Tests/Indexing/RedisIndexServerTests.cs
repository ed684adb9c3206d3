using System.Net;
using Rekor.Server.Tests.Api;
using Rekor.Server.Tests.Services;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Rekor.Server.Tests.Indexing;

/// <summary>
/// The server with its search index in Redis, fed from the log's outbox: a Redis outage never fails a write and never
/// loses a key (not even across a server crash), lookups during it are 503s, the keys arrive when Redis returns, and
/// <c>reindex</c> rebuilds a wiped index from the log.
/// </summary>
public sealed class RedisIndexServerTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private RedisInstance _redis = null!;
    private SeparateIndexServer _server = null!;
    private readonly SignedArtifacts _artifacts = new();

    public async Task InitializeAsync()
    {
        _redis = await RedisInstance.StartAsync();
        _server = new SeparateIndexServer(SeparateIndexServer.RedisArguments(_redis));
        await _server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _redis.DisposeAsync();
    }

    public void Dispose()
    {
        _artifacts.Dispose();
        _server?.Dispose();
    }

    [Fact]
    public async Task Writes_go_on_while_redis_is_down_and_every_key_arrives_when_it_returns_even_after_a_server_crash()
    {
        var before = await WriteAsync("before", 20);
        await WaitUntilFoundAsync(before);

        await _redis.StopAsync();
        var during = await WriteAsync("during", 40); // every write is a 201: the log does not wait for the index
        var lookup = await _server.Client.PostJsonAsync("/api/v1/index/retrieve", $$"""{"hash":"sha256:{{during[0].Digest}}"}""");
        await lookup.AssertErrorAsync(HttpStatusCode.ServiceUnavailable);
        Assert.True(lookup.Headers.RetryAfter is not null, "a lookup refused for an outage must say when to retry");

        // SIGKILL while the keys of "during" exist only in the log's outbox: they must survive the crash too.
        await _server.KillAndRestartAsync();
        var after = await WriteAsync("after", 20);
        // It comes back empty (--save '' keeps nothing): the keys of "before" went with it (a Redis that loses its data
        // needs `reindex`, tested below); those of "during" and "after" must all come from the outbox.
        await _redis.StartAgainAsync();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await WaitUntilFoundAsync([.. during, .. after]);
        output.WriteLine($"{during.Count + after.Count} entries indexed {clock.ElapsedMilliseconds} ms after redis returned");
    }

    [Fact]
    public async Task Reindex_rebuilds_a_wiped_index_from_the_log_with_progress()
    {
        var written = await WriteAsync("reindexed", 30);
        await WaitUntilFoundAsync(written);
        await using (var connection = await ConnectionMultiplexer.ConnectAsync($"{_redis.EndPoint},password={_redis.Password},allowAdmin=true"))
        {
            await connection.GetServer(_redis.EndPoint).FlushAllDatabasesAsync();
        }

        Assert.Empty(await FindAsync(written[0].Digest));

        var (exitCode, text) = await _server.ReindexAsync();
        output.WriteLine(text);

        Assert.Equal(0, exitCode);
        Assert.Matches(@"reindex: tree \d+: \d+ of \d+ entries", text);
        Assert.DoesNotContain(_redis.Password, text, StringComparison.Ordinal);
        foreach (var entry in written)
        {
            Assert.Contains(entry.Uuid, await FindAsync(entry.Digest));
        }
    }

    private async Task<List<(string Digest, string Uuid)>> WriteAsync(string prefix, int count)
    {
        var made = new List<(string, string)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var artifact = $"{prefix} {i} {Guid.NewGuid()}";
            var response = await _server.Client.PostJsonAsync("/api/v1/log/entries", _artifacts.HashedRekord(artifact));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var uuid = (await response.JsonAsync()).EnumerateObject().First().Name;
            lock (made)
            {
                made.Add((Convert.ToHexStringLower(SignedArtifacts.Digest(artifact)), uuid));
            }
        });
        return made;
    }

    private async Task<List<string>> FindAsync(string digest)
    {
        var response = await _server.Client.PostJsonAsync("/api/v1/index/retrieve", $$"""{"hash":"sha256:{{digest}}"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.JsonAsync()).EnumerateArray().Select(e => e.GetString()!)];
    }

    private async Task WaitUntilFoundAsync(IReadOnlyList<(string Digest, string Uuid)> entries)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        foreach (var (digest, uuid) in entries)
        {
            while (true)
            {
                var response = await _server.Client.PostJsonAsync("/api/v1/index/retrieve", $$"""{"hash":"sha256:{{digest}}"}""");
                if (response.StatusCode == HttpStatusCode.OK && (await response.JsonAsync()).EnumerateArray().Any(e => e.GetString() == uuid))
                {
                    break;
                }

                Assert.True(DateTime.UtcNow < deadline, $"entry {uuid} never reached the index:\n{_server.Output}");
                await Task.Delay(100);
            }
        }
    }
}
