using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Rekor.Core.Client;

namespace Rekor.Core.Tests.Client;

/// <summary>
/// The generated client with <see cref="RekorRetryPolicy"/> in front of a scripted server: which answers are tried
/// again, how long it waits when told to, and what reaches the caller when the attempts run out.
/// </summary>
public sealed class RekorClientRetryTests
{
    private const string LogInfo = """{"rootHash":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","treeSize":0,"signedTreeHead":"x","treeID":"1"}""";

    [Fact]
    public async Task A_429_with_Retry_After_is_tried_again_after_the_wait_the_server_asked_for()
    {
        var server = new ScriptedServer(TooMany(TimeSpan.FromSeconds(1)), Ok(LogInfo));
        var clock = Stopwatch.StartNew();

        var info = await ClientOf(server).GetLogInfoAsync();

        Assert.Equal("1", info.TreeID);
        Assert.Equal(2, server.Requests);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.95), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_503_is_tried_again_and_a_POST_is_sent_again_with_its_body()
    {
        var server = new ScriptedServer(Unavailable(), Unavailable(), Ok("[]"));

        var found = await ClientOf(server).SearchIndexAsync(new Rekor.Core.Models.SearchIndex { Hash = "sha256:" + new string('a', 64) });

        Assert.Empty(found);
        Assert.Equal(3, server.Requests);
        Assert.All(server.Bodies, body => Assert.Contains("\"hash\"", body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_the_attempts_run_out_the_last_answer_is_the_callers_exception()
    {
        var server = new ScriptedServer(Unavailable(), Unavailable(), Unavailable());

        var refused = await Assert.ThrowsAsync<RekorApiException>(() => ClientOf(server, maxRetries: 2).GetLogInfoAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("the log is shedding load", refused.ServerMessage);
        Assert.Equal(3, server.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Conflict)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task An_answer_that_another_attempt_would_not_change_is_not_retried(HttpStatusCode status)
    {
        var server = new ScriptedServer(Error(status, "no"), Ok(LogInfo));

        var refused = await Assert.ThrowsAsync<RekorApiException>(() => ClientOf(server).GetLogInfoAsync());

        Assert.Equal(status, refused.StatusCode);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task An_answer_that_is_not_the_declared_json_names_the_operation()
    {
        var server = new ScriptedServer(Ok("<html>a proxy's page</html>"));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ClientOf(server).GetLogInfoAsync());

        Assert.StartsWith("getLogInfo:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_base_address_with_a_path_keeps_it_and_parameters_are_escaped_in_the_path()
    {
        var server = new ScriptedServer(Ok("{}"));
        var client = new RekorClient(new HttpClient(RekorRetryPolicy.Handler(server)) { BaseAddress = new Uri("http://log.example/rekor/") });

        await client.GetLogEntryByUUIDAsync("a/b?c");

        Assert.Equal("http://log.example/rekor/api/v1/log/entries/a%2Fb%3Fc", server.Uris.Single());
    }

    [Fact]
    public async Task A_huge_error_body_is_cut_short_in_the_message()
    {
        var server = new ScriptedServer(new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent(new string('x', 10_000_000)) });

        var refused = await Assert.ThrowsAsync<RekorApiException>(() => ClientOf(server).GetLogInfoAsync());

        Assert.InRange(refused.ServerMessage!.Length, 1, 4_200);
    }

    [Fact]
    public async Task Json_operations_ask_for_json_and_the_pem_key_for_any_media_type()
    {
        var server = new ScriptedServer(Ok(LogInfo), new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("-----BEGIN PUBLIC KEY-----\n") });
        var client = ClientOf(server);

        await client.GetLogInfoAsync();
        var pem = await client.GetPublicKeyAsync();

        Assert.Equal(["application/json", "*/*"], server.Accepts);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", pem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_from_IHttpClientFactory_has_the_base_address_and_the_retries()
    {
        var server = new ScriptedServer(Unavailable(), Ok(LogInfo));
        var services = new ServiceCollection();
        services.AddRekorClient(new Uri("http://log.example/rekor")).ConfigurePrimaryHttpMessageHandler(() => server);
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<RekorClient>();
        var info = await client.GetLogInfoAsync();

        Assert.Equal("1", info.TreeID);
        Assert.Equal(["http://log.example/rekor/api/v1/log", "http://log.example/rekor/api/v1/log"], server.Uris);
    }

    private static RekorClient ClientOf(ScriptedServer server, int maxRetries = 3) =>
        new(new HttpClient(RekorRetryPolicy.Handler(server, maxRetries)) { BaseAddress = new Uri("http://log.example/") });

    private static HttpResponseMessage Ok(string json) =>
        new(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Error(HttpStatusCode status, string message) =>
        new(status) { Content = new StringContent($$"""{"code":{{(int)status}},"message":"{{message}}"}""", Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Unavailable()
    {
        var response = Error(HttpStatusCode.ServiceUnavailable, "the log is shedding load");
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.Zero);
        return response;
    }

    private static HttpResponseMessage TooMany(TimeSpan wait)
    {
        var response = Error(HttpStatusCode.TooManyRequests, "slow down");
        response.Headers.RetryAfter = new RetryConditionHeaderValue(wait);
        return response;
    }

    /// <summary>Answers each request with the next scripted response and records what it was sent.</summary>
    private sealed class ScriptedServer(params HttpResponseMessage[] answers) : HttpMessageHandler
    {
        private readonly Queue<HttpResponseMessage> _answers = new(answers);

        public int Requests { get; private set; }

        public List<string> Bodies { get; } = [];

        public List<string> Uris { get; } = [];

        public List<string> Accepts { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            Uris.Add(request.RequestUri!.AbsoluteUri);
            Accepts.Add(request.Headers.Accept.ToString());
            if (request.Content is not null)
            {
                Bodies.Add(await request.Content.ReadAsStringAsync(cancellationToken));
            }

            return _answers.Dequeue();
        }
    }
}
