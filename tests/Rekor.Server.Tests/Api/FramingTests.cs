using System.Text;

namespace Rekor.Server.Tests.Api;

/// <summary>
/// The host's own verdicts on a body's framing keep their status once the API reads the body: malformed chunking
/// and a body shorter than declared are 400, a body that trickles in below the minimum data rate is 408, each with
/// Rekor's error body, never a 500.
/// </summary>
public sealed class FramingTests(RunningServer server) : IClassFixture<RunningServer>
{
    [Theory]
    [InlineData("/api/v1/log/entries", "zz")]
    [InlineData("/api/v1/log/entries", "ffffffffffffffffff")]
    [InlineData("/api/v1/log/entries/retrieve", "ffffffffffffffffff")]
    [InlineData("/api/v1/index/retrieve", "-1")]
    [InlineData("/api/v1/log/entries", "2\r\n{}xx")]
    public async Task Malformed_chunked_framing_is_a_400(string path, string chunkSize)
    {
        var answer = await RawHttp.SendAsync(server.Port, RawHttp.Request(
            $"POST {path} HTTP/1.1\nHost: x\nContent-Type: application/json\nTransfer-Encoding: chunked\n\n", chunkSize + "\r\n{}\r\n0\r\n\r\n"));

        Assert.Equal(400, answer.Status);
        Assert.Equal("application/json", answer.Header("Content-Type"));
        Assert.Contains("\"code\":400", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_trickles_below_the_minimum_rate_is_a_408()
    {
        // Kestrel's default minimum is 240 bytes/s after a 5 s grace period; one byte a second falls below it.
        var answer = await RawHttp.SendAsync(
            server.Port,
            RawHttp.Request("POST /api/v1/log/entries HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: 5000\n\n", "{"),
            Enumerable.Range(0, 12).Select(_ => Encoding.ASCII.GetBytes(" ")));

        Assert.Equal(408, answer.Status);
        Assert.Contains("\"code\":408", answer.Body, StringComparison.Ordinal);
        Assert.Contains("too slowly", answer.Body, StringComparison.Ordinal);
    }
}
