using System.Collections.Concurrent;
using Rekor.Server.Configuration;
using Rekor.Server.Storage;
using Rekor.Server.Storage.MySql;
using Rekor.Server.Storage.Sqlite;

namespace Rekor.Server.Tests.Services;

/// <summary>
/// Which store the log tests and the API tests run on: the embedded SQLite file (default), or MariaDB when
/// <c>REKOR_TEST_LOG_STORAGE=mysql</c> (the README's test command runs this project once each way). On MariaDB each
/// test directory stands for its own fresh database on the shared instance, so reopening "the same file" reopens the
/// same database, as it does on SQLite. With <c>REKOR_TEST_SEARCH_INDEX=redis</c> the servers also keep their search
/// index in Redis (a throwaway instance per server, as each has its own log), fed from the outbox, so the API suites
/// run on that path too.
/// </summary>
internal static class TestBackend
{
    public const string Variable = "REKOR_TEST_LOG_STORAGE";

    public const string IndexVariable = "REKOR_TEST_SEARCH_INDEX";

    private static readonly ConcurrentDictionary<string, Lazy<RedisInstance>> Redises = new();

    private static readonly ConcurrentDictionary<string, Lazy<string>> Databases = new();

    public static bool IsMySql => string.Equals(Environment.GetEnvironmentVariable(Variable), "mysql", StringComparison.OrdinalIgnoreCase);

    public static bool IsRedisIndex => string.Equals(Environment.GetEnvironmentVariable(IndexVariable), "redis", StringComparison.OrdinalIgnoreCase);

    /// <summary>The Go-driver DSN of the database that stands for <paramref name="directory"/> (created on first use).</summary>
    public static string DsnFor(string directory) => Databases.GetOrAdd(directory, _ => new Lazy<string>(() => Task.Run(async () =>
    {
        var server = await MariaDbInstance.SharedAsync();
        return server.GoDsn(await server.CreateDatabaseAsync("log"));
    }).GetAwaiter().GetResult())).Value;

    /// <summary>The log's store for a test directory (<paramref name="file"/> names the SQLite file).</summary>
    public static ILogStorage LogStorage(string directory, string file = "log.db") => IsMySql
        ? new MySqlLogStorage(GoMySqlDsn.Parse(DsnFor(Path.Combine(directory, file))), new MySqlPoolOptions(), keepsSearchIndex: true)
        : new SqliteLogStorage(Path.Combine(directory, file));

    /// <summary>Runs <paramref name="sql"/> on the database of <see cref="LogStorage"/> directly, bypassing the store (to set up what an older server left).</summary>
    public static async Task ExecuteOnLogDatabaseAsync(string directory, string sql, string file = "log.db")
    {
        System.Data.Common.DbConnection connection = IsMySql
            ? new MySqlConnector.MySqlConnection(GoMySqlDsn.Parse(DsnFor(Path.Combine(directory, file))).Builder.ConnectionString)
            : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(directory, file)};Pooling=False");
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// How a server process is told to use this backend for the log in <paramref name="dataDirectory"/>: rekor-server's
    /// flags, as a deployment adds them (the chart's <c>server.extraArgs</c>). Invariant: every value is a flag, never
    /// a <c>--Rekor:Option</c> key, so the last occurrence on a command line wins over the chart's own flags.
    /// </summary>
    public static string[] ServerArguments(string dataDirectory)
    {
        var arguments = new List<string>();
        if (IsMySql)
        {
            arguments.AddRange(["--log_storage.provider", "mysql", "--log_storage.mysql.dsn", DsnFor(Path.Combine(dataDirectory, "rekor.db"))]);
        }

        if (IsRedisIndex)
        {
            var redis = RedisFor(dataDirectory);
            arguments.AddRange([
                "--search_index.storage_provider", "redis",
                "--redis_server.address", "127.0.0.1",
                "--redis_server.port", redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--redis_server.password", redis.Password]);
        }

        return [.. arguments];
    }

    /// <summary>The same as configuration keys, for a server hosted in memory (translated by the server's own command line reader).</summary>
    public static Dictionary<string, string?> ServerSettings(string dataDirectory)
    {
        var translated = RekorCommandLine.Translate(ServerArguments(dataDirectory), FlagSources.None);
        if (translated.Problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", translated.Problems));
        }

        return translated.Settings;
    }

    /// <summary>The Redis instance of the server in <paramref name="directory"/> (started on first use, killed when the test process exits).</summary>
    private static RedisInstance RedisFor(string directory) =>
        Redises.GetOrAdd(directory, _ => new Lazy<RedisInstance>(() => Task.Run(() => RedisInstance.StartAsync()).GetAwaiter().GetResult())).Value;

    /// <summary>Stops what this backend started for the server in <paramref name="dataDirectory"/> (its Redis); the server's owner calls it on dispose.</summary>
    public static async Task ReleaseAsync(string dataDirectory)
    {
        if (Redises.TryRemove(dataDirectory, out var redis) && redis.IsValueCreated)
        {
            await redis.Value.DisposeAsync();
        }
    }

    /// <summary>How the crash harness names its store: a SQLite path, or <c>mysql:</c> and a DSN.</summary>
    public static string HarnessStore(string directory, string file) => IsMySql ? "mysql:" + DsnFor(Path.Combine(directory, file)) : Path.Combine(directory, file);

    /// <summary>Runs one statement on the log database of a test directory, in the backend's dialect (to tamper with it).</summary>
    public static async Task ExecuteAsync(string directory, string sqliteStatement, string mySqlStatement, string file = "log.db")
    {
        if (IsMySql)
        {
            await using var connection = new MySqlConnector.MySqlConnection(GoMySqlDsn.Parse(DsnFor(Path.Combine(directory, file))).Builder.ConnectionString);
            await connection.OpenAsync();
            await using var command = new MySqlConnector.MySqlCommand(mySqlStatement, connection);
            await command.ExecuteNonQueryAsync();
            return;
        }

        await using var sqlite = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + Path.Combine(directory, file));
        await sqlite.OpenAsync();
        await using var sqliteCommand = sqlite.CreateCommand();
        sqliteCommand.CommandText = sqliteStatement;
        await sqliteCommand.ExecuteNonQueryAsync();
    }
}
