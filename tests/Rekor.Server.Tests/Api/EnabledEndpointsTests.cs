using System.Net;
using Rekor.Server.Tests.Attestations;

namespace Rekor.Server.Tests.Api;

/// <summary>
/// The eight operations by ID and a well-formed request to each, and what Rekor (v1.5.4) answers for each one that
/// <c>--enabled_api_endpoints</c> leaves out: 501 with its handler's message; <c>getLogInfo</c> has no such handler
/// and gets go-openapi's placeholder; <c>getPublicKey</c>'s error goes out as the one type it produces.
/// </summary>
internal static class Operations
{
    public static readonly string[] All =
        ["searchIndex", "getLogInfo", "getPublicKey", "getLogProof", "createLogEntry", "getLogEntryByIndex", "getLogEntryByUUID", "searchLogQuery"];

    public static readonly Dictionary<string, (string ContentType, string Body)> DisabledAnswers = new(StringComparer.Ordinal)
    {
        ["searchIndex"] = ("application/json", "{\"code\":501,\"message\":\"Search Index API not enabled in this Rekor instance\"}\n"),
        ["getLogInfo"] = ("application/json", "\"operation tlog.GetLogInfo has not yet been implemented\"\n"),
        ["getPublicKey"] = ("application/x-pem-file", "{\"code\":501,\"message\":\"Get Public Key API not enabled in this Rekor instance\"}"),
        ["getLogProof"] = ("application/json", "{\"code\":501,\"message\":\"Get Log Proof API not enabled in this Rekor instance\"}\n"),
        ["createLogEntry"] = ("application/json", "{\"code\":501,\"message\":\"Create Entry API not enabled in this Rekor instance\"}\n"),
        ["getLogEntryByIndex"] = ("application/json", "{\"code\":501,\"message\":\"Get Log Entry by Index API not enabled in this Rekor instance\"}\n"),
        ["getLogEntryByUUID"] = ("application/json", "{\"code\":501,\"message\":\"Get Log Entry by UUID API not enabled in this Rekor instance\"}\n"),
        ["searchLogQuery"] = ("application/json", "{\"code\":501,\"message\":\"Search Log Query API not enabled in this Rekor instance\"}\n"),
    };

    /// <summary>A well-formed request to <paramref name="operationId"/> (an entry for createLogEntry from <paramref name="signer"/>).</summary>
    public static Task<HttpResponseMessage> SendAsync(HttpClient client, string operationId, SignedArtifacts signer) => operationId switch
    {
        "searchIndex" => client.PostJsonAsync("/api/v1/index/retrieve", $"{{\"hash\":\"sha256:{new string('a', 64)}\"}}"),
        "getLogInfo" => client.GetAsync("/api/v1/log"),
        "getPublicKey" => client.GetAsync("/api/v1/log/publicKey"),
        "getLogProof" => client.GetAsync("/api/v1/log/proof?lastSize=1"),
        "createLogEntry" => client.PostJsonAsync("/api/v1/log/entries", signer.HashedRekord("operation " + Guid.NewGuid())),
        "getLogEntryByIndex" => client.GetAsync("/api/v1/log/entries?logIndex=0"),
        "getLogEntryByUUID" => client.GetAsync("/api/v1/log/entries/" + new string('b', 64)),
        "searchLogQuery" => client.PostJsonAsync("/api/v1/log/entries/retrieve", "{\"logIndexes\":[0]}"),
        _ => throw new ArgumentOutOfRangeException(nameof(operationId)),
    };

    public static async Task AssertDisabledAsync(HttpResponseMessage response, string operationId)
    {
        var (contentType, body) = DisabledAnswers[operationId];
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());

        // Rekor marks only enabled reads uncacheable.
        Assert.False(response.Headers.Contains("Cache-Control"), operationId);
        Assert.False(response.Headers.Contains("Pragma"), operationId);
    }

    public static async Task AssertEnabledAsync(HttpResponseMessage response, string operationId)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode != HttpStatusCode.NotImplemented, $"{operationId} answered 501: {text}");
        Assert.True((int)response.StatusCode < 500, $"{operationId} answered {(int)response.StatusCode}: {text}");
    }
}

/// <summary>The default: every operation answers.</summary>
public sealed class DefaultEndpointsTests(RunningServer server) : IClassFixture<RunningServer>, IDisposable
{
    private readonly SignedArtifacts _signer = new();

    public void Dispose() => _signer.Dispose();

    [Fact]
    public async Task Every_operation_is_enabled_by_default()
    {
        foreach (var operation in Operations.All)
        {
            await Operations.AssertEnabledAsync(await Operations.SendAsync(server.Client, operation, _signer), operation);
        }

        Assert.Contains("  API:        all\n", server.Output, StringComparison.Ordinal);
        Assert.Contains("  new kinds:  all\n", server.Output, StringComparison.Ordinal);
    }
}

/// <summary>A server with two operations and the deprecated retrieve flag off.</summary>
public sealed class TwoEndpointsServer() : RunningServer(["--enabled_api_endpoints=getPublicKey", "--enabled_api_endpoints", "createLogEntry", "--enable_retrieve_api=false"]);

public sealed class DisabledEndpointsTests(TwoEndpointsServer server) : IClassFixture<TwoEndpointsServer>, IDisposable
{
    private readonly SignedArtifacts _signer = new();

    public void Dispose() => _signer.Dispose();

    [Theory]
    [InlineData("searchIndex")]
    [InlineData("getLogInfo")]
    [InlineData("getLogProof")]
    [InlineData("getLogEntryByIndex")]
    [InlineData("getLogEntryByUUID")]
    [InlineData("searchLogQuery")]
    public async Task A_disabled_operation_answers_as_rekor_does(string operation)
    {
        await Operations.AssertDisabledAsync(await Operations.SendAsync(server.Client, operation, _signer), operation);
    }

    [Fact]
    public async Task A_disabled_operation_answers_501_whatever_the_request()
    {
        // Unlike Rekor, whose framework validates parameters before the handler refuses (a missing lastSize would be 422).
        await Operations.AssertDisabledAsync(await server.Client.GetAsync("/api/v1/log/proof"), "getLogProof");
        await Operations.AssertDisabledAsync(await server.Client.PostJsonAsync("/api/v1/log/entries/retrieve", "not json"), "searchLogQuery");
    }

    [Fact]
    public async Task The_enabled_operations_work()
    {
        var key = await server.Client.GetAsync("/api/v1/log/publicKey");
        Assert.Equal(HttpStatusCode.OK, key.StatusCode);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", await key.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(key.Headers.Contains("Cache-Control"));

        var created = await Operations.SendAsync(server.Client, "createLogEntry", _signer);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task Unknown_paths_and_wrong_methods_answer_as_before()
    {
        await (await server.Client.GetAsync("/api/v1/log/nothing")).AssertErrorAsync(HttpStatusCode.NotFound);
        await (await server.Client.PostJsonAsync("/api/v1/log", "{}")).AssertErrorAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public void The_banner_names_the_enabled_and_the_disabled_operations()
    {
        Assert.Contains(
            "  API:        getPublicKey, createLogEntry (disabled: searchIndex, getLogInfo, getLogProof, getLogEntryByIndex, getLogEntryByUUID, searchLogQuery)\n",
            server.Output,
            StringComparison.Ordinal);
    }
}

/// <summary>A server whose list leaves out searchIndex, createLogEntry and getPublicKey, with enable_retrieve_api at its default.</summary>
public sealed class ReadOnlyServer() : RunningServer(["--enabled_api_endpoints", "getLogInfo,getLogProof,getLogEntryByIndex", "--enabled_api_endpoints=getLogEntryByUUID,searchLogQuery"]);

public sealed class ReadOnlyEndpointsTests(ReadOnlyServer server) : IClassFixture<ReadOnlyServer>, IDisposable
{
    private readonly SignedArtifacts _signer = new();

    public void Dispose() => _signer.Dispose();

    [Fact]
    public async Task The_listed_operations_and_searchIndex_answer_and_the_others_are_disabled()
    {
        foreach (var operation in new[] { "searchIndex", "getLogInfo", "getLogProof", "getLogEntryByIndex", "getLogEntryByUUID", "searchLogQuery" })
        {
            await Operations.AssertEnabledAsync(await Operations.SendAsync(server.Client, operation, _signer), operation);
        }

        await Operations.AssertDisabledAsync(await Operations.SendAsync(server.Client, "createLogEntry", _signer), "createLogEntry");
        await Operations.AssertDisabledAsync(await Operations.SendAsync(server.Client, "getPublicKey", _signer), "getPublicKey");
    }
}

/// <summary>A server that takes only hashedrekord entries (restarted by the test with other kinds).</summary>
public sealed class HashedRekordOnlyServer() : RunningServer(["--enabled_entry_types=hashedrekord"]);

public sealed class EnabledEntryTypesTests(HashedRekordOnlyServer server) : IClassFixture<HashedRekordOnlyServer>, IDisposable
{
    private readonly SignedArtifacts _signer = new();
    private readonly EnvelopeEntries _envelopes = new();

    public void Dispose()
    {
        _signer.Dispose();
        _envelopes.Dispose();
    }

    [Fact]
    public async Task A_disabled_kind_is_refused_on_create_and_entries_already_logged_are_still_read()
    {
        Assert.Contains("  new kinds:  hashedrekord (disabled: alpine, cose, dsse, helm, intoto, jar, rekord, rfc3161, rpm, tuf)\n", server.Output, StringComparison.Ordinal);
        var before = await server.Client.TreeSizeAsync();
        var refused = await server.Client.PostJsonAsync("/api/v1/log/entries", _envelopes.Dsse(EnvelopeEntries.Statement("refused")));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("{\"code\":400,\"message\":\"error processing entry: entry kind 'dsse' is not enabled for submission on this server\"}\n", await refused.Content.ReadAsStringAsync());
        Assert.Equal(before, await server.Client.TreeSizeAsync());

        var hashedRekord = _signer.HashedRekord("kept across the restart");
        var created = await server.Client.PostJsonAsync("/api/v1/log/entries", hashedRekord);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var entryId = (await created.JsonAsync()).EnumerateObject().Single().Name;

        // Now hashedrekord is the disabled kind: new ones are refused, the one in the log is read, searched and found.
        await server.RestartWithAsync("--enabled_entry_types", "dsse");
        await (await server.Client.PostJsonAsync("/api/v1/log/entries", _signer.HashedRekord("a new one")))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "error processing entry: entry kind 'hashedrekord' is not enabled for submission on this server");
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/api/v1/log/entries/" + entryId)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/api/v1/log/entries?logIndex=" + before)).StatusCode);
        var search = await server.Client.PostJsonAsync("/api/v1/log/entries/retrieve", $"{{\"entries\":[{hashedRekord}]}}");
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Equal(entryId, Assert.Single((await search.JsonAsync()).EnumerateArray()).EnumerateObject().Single().Name);

        // The same entry again is refused for its kind before it could be a duplicate (409), as in Rekor.
        await (await server.Client.PostJsonAsync("/api/v1/log/entries", hashedRekord)).AssertErrorAsync(HttpStatusCode.BadRequest, "is not enabled for submission");

        var dsse = await server.Client.PostJsonAsync("/api/v1/log/entries", _envelopes.Dsse(EnvelopeEntries.Statement("accepted")));
        Assert.Equal(HttpStatusCode.Created, dsse.StatusCode);
    }
}
