using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Rekor.Core.Signing;
using Rekor.Server.Log;
using Rekor.Server.Log.Tiles;
using Rekor.Server.Storage.Sqlite;

namespace Rekor.Bench;

/// <summary>
/// A large log as a server meets it: builds a SQLite log of <c>--size</c> real hashedrekord entries (distinct digests,
/// each really signed) through the sequencer into <c>--data DIR</c> (kept, and reused by a later run of the same size
/// or less), then starts the real server process on it and reports start-up time to the first answer, resident
/// memory, and under a paced load (<c>--rate</c> requests/s for <c>--seconds</c>×20): entries by random index (each
/// with its inclusion proof) and consistency proofs between random sizes, p50/p99/max; then entries by index in a
/// closed loop of 64 connections. Server and load share the machine.
/// </summary>
internal static class LargeLogBenchmarks
{
    private const int BuildClients = 256;

    public static async Task RunAsync(BenchOptions options)
    {
        var data = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), $"rekor-large-{options.TreeSize}");
        Directory.CreateDirectory(data);
        await BuildAsync(data, options.TreeSize);

        var server = Path.Combine("Rekor.Server", "bin", "Release", "net10.0", "Rekor.Server.dll");
        if (!File.Exists(server))
        {
            throw new FileNotFoundException("build the server first: dotnet build Rekor.Server -c Release", server);
        }

        var port = FreePort();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(new ProcessStartInfo("dotnet", [server, "--data_directory", data, "--port", port.ToString(CultureInfo.InvariantCulture), "--metrics_port", FreePort().ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("couldn't start the server");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            var size = await WaitForLogAsync(client, process);
            var startup = clock.Elapsed;
            Console.WriteLine($"large log: {size:N0} entries in {data}");
            Console.WriteLine($"  start-up to the first answer of /api/v1/log: {startup.TotalSeconds:F2} s (process start included); RSS {Rss(process) / 1048576.0:F0} MB");
            var seconds = options.SecondsPerRun * 20;
            var random = new Random(11);
            Report("entries by index (with inclusion proof)", await PacedAsync(client, () => $"/api/v1/log/entries?logIndex={random.NextInt64(size)}", options.Rate, seconds));
            Report("consistency proofs", await PacedAsync(client, () => $"/api/v1/log/proof?firstSize={1 + random.NextInt64(size - 1)}&lastSize={size}", options.Rate, seconds));
            var (count, elapsed) = await ClosedLoopAsync(client, () => $"/api/v1/log/entries?logIndex={random.NextInt64(size)}", 64, seconds);
            Console.WriteLine($"  entries by index, 64 connections closed loop: {count / elapsed:N0}/s");
            Console.WriteLine($"  RSS after the reads: {Rss(process) / 1048576.0:F0} MB");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Appends real entries until the log holds <paramref name="size"/> (a log already that large is used as it is).</summary>
    private static async Task BuildAsync(string data, long size)
    {
        var keyPath = Path.Combine(data, "signing-key.pem");
        if (!File.Exists(keyPath))
        {
            using var generated = EcdsaLogSigner.Generate();
            await LogSigningKeyFile.WriteAsync(keyPath, generated, null, CancellationToken.None);
        }

        var logKey = await LogSigningKeyFile.LoadAsync(keyPath, null, CancellationToken.None);
        await using var storage = new SqliteLogStorage(Path.Combine(data, "rekor.db"));
        await using var log = await TransparencyLog.OpenAsync(storage, new LogIdentity("127.0.0.1", logKey), new SequencerOptions(), new TileCache(), CancellationToken.None);
        var have = log.Sequencer.CommittedHead.Size;
        if (have >= size)
        {
            return;
        }

        using var submitter = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicKey = Convert.ToBase64String(Encoding.UTF8.GetBytes(submitter.ExportSubjectPublicKeyInfoPem() + "\n"));
        var next = have - 1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, BuildClients).Select(_ => Task.Run(async () =>
        {
            long n;
            while ((n = Interlocked.Increment(ref next)) < size)
            {
                var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"large log entry {n}"));
                var signature = Convert.ToBase64String(submitter.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence));
                var body = "{\"apiVersion\":\"0.0.1\",\"kind\":\"hashedrekord\",\"spec\":{\"data\":{\"hash\":{\"algorithm\":\"sha256\",\"value\":\""
                    + Convert.ToHexStringLower(digest) + "\"}},\"signature\":{\"content\":\"" + signature + "\",\"publicKey\":{\"content\":\"" + publicKey + "\"}}}}";
                AppendOutcome outcome;
                while ((outcome = await log.Sequencer.AppendAsync(Encoding.UTF8.GetBytes(body), ["sha256:" + Convert.ToHexStringLower(digest)], CancellationToken.None)).Status == AppendStatus.Pushback)
                {
                    await Task.Delay(1);
                }

                if (n % 1_000_000 == 0 && n > have)
                {
                    Console.WriteLine($"  building: {n:N0} entries, {(n - have) / clock.Elapsed.TotalSeconds:N0}/s");
                }
            }
        })));
        Console.WriteLine($"  built {size - have:N0} entries in {clock.Elapsed.TotalSeconds:F0} s ({(size - have) / clock.Elapsed.TotalSeconds:N0}/s)");
    }

    private static async Task<long> WaitForLogAsync(HttpClient client, Process process)
    {
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("the server exited at start-up");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/api/v1/log", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    using var info = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    return info.RootElement.GetProperty("treeSize").GetInt64();
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Requests sent at <paramref name="rate"/>/s; latency is measured from each request's scheduled time (no coordinated omission).</summary>
    private static async Task<double[]> PacedAsync(HttpClient client, Func<string> path, int rate, double seconds)
    {
        var total = (int)(rate * seconds);
        var latencies = new double[total];
        var clock = Stopwatch.StartNew();
        var pending = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var index = i;
            var uri = new Uri(path(), UriKind.Relative);
            pending.Add(Task.Run(async () =>
            {
                using var response = await client.GetAsync(uri);
                await response.Content.CopyToAsync(Stream.Null);
                latencies[index] = response.StatusCode == HttpStatusCode.OK ? (clock.Elapsed - due).TotalMilliseconds : double.PositiveInfinity;
            }));
        }

        await Task.WhenAll(pending);
        Array.Sort(latencies);
        return latencies;
    }

    private static async Task<(long Count, double Seconds)> ClosedLoopAsync(HttpClient client, Func<string> path, int connections, double seconds)
    {
        var count = 0L;
        var clock = Stopwatch.StartNew();
        var gate = new object();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                Uri uri;
                lock (gate)
                {
                    uri = new Uri(path(), UriKind.Relative);
                }

                using var response = await client.GetAsync(uri);
                await response.Content.CopyToAsync(Stream.Null);
                Interlocked.Increment(ref count);
            }
        })));
        return (count, clock.Elapsed.TotalSeconds);
    }

    private static void Report(string name, double[] sorted) =>
        Console.WriteLine($"  {name}: {sorted.Length:N0} requests, p50 {sorted[sorted.Length / 2]:F2} ms, p99 {sorted[(int)(sorted.Length * 0.99)]:F2} ms, max {sorted[^1]:F2} ms"
            + (double.IsPositiveInfinity(sorted[^1]) ? $" ({sorted.Count(double.IsPositiveInfinity)} not 200)" : string.Empty));

    private static long Rss(Process process) =>
        File.ReadLines($"/proc/{process.Id}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024).Single();

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
