using System.Net;
using Rekor.Server.Api;
using Rekor.Core.Checkpoints;
using Rekor.Core.Signing;

namespace Rekor.Server.Tests.Api;

public sealed class LogEndpointsTests(RunningServer server) : IClassFixture<RunningServer>
{
    private HttpClient Client => server.Client;

    [Fact]
    public async Task Log_info_carries_a_checkpoint_signed_by_the_published_key()
    {
        var info = await (await Client.GetAsync("/api/v1/log")).JsonAsync();
        var pem = await (await Client.GetAsync("/api/v1/log/publicKey")).Content.ReadAsStringAsync();
        var key = LogKey.FromPem(pem);

        Assert.True(SignedCheckpoint.TryParse(info.GetProperty("signedTreeHead").GetString()!, out var checkpoint, out var error), error);
        Assert.True(checkpoint.VerifiedBy(key, "127.0.0.1"));
        Assert.Equal("127.0.0.1 - " + info.GetProperty("treeID").GetString(), checkpoint.Checkpoint.Origin);
        Assert.Equal(info.GetProperty("treeSize").GetInt64(), checkpoint.Checkpoint.TreeSize);
        Assert.Equal(info.GetProperty("rootHash").GetString(), checkpoint.Checkpoint.RootHash.ToHex());
        Assert.Contains(key.LogId.ToHex(), server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_public_key_is_pem_and_unknown_trees_are_refused()
    {
        var response = await Client.GetAsync("/api/v1/log/publicKey");
        Assert.Equal("application/x-pem-file", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----\n", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await (await Client.GetAsync("/api/v1/log/publicKey?treeID=12x")).AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "treeID", ValidationCode.Pattern);
        await (await Client.GetAsync("/api/v1/log/publicKey?treeID=123")).AssertErrorAsync(HttpStatusCode.BadRequest, "Bad Request");
    }

    [Theory]
    [InlineData("/api/v1/log/proof?firstSize=1", HttpStatusCode.UnprocessableEntity, "lastSize in query is required")]
    [InlineData("/api/v1/log/proof?lastSize=0", HttpStatusCode.UnprocessableEntity, "greater than or equal to 1")]
    [InlineData("/api/v1/log/proof?lastSize=abc", HttpStatusCode.UnprocessableEntity, "int64")]
    [InlineData("/api/v1/log/proof?firstSize=5&lastSize=3", HttpStatusCode.BadRequest, "firstSize(5) must be less than lastSize(3)")]
    [InlineData("/api/v1/log/proof?firstSize=1&lastSize=1000000", HttpStatusCode.BadRequest, "greater than what is currently observable")]
    [InlineData("/api/v1/log/proof?lastSize=1&treeID=99", HttpStatusCode.BadRequest, "no log range found for tree ID 99")]
    public async Task Bad_proof_requests_get_rekors_errors(string path, HttpStatusCode status, string message) =>
        await (await Client.GetAsync(path)).AssertErrorAsync(status, message);

    [Fact]
    public async Task Unknown_paths_and_wrong_methods_get_json_errors()
    {
        await (await Client.GetAsync("/api/v1/nothing")).AssertErrorAsync(HttpStatusCode.NotFound, "path /api/v1/nothing was not found");
        var wrongMethod = await Client.DeleteAsync(new Uri("/api/v1/log", UriKind.Relative));
        await wrongMethod.AssertErrorAsync(HttpStatusCode.MethodNotAllowed, "method DELETE is not allowed");
        Assert.Contains("GET", wrongMethod.Content.Headers.Allow);
    }

    [Fact]
    public async Task Trailing_slashes_request_ids_and_cache_headers_follow_rekor()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/log/", UriKind.Relative));
        request.Headers.Add("X-Request-Id", "test-request-42");
        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("test-request-42", response.Headers.GetValues("X-Request-Id").Single());
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.Contains("no-cache", response.Headers.Pragma.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Liveness_readiness_and_metrics_answer()
    {
        Assert.Equal(".", await (await Client.GetAsync("/ping")).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/readyz")).StatusCode);
        await Client.GetAsync("/api/v1/log");
        using var artifacts = new SignedArtifacts();
        Assert.Equal(HttpStatusCode.Created, (await Client.PostJsonAsync("/api/v1/log/entries", artifacts.HashedRekord("metrics counted"))).StatusCode);

        using var metrics = new HttpClient();
        var text = await metrics.GetStringAsync(new Uri($"http://127.0.0.1:{server.MetricsPort}/metrics"));
        Assert.Contains("rekor_qps_by_api{", text, StringComparison.Ordinal);
        Assert.Contains("path=\"/api/v1/log\"", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE rekor_latency_by_api histogram", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE rekor_api_latency histogram", text, StringComparison.Ordinal);
        Assert.Contains("rekor_build_info{", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE rekor_new_entries counter", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE rekor_sequencing_latency_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE rekor_queue_depth gauge", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE rekor_batch_size histogram", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_", text, StringComparison.Ordinal);
    }
}
