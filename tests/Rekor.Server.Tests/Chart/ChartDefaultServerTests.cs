using System.Net;
using System.Text.Json;
using Rekor.Server.Tests.Api;

namespace Rekor.Server.Tests.Chart;

/// <summary>The server starts unchanged under the chart's default arguments and serves the tree the chart names.</summary>
public sealed class ChartDefaultServerTests(ChartDefaultServer server) : IClassFixture<ChartDefaultServer>
{
    [Fact]
    public async Task It_serves_the_charts_tree_and_reports_the_ignored_flags_once()
    {
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync(new Uri("/ping", UriKind.Relative))).StatusCode);

        var log = await (await server.Client.GetAsync(new Uri("/api/v1/log", UriKind.Relative))).JsonAsync();
        Assert.Equal(ChartArguments.TreeId.ToString(System.Globalization.CultureInfo.InvariantCulture), log.GetProperty("treeID").GetString());

        using var artifacts = new SignedArtifacts();
        var artifact = "chart " + Guid.NewGuid();
        var created = await server.Client.PostJsonAsync("/api/v1/log/entries", artifacts.HashedRekord(artifact));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var uuid = Assert.Single((await created.JsonAsync()).EnumerateObject()).Name;
        Assert.StartsWith(ChartArguments.TreeId.ToString("x16", System.Globalization.CultureInfo.InvariantCulture), uuid, StringComparison.Ordinal);

        var byHash = await (await server.Client.PostJsonAsync("/api/v1/index/retrieve",
            JsonSerializer.Serialize(new { hash = "sha256:" + Convert.ToHexStringLower(SignedArtifacts.Digest(artifact)) }))).JsonAsync();
        Assert.Equal([uuid], byHash.EnumerateArray().Select(e => e.GetString()));

        var ignoredLines = server.Output.Split('\n').Where(line => line.Contains("Flags accepted and ignored", StringComparison.Ordinal)).ToList();
        var ignored = Assert.Single(ignoredLines);
        Assert.Contains("--trillian_log_server.address, --trillian_log_server.port", ignored, StringComparison.Ordinal);
        Assert.DoesNotContain("trillian-logserver.trillian-system", server.Output, StringComparison.Ordinal);
    }
}
