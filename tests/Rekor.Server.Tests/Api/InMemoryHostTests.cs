using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Rekor.Core.Verification;
using Rekor.Server.Hosting;

namespace Rekor.Server.Tests.Api;

/// <summary>
/// The server hosted in memory (<see cref="WebApplicationFactory{TEntryPoint}"/>), with a fresh data directory. The
/// factory runs Rekor.Server's entry point; it is named by one of its public types because the crash harness's
/// <c>Program</c> is visible here too.
/// </summary>
public sealed class InMemoryRekor : WebApplicationFactory<LogHost>
{
    private readonly TemporaryDirectory _directory = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // App configuration, not UseSetting: host settings reach the entry point as arguments, which it checks strictly.
        var settings = Rekor.Server.Tests.Services.TestBackend.ServerSettings(_directory.Path);
        settings["Rekor:DataDirectory"] = _directory.Path;
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Rekor.Server.Tests.Services.TestBackend.ReleaseAsync(_directory.Path).GetAwaiter().GetResult();
            _directory.Dispose();
        }
    }
}

/// <summary>The API through the in-memory host: the same options, services and pipeline as the process, no sockets.</summary>
public sealed class InMemoryHostTests(InMemoryRekor rekor) : IClassFixture<InMemoryRekor>
{
    [Fact]
    public async Task Log_info_answers()
    {
        using var client = rekor.CreateClient();

        var info = await (await client.GetAsync("/api/v1/log")).JsonAsync();

        Assert.True(info.GetProperty("treeSize").GetInt64() >= 0);
        Assert.Equal(64, info.GetProperty("rootHash").GetString()!.Length);
    }

    [Fact]
    public async Task A_hashedrekord_is_created_and_found_by_its_entry_id()
    {
        using var client = rekor.CreateClient();
        using var artifacts = new SignedArtifacts();

        var proposed = artifacts.HashedRekord("in memory");

        var created = await client.PostJsonAsync("/api/v1/log/entries", proposed);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var entryId = created.Headers.GetValues("ETag").Single();
        Assert.True(EntryId.TryParse(entryId, out _));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/log/entries/" + entryId)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostJsonAsync("/api/v1/log/entries", proposed)).StatusCode);
    }

    [Fact]
    public async Task The_in_memory_host_never_serves_metrics_on_the_api()
    {
        using var client = rekor.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
    }
}
