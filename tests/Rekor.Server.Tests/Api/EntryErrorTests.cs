using System.Net;
using Rekor.Server.Api;

namespace Rekor.Server.Tests.Api;

/// <summary>Every bad request gets its documented 4xx with Rekor's JSON body and changes nothing.</summary>
public sealed class EntryErrorTests(RunningServer server) : IClassFixture<RunningServer>
{
    private HttpClient Client => server.Client;

    [Theory]
    [InlineData("{\"kind\": ", HttpStatusCode.BadRequest, "parsing proposedEntry body")]
    [InlineData("{\"apiVersion\":\"0.0.1\",\"spec\":{}}", HttpStatusCode.UnprocessableEntity, "kind in body is required")]
    [InlineData("{\"kind\":\"recipe\",\"apiVersion\":\"0.0.1\",\"spec\":{}}", HttpStatusCode.UnprocessableEntity, "invalid kind value: \"recipe\"")]
    [InlineData("{\"kind\":\"hashedrekord\",\"apiVersion\":\"one\",\"spec\":{}}", HttpStatusCode.UnprocessableEntity, "apiVersion")]
    [InlineData("{\"kind\":\"hashedrekord\",\"apiVersion\":\"0.0.1\"}", HttpStatusCode.UnprocessableEntity, "spec")]
    [InlineData("{\"kind\":\"hashedrekord\",\"apiVersion\":\"9.9.9\",\"spec\":{}}", HttpStatusCode.BadRequest, "no version matching apiVersion \"9.9.9\"")]
    [InlineData("{\"kind\":\"hashedrekord\",\"apiVersion\":\"0.0.1\",\"spec\":{\"data\":{}}}", HttpStatusCode.BadRequest, "error processing entry")]
    [InlineData("{\"kind\":\"hashedrekord\",\"apiVersion\":\"0.0.1\",\"spec\":{\"signature\":{\"content\":\"!!\",\"publicKey\":{\"content\":\"AAAA\"}},\"data\":{\"hash\":{\"algorithm\":\"md5\",\"value\":\"00\"}}}}", HttpStatusCode.BadRequest, "$.spec.data.hash.algorithm")]
    public async Task A_malformed_proposed_entry_is_refused_and_changes_nothing(string body, HttpStatusCode status, string message)
    {
        var before = await Client.TreeSizeAsync();

        var response = await Client.PostJsonAsync("/api/v1/log/entries", body);

        await response.AssertErrorAsync(status, message, message == "kind in body is required" ? ValidationCode.Required : null);
        Assert.Equal(before, await Client.TreeSizeAsync());
    }

    [Theory]
    [InlineData("/api/v1/log/entries", "proposedEntry")]
    [InlineData("/api/v1/log/entries/retrieve", "entry")]
    [InlineData("/api/v1/index/retrieve", "query")]
    public async Task An_empty_body_is_a_required_parameter_missing(string path, string parameter) =>
        await (await Client.PostJsonAsync(path, string.Empty)).AssertErrorAsync(HttpStatusCode.UnprocessableEntity, parameter + " in body is required", ValidationCode.Required);

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_with_415()
    {
        await (await Client.PostJsonAsync("/api/v1/log/entries", "{}", "text/plain")).AssertErrorAsync(HttpStatusCode.UnsupportedMediaType, "unsupported media type");
    }

    [Theory]
    [InlineData("/api/v1/log/entries", HttpStatusCode.UnprocessableEntity, "logIndex in query is required")]
    [InlineData("/api/v1/log/entries?logIndex=-1", HttpStatusCode.UnprocessableEntity, "greater than or equal to 0")]
    [InlineData("/api/v1/log/entries?logIndex=x", HttpStatusCode.UnprocessableEntity, "int64")]
    [InlineData("/api/v1/log/entries/not-an-id", HttpStatusCode.UnprocessableEntity, "entryUUID in path should match")]
    [InlineData("/api/v1/log/entries/0000000000000000aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", HttpStatusCode.BadRequest, "validation error")]
    public async Task Bad_entry_lookups_get_rekors_errors(string path, HttpStatusCode status, string message) =>
        await (await Client.GetAsync(path)).AssertErrorAsync(status, message);

    [Theory]
    [InlineData("/api/v1/log/entries?logIndex=999999")]
    [InlineData("/api/v1/log/entries/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("/api/v1/log/entries/0000000000000063aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task A_missing_entry_is_404_with_an_empty_body(string path)
    {
        var response = await Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("{\"logIndexes\":[0,1,2,3,4,5,6,7,8,9,10]}", HttpStatusCode.UnprocessableEntity, "at most 10 items")]
    [InlineData("{\"logIndexes\":[0,1,2,3,4,5],\"entryUUIDs\":[\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\",\"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\",\"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd\",\"eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee\"]}", HttpStatusCode.UnprocessableEntity, "more than max allowed 10 entries in request")]
    [InlineData("{\"logIndexes\":[-1]}", HttpStatusCode.UnprocessableEntity, "greater than or equal to 0")]
    [InlineData("{\"logIndexes\":5}", HttpStatusCode.BadRequest, "logIndexes must be an array, not a number")]
    [InlineData("{\"entryUUIDs\":\"aaaa\"}", HttpStatusCode.BadRequest, "entryUUIDs must be an array, not a string")]
    [InlineData("{\"entries\":{}}", HttpStatusCode.BadRequest, "entries must be an array, not an object")]
    [InlineData("{\"logIndexes\":[\"1\"]}", HttpStatusCode.BadRequest, "logIndexes[0] must be an integer within 64 bits, not a string")]
    [InlineData("{\"logIndexes\":[1.5]}", HttpStatusCode.BadRequest, "logIndexes[0] must be an integer within 64 bits, not a number")]
    [InlineData("{\"logIndexes\":[1e400]}", HttpStatusCode.BadRequest, "logIndexes[0] must be an integer within 64 bits")]
    [InlineData("{\"entryUUIDs\":[7]}", HttpStatusCode.BadRequest, "entryUUIDs[0] must be a string, not a number")]
    [InlineData("{\"entries\":[\"x\"]}", HttpStatusCode.BadRequest, "entries[0] must be an object, not a string")]
    [InlineData("{\"entryUUIDs\":[\"xyz\"]}", HttpStatusCode.UnprocessableEntity, "should match")]
    [InlineData("[1,2", HttpStatusCode.BadRequest, "parsing entry body")]
    public async Task Bad_searches_get_rekors_errors(string body, HttpStatusCode status, string message) =>
        await (await Client.PostJsonAsync("/api/v1/log/entries/retrieve", body)).AssertErrorAsync(status, message);

    [Fact]
    public async Task A_search_that_finds_nothing_is_an_empty_array()
    {
        var found = await (await Client.PostJsonAsync("/api/v1/log/entries/retrieve", "{\"logIndexes\":[12345],\"entryUUIDs\":[]}")).JsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Array, found.ValueKind);
        Assert.Equal(0, found.GetArrayLength());

        var ids = await (await Client.PostJsonAsync("/api/v1/index/retrieve", "{\"hash\":\"sha256:" + new string('a', 64) + "\"}")).JsonAsync();
        Assert.Equal(0, ids.GetArrayLength());
        await (await Client.PostJsonAsync("/api/v1/index/retrieve", "{\"hash\":\"sha384:abc\"}")).AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "hash");
    }
}

/// <summary>Bodies over the configured limit get 413 and change nothing.</summary>
public sealed class BodyLimitTests(SmallLimitServer fixture) : IClassFixture<SmallLimitServer>
{
    [Fact]
    public async Task A_body_over_the_limit_gets_413()
    {
        var client = fixture.Client;
        var before = await client.TreeSizeAsync();
        var body = "{\"kind\":\"hashedrekord\",\"apiVersion\":\"0.0.1\",\"spec\":{\"pad\":\"" + new string('x', 8192) + "\"}}";

        await (await client.PostJsonAsync("/api/v1/log/entries", body)).AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "Limit set to 4096");
        Assert.Equal(before, await client.TreeSizeAsync());
    }
}
