using System.Diagnostics;
using MySqlConnector;
using Rekor.Core.Signing;
using Rekor.Server.Log;
using Rekor.Server.Log.Tiles;
using Rekor.Server.Storage;
using Rekor.Server.Storage.MySql;
using Rekor.Server.Storage.Sqlite;

namespace Rekor.Bench;

/// <summary>
/// The write path's store compared in one run: appends per second and append latency (p50, p99) through the
/// sequencer (SETs and checkpoints signed, durable commits) into SQLite, into MariaDB/MySQL with one writer, and into
/// one MariaDB database with three writers (three sequencers, each with its own connection pool, taking turns on the
/// head's row lock as three server replicas do). Needs a MySQL server: <c>--mysql-dsn</c> or REKOR_BENCH_MYSQL_DSN, a
/// Go-driver DSN whose user may create databases (bench/with-mariadb.sh starts a throwaway MariaDB and sets it).
/// </summary>
internal static class StorageBenchmarks
{
    private const int DefaultClients = 64;

    public static async Task RunAsync(BenchOptions options)
    {
        var dsn = options.MySqlDsn ?? Environment.GetEnvironmentVariable("REKOR_BENCH_MYSQL_DSN")
            ?? throw new InvalidOperationException("the storage suite needs a MySQL server: pass --mysql-dsn or run it under bench/with-mariadb.sh");
        using var signer = EcdsaLogSigner.Generate();
        var sequencer = new SequencerOptions(); // the server's defaults
        Console.WriteLine($"appends through the sequencer, {options.Appends:N0} per store, {DefaultClients} concurrent clients, default batching");
        Console.WriteLine($"{"store",-44} {"appends/s",10} {"p50 ms",8} {"p99 ms",8} {"x sqlite",9}");

        var directory = Directory.CreateTempSubdirectory("rekor-bench-");
        Result sqlite;
        try
        {
            sqlite = await AppendAsync([new SqliteLogStorage(Path.Combine(directory.FullName, "log.db"))], signer, sequencer, options.Appends);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }

        Print("sqlite (synchronous=FULL)", sqlite, sqlite);
        var server = GoMySqlDsn.Parse(dsn);
        foreach (var writers in new[] { 1, 3 })
        {
            var database = $"rekor_bench_{Guid.NewGuid():N}"[..24];
            await ExecuteAsync(server, $"CREATE DATABASE {database} CHARACTER SET utf8mb4");
            try
            {
                var at = GoMySqlDsn.Parse(dsn[..(dsn.LastIndexOf('/') + 1)] + database);
                var stores = Enumerable.Range(0, writers).Select(_ => (ILogStorage)new MySqlLogStorage(at, new MySqlPoolOptions(), keepsSearchIndex: true)).ToList();
                var result = await AppendAsync(stores, signer, sequencer, options.Appends);
                Print($"mysql, {writers} writer{(writers == 1 ? string.Empty : "s (replicas)")} on one database", result, sqlite);
            }
            finally
            {
                await ExecuteAsync(server, $"DROP DATABASE {database}");
            }
        }
    }

    private static void Print(string name, Result result, Result sqlite) =>
        Console.WriteLine($"{name,-44} {result.Rate,10:N0} {result.P50,8:F1} {result.P99,8:F1} {result.Rate / sqlite.Rate,9:F2}");

    /// <summary>Opens one log per store (the first creates the tree, the others join it) and spreads the clients over them.</summary>
    internal static async Task<Result> AppendAsync(List<ILogStorage> stores, ILogSigner signer, SequencerOptions options, int total, int clients = DefaultClients)
    {
        var logs = new List<TransparencyLog>();
        try
        {
            foreach (var store in stores)
            {
                logs.Add(await TransparencyLog.OpenAsync(store, new LogIdentity("bench.rekor", signer), options, new TileCache(), CancellationToken.None));
            }

            var latencies = new double[total];
            var next = -1;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
            {
                var log = logs[client % logs.Count];
                int n;
                while ((n = Interlocked.Increment(ref next)) < total)
                {
                    // About the size of a hashedrekord body with a certificate.
                    var leaf = System.Text.Encoding.UTF8.GetBytes($"{{\"apiVersion\":\"0.0.1\",\"kind\":\"bench\",\"n\":{n},\"run\":\"{Guid.NewGuid()}\"}}" + new string('x', 700));
                    var started = Stopwatch.GetTimestamp();
                    AppendOutcome outcome;
                    while ((outcome = await log.Sequencer.AppendAsync(leaf, ["sha256:" + n], CancellationToken.None)).Status == AppendStatus.Pushback)
                    {
                        await Task.Delay(1);
                    }

                    if (outcome.Status != AppendStatus.Appended)
                    {
                        throw new InvalidOperationException($"append {n} was {outcome.Status}");
                    }

                    latencies[n] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            })));
            var rate = total / clock.Elapsed.TotalSeconds;
            Array.Sort(latencies);
            return new Result(rate, latencies[total / 2], latencies[(int)(total * 0.99)]);
        }
        finally
        {
            foreach (var log in logs)
            {
                await log.DisposeAsync();
            }

            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    private static async Task ExecuteAsync(GoMySqlDsn server, string statement)
    {
        var builder = new MySqlConnectionStringBuilder(server.Builder.ConnectionString) { Database = string.Empty };
        await using var connection = new MySqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(statement, connection);
        await command.ExecuteNonQueryAsync();
    }

    internal readonly record struct Result(double Rate, double P50, double P99);
}
