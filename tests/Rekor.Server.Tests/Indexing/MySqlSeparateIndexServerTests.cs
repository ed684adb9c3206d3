using System.Net;
using MySqlConnector;
using Rekor.Server.Tests.Api;
using Rekor.Server.Tests.Services;

namespace Rekor.Server.Tests.Indexing;

/// <summary>
/// The server with Rekor's EntryIndex in a MySQL database of its own (<c>--search_index.mysql.dsn</c>), fed from the
/// log's outbox: entries are found through the API, and the rows are exactly what Rekor writes (lowercased key, entry ID).
/// </summary>
public sealed class MySqlSeparateIndexServerTests : IAsyncLifetime, IDisposable
{
    private readonly SignedArtifacts _artifacts = new();
    private MariaDbInstance _database = null!;
    private string _indexDatabase = null!;
    private SeparateIndexServer _server = null!;

    public async Task InitializeAsync()
    {
        _database = await MariaDbInstance.SharedAsync();
        _indexDatabase = await _database.CreateDatabaseAsync("index");
        _server = new SeparateIndexServer(["--search_index.storage_provider", "mysql", "--search_index.mysql.dsn", _database.GoDsn(_indexDatabase)]);
        await _server.InitializeAsync();
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    public void Dispose()
    {
        _artifacts.Dispose();
        _server?.Dispose();
    }

    [Fact]
    public async Task Entries_are_found_through_rekors_entry_index_in_another_database()
    {
        var artifact = "separate index " + Guid.NewGuid();
        var created = await _server.Client.PostJsonAsync("/api/v1/log/entries", _artifacts.HashedRekord(artifact));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var uuid = (await created.JsonAsync()).EnumerateObject().First().Name;
        var digest = Convert.ToHexStringLower(SignedArtifacts.Digest(artifact));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var found = await (await _server.Client.PostJsonAsync("/api/v1/index/retrieve", $$"""{"hash":"sha256:{{digest.ToUpperInvariant()}}"}""")).JsonAsync();
            if (found.EnumerateArray().Any(e => e.GetString() == uuid))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the entry never reached the separate index:\n" + _server.Output);
            await Task.Delay(100);
        }

        await using var connection = new MySqlConnection(_database.ConnectionString(_indexDatabase).ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SELECT EntryUUID FROM EntryIndex WHERE EntryKey = BINARY @key", connection);
        command.Parameters.AddWithValue("@key", "sha256:" + digest);
        Assert.Equal(uuid, await command.ExecuteScalarAsync());
    }
}
