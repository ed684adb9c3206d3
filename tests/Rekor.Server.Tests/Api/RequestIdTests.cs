namespace Rekor.Server.Tests.Api;

/// <summary>A client's X-Request-Id is echoed only when it is a short plain token; otherwise the server assigns its own.</summary>
public sealed class RequestIdTests(RunningServer server) : IClassFixture<RunningServer>
{
    [Theory]
    [InlineData("abc-123")]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData("trace:span.1_2")]
    public async Task A_plain_token_is_echoed(string id) => Assert.Equal(id, await EchoedAsync(id));

    [Theory]
    [InlineData(129)]
    [InlineData(8000)]
    public async Task A_long_id_is_replaced(int length)
    {
        var echoed = await EchoedAsync(new string('a', length));
        Assert.Matches("^[0-9a-f]{32}$", echoed);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("quote\"d")]
    [InlineData("<script>")]
    [InlineData("tab\there")]
    public async Task An_id_with_other_characters_is_replaced(string id) => Assert.Matches("^[0-9a-f]{32}$", await EchoedAsync(id));

    private async Task<string> EchoedAsync(string id)
    {
        var answer = await RawHttp.SendAsync(server.Port, RawHttp.Request($"GET /ping HTTP/1.1\nHost: x\nX-Request-Id: {id}\n\n"));
        Assert.Equal(200, answer.Status);
        return answer.Header("X-Request-Id");
    }
}
