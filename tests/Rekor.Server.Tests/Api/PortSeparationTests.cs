using System.Net;
using System.Text.RegularExpressions;

namespace Rekor.Server.Tests.Api;

/// <summary>
/// The port a request arrived on decides what it reaches: the API port never serves metrics, whatever the Host
/// header says, and the metrics port serves nothing but <c>/metrics</c>. Metric labels take a bounded set of values.
/// </summary>
public sealed partial class PortSeparationTests(RunningServer server) : IClassFixture<RunningServer>
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:{metrics}")]
    [InlineData("localhost:{metrics}")]
    public async Task The_api_port_never_serves_metrics(string host)
    {
        var answer = await RawHttp.SendAsync(server.Port, RawHttp.Request(
            $"GET /metrics HTTP/1.1\nHost: {host.Replace("{metrics}", server.MetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)}\n\n"));

        Assert.Equal(404, answer.Status);
        Assert.DoesNotContain("# TYPE", answer.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/log")]
    [InlineData("/")]
    [InlineData("/ping")]
    [InlineData("/api/v1/log/publicKey")]
    public async Task The_metrics_port_serves_only_metrics(string path)
    {
        using var client = new HttpClient();
        var response = await client.GetAsync(new Uri($"http://127.0.0.1:{server.MetricsPort}{path}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"http://127.0.0.1:{server.MetricsPort}/metrics"))).StatusCode);
    }

    [Fact]
    public async Task Invented_methods_add_no_metric_series()
    {
        for (var i = 0; i < 50; i++)
        {
            var answer = await RawHttp.SendAsync(server.Port, RawHttp.Request($"INVENTED{i} /api/v1/log HTTP/1.1\nHost: x\n\n"));
            Assert.Equal(405, answer.Status);
        }

        using var client = new HttpClient();
        var text = await client.GetStringAsync(new Uri($"http://127.0.0.1:{server.MetricsPort}/metrics"));
        Assert.DoesNotContain("INVENTED", text, StringComparison.Ordinal);
        Assert.Contains("method=\"_OTHER\"", text, StringComparison.Ordinal);
        Assert.Contains("http_request_method=\"_OTHER\"", text, StringComparison.Ordinal); // ASP.NET Core's own instruments too
        var methods = MethodLabel().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.All(methods, m => Assert.Contains(m, KnownMethodLabels));
    }

    private static readonly string[] KnownMethodLabels = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "_OTHER"];

    [GeneratedRegex("method=\"([^\"]*)\"")]
    private static partial Regex MethodLabel();
}
