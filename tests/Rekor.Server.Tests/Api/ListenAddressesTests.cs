using Microsoft.Extensions.Configuration;
using Rekor.Server.Configuration;

namespace Rekor.Server.Tests.Api;

/// <summary>
/// Where the API listens when rekor-server's flags and ASP.NET Core's settings meet: Rekor's flags win, then
/// <c>urls</c>, then <c>http_ports</c>, then 127.0.0.1:3000.
/// </summary>
public sealed class ListenAddressesTests
{
    [Fact]
    public void Without_settings_the_api_is_on_loopback_3000()
    {
        var (api, ignored, problems) = Resolve([]);

        Assert.Equal([new ApiEndpoint("127.0.0.1", 3000)], api);
        Assert.Null(ignored);
        Assert.Empty(problems);
    }

    [Fact]
    public void Urls_are_used_when_rekor_flags_are_not_given()
    {
        var (api, _, problems) = Resolve(new() { ["urls"] = "http://*:8080; http://localhost:8081;http://[::1]:8082", ["http_ports"] = "9999" });

        Assert.Equal([new ApiEndpoint("*", 8080), new ApiEndpoint("localhost", 8081), new ApiEndpoint("::1", 8082)], api);
        Assert.Empty(problems);
    }

    [Fact]
    public void Http_ports_listen_on_every_interface()
    {
        var (api, _, _) = Resolve(new() { ["http_ports"] = "8080" });

        Assert.Equal([new ApiEndpoint("*", 8080)], api);
    }

    [Theory]
    [InlineData("Rekor:Port", "4000")]
    [InlineData("Rekor:Address", "0.0.0.0")]
    public void Rekor_flags_win_over_urls_and_say_what_was_ignored(string key, string value)
    {
        var (api, ignored, problems) = Resolve(new() { ["urls"] = "http://*:8080", [key] = value });

        var endpoint = Assert.Single(api);
        Assert.NotEqual(8080, endpoint.Port);
        Assert.Equal("http://*:8080", ignored);
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("https://*:8443", "no TLS")]
    [InlineData("http://example.com:8080", "must be an IP address")]
    [InlineData("http://*:2112", "metrics port")]
    public void Urls_this_server_cannot_honour_are_problems(string urls, string problem)
    {
        var (_, _, problems) = Resolve(new() { ["urls"] = urls });

        Assert.Contains(problems, p => p.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void The_default_data_directory_does_not_depend_on_the_working_directory()
    {
        Assert.True(Path.IsPathRooted(RekorServerOptions.DefaultDataDirectory), RekorServerOptions.DefaultDataDirectory);
        Assert.Equal("rekor", Path.GetFileName(RekorServerOptions.DefaultDataDirectory));
    }

    private static (IReadOnlyList<ApiEndpoint> Api, string? Ignored, IReadOnlyList<string> Problems) Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = configuration.GetSection(RekorServerOptions.Section).Get<RekorServerOptions>() ?? new RekorServerOptions();
        return ListenAddresses.Resolve(configuration, options);
    }
}
