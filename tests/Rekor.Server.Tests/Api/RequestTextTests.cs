using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Rekor.Server.Tests.Api;

/// <summary>
/// JSON bodies whose text cannot be read safely (invalid UTF-8, lone surrogate escapes, nesting or value counts
/// beyond the limits) are a 400 on every POST endpoint, with Rekor's error body, and change nothing.
/// </summary>
public sealed class RequestTextTests(RunningServer server) : IClassFixture<RunningServer>
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "/api/v1/log/entries", "{\"kind\":" },
        { "/api/v1/log/entries/retrieve", "{\"entries\":[{\"kind\":" },
        { "/api/v1/index/retrieve", "{\"hash\":" },
    };

    public static TheoryData<string, byte[], string> UnreadableStrings()
    {
        var data = new TheoryData<string, byte[], string>();
        foreach (var (path, prefix) in new[] { ("/api/v1/log/entries", "{\"kind\":"), ("/api/v1/log/entries/retrieve", "{\"entries\":[{\"kind\":"), ("/api/v1/index/retrieve", "{\"hash\":") })
        {
            var close = path.EndsWith("entries/retrieve", StringComparison.Ordinal) ? "}]}" : "}";
            data.Add(path, Bytes(prefix, "\"\\ud800\"", close), "lone surrogate");
            data.Add(path, Bytes(prefix, "\"\\udfff\\ud800\"", close), "lone surrogate");
            data.Add(path, [.. Encoding.ASCII.GetBytes(prefix + "\""), 0xff, .. Encoding.ASCII.GetBytes("\"" + close)], "invalid UTF-8");
            data.Add(path, [.. Encoding.ASCII.GetBytes(prefix + "\""), 0xc0, 0x80, .. Encoding.ASCII.GetBytes("\"" + close)], "invalid UTF-8");
            data.Add(path, [.. Encoding.ASCII.GetBytes(prefix + "\"\\n"), 0xe2, 0x82, .. Encoding.ASCII.GetBytes("\"" + close)], "invalid UTF-8");
            data.Add(path, [.. Encoding.ASCII.GetBytes("{\""), 0xff, .. Encoding.ASCII.GetBytes("\":1}")], "invalid UTF-8");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(UnreadableStrings))]
    public async Task Unreadable_text_is_a_400_and_changes_nothing(string path, byte[] body, string problem)
    {
        var before = await server.Client.TreeSizeAsync();

        var response = await PostAsync(path, body);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, problem);
        Assert.Equal(before, await server.Client.TreeSizeAsync());
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Nesting_deeper_than_the_limit_is_a_400(string path, string prefix)
    {
        var deep = prefix + new string('[', 100) + new string(']', 100) + "}";
        await (await PostAsync(path, Encoding.ASCII.GetBytes(deep))).AssertErrorAsync(HttpStatusCode.BadRequest, "nests deeper than 64");
    }

    [Fact]
    public async Task A_body_denser_than_one_value_per_12_bytes_is_a_400()
    {
        var dense = "[" + string.Join(',', Enumerable.Repeat("0", 200_000)) + "]";
        await (await PostAsync("/api/v1/log/entries", Encoding.ASCII.GetBytes(dense))).AssertErrorAsync(HttpStatusCode.BadRequest, "tokens");
    }

    [Fact]
    public async Task A_huge_unknown_kind_is_described_not_echoed()
    {
        var kind = new string('k', 1_000_000);
        var response = await PostAsync("/api/v1/log/entries", Encoding.ASCII.GetBytes("{\"kind\":\"" + kind + "\",\"apiVersion\":\"0.0.1\",\"spec\":{}}"));

        await response.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "(a string of 1000002 bytes)");
        Assert.True(response.Content.Headers.ContentLength < 10_000, $"the error is {response.Content.Headers.ContentLength} bytes long");
    }

    private static byte[] Bytes(string prefix, string value, string close) => Encoding.UTF8.GetBytes(prefix + value + close);

    private async Task<HttpResponseMessage> PostAsync(string path, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await server.Client.PostAsync(new Uri(path, UriKind.Relative), content);
    }
}
