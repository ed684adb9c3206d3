using System.Diagnostics;
using MySqlConnector;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Rekor.Server.Tests.Services;

/// <summary>
/// The throwaway servers work as the backend tests need them: MariaDB keeps a committed row (with non-ASCII text)
/// across a clean restart and a kill; Redis refuses commands while stopped and serves again, empty, on the same port.
/// </summary>
public sealed class ServiceInstanceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task MariaDb_keeps_a_committed_utf8mb4_row_across_a_restart_and_a_kill()
    {
        var clock = Stopwatch.StartNew();
        await using var mariaDb = await MariaDbInstance.StartAsync(CancellationToken.None);
        output.WriteLine($"mariadb started in {clock.ElapsedMilliseconds} ms on port {mariaDb.Port}");
        var database = await mariaDb.CreateDatabaseAsync("service_test");
        Assert.StartsWith("service_test_", database, StringComparison.Ordinal);
        Assert.NotEqual(database, await mariaDb.CreateDatabaseAsync("service_test"));
        Assert.Equal($"rekor:{mariaDb.Password}@tcp(127.0.0.1:{mariaDb.Port})/{database}?parseTime=true&interpolateParams=true", mariaDb.GoDsn(database));

        var text = "sigstore \u00e9\u00e8 \U0001F510";
        var connectionString = new MySqlConnectionStringBuilder
        {
            Server = "127.0.0.1",
            Port = (uint)mariaDb.Port,
            UserID = mariaDb.User,
            Password = mariaDb.Password,
            Database = database,
            Pooling = false,
        }.ConnectionString;
        await ExecuteAsync(connectionString, "CREATE TABLE entries (id BIGINT PRIMARY KEY, body VARCHAR(200) NOT NULL) ENGINE=InnoDB CHARSET=utf8mb4");
        await ExecuteAsync(connectionString, "INSERT INTO entries VALUES (1, @body)", text);
        Assert.Equal(text, await ReadBodyAsync(connectionString));

        clock.Restart();
        await mariaDb.StopAsync();
        await Assert.ThrowsAsync<MySqlException>(() => ReadBodyAsync(connectionString));
        await mariaDb.StartAgainAsync();
        output.WriteLine($"mariadb stopped and started again in {clock.ElapsedMilliseconds} ms");
        Assert.Equal(text, await ReadBodyAsync(connectionString));

        await ExecuteAsync(connectionString, "INSERT INTO entries VALUES (2, @body)", text);
        clock.Restart();
        await mariaDb.KillAsync();
        await mariaDb.StartAgainAsync();
        output.WriteLine($"mariadb killed and started again in {clock.ElapsedMilliseconds} ms");
        Assert.Equal(2L, await ScalarAsync(connectionString, "SELECT COUNT(*) FROM entries"));
    }

    [Fact]
    public async Task The_shared_MariaDb_is_one_server_that_makes_databases()
    {
        var clock = Stopwatch.StartNew();
        var shared = await MariaDbInstance.SharedAsync();
        output.WriteLine($"shared mariadb ready in {clock.ElapsedMilliseconds} ms");
        Assert.Same(shared, await MariaDbInstance.SharedAsync());
        clock.Restart();
        var database = await shared.CreateDatabaseAsync("shared");
        output.WriteLine($"database created in {clock.ElapsedMilliseconds} ms");
        Assert.Equal(database, await ScalarAsync(shared.ConnectionString(database).ConnectionString, "SELECT DATABASE()"));
    }

    [Fact]
    public void An_external_dsn_gives_its_user_password_host_and_port()
    {
        var external = MariaDbInstance.FromGoDsn("root:p@ss:w@rd@tcp(db.example:3307)/");
        Assert.Equal(("root", "p@ss:w@rd", "db.example", 3307), (external.User, external.Password, external.Host, external.Port));
        Assert.Null(external.SocketPath);
    }

    [Fact]
    public async Task Redis_fails_commands_while_stopped_and_serves_again_on_the_same_port()
    {
        var clock = Stopwatch.StartNew();
        await using var redis = await RedisInstance.StartAsync();
        output.WriteLine($"redis started in {clock.ElapsedMilliseconds} ms on port {redis.Port}");
        var options = new ConfigurationOptions
        {
            EndPoints = { redis.EndPoint },
            Password = redis.Password,
            BacklogPolicy = BacklogPolicy.FailFast,
            AbortOnConnectFail = false,
            ConnectTimeout = 2000,
            SyncTimeout = 2000,
            AsyncTimeout = 2000,
        };
        await using (var client = await ConnectionMultiplexer.ConnectAsync(options))
        {
            var db = client.GetDatabase();
            Assert.True(await db.StringSetAsync("key", "value"));
            Assert.Equal("value", (string?)await db.StringGetAsync("key"));

            await redis.StopAsync();
            await Assert.ThrowsAnyAsync<RedisException>(() => db.StringGetAsync("key"));

            clock.Restart();
            await redis.StartAgainAsync();
            output.WriteLine($"redis started again in {clock.ElapsedMilliseconds} ms");
        }

        await using var fresh = await ConnectionMultiplexer.ConnectAsync(options);
        var again = fresh.GetDatabase();
        Assert.False((await again.StringGetAsync("key")).HasValue, "nothing is saved across a restart");
        Assert.True(await again.StringSetAsync("key", "again"));
        Assert.Equal("again", (string?)await again.StringGetAsync("key"));

        var wrongPassword = options.Clone();
        wrongPassword.Password = "wrong";
        await using var refused = await ConnectionMultiplexer.ConnectAsync(wrongPassword);
        Assert.False(refused.IsConnected);
    }

    private static async Task ExecuteAsync(string connectionString, string sql, string? body = null)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        if (body is not null)
        {
            command.Parameters.AddWithValue("@body", body);
        }

        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task<string?> ReadBodyAsync(string connectionString) =>
        (string?)await ScalarAsync(connectionString, "SELECT body FROM entries WHERE id = 1");
}
