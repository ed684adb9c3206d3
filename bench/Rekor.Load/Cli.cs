using System.CommandLine;
using System.Globalization;

namespace Rekor.Load;

/// <summary>
/// The command line: <c>write</c> and <c>read</c>, with the options both share. Turns a parse into a
/// <see cref="LoadOptions"/>, runs it, prints the report, and exits 0 only when the report passed (2 on a bad run:
/// an unreachable server, an empty log).
/// </summary>
internal static class Cli
{
    private static readonly Option<Uri> Url = new("--url")
    {
        Description = "The log's base URL.",
        DefaultValueFactory = _ => new Uri("http://127.0.0.1:3000"),
        CustomParser = result =>
        {
            if (Uri.TryCreate(result.Tokens[0].Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                return uri;
            }

            result.AddError("--url must be an absolute http:// or https:// URL");
            return null;
        },
    };
    private static readonly Option<int> Connections = new("--connections", "-c") { Description = "Keep-alive HTTP/1.1 connections: the closed loop's senders, the open loop's pool limit.", DefaultValueFactory = _ => 64 };
    private static readonly Option<string> Transport = new("--transport") { Description = "raw: plain sockets, prepared request bytes (cheapest, http:// only); http: .NET's HttpClient.", DefaultValueFactory = _ => "raw" };
    private static readonly Option<double> Rate = new("--rate") { Description = "Open loop at this many requests/s (latency from the intended send time); 0 = closed loop." };
    private static readonly Option<double?> Seconds = new("--seconds", "-s") { Description = "Length of the measured window [default: 10, or no time limit with --requests]." };
    private static readonly Option<long> Requests = new("--requests", "-n") { Description = "Stop after this many measured requests (0 = no count limit)." };
    private static readonly Option<double> Warmup = new("--warmup") { Description = "Seconds of unmeasured traffic first (JIT, connections).", DefaultValueFactory = _ => 1 };
    private static readonly Option<double> TimeoutSeconds = new("--timeout") { Description = "Seconds before a request counts as a transport error.", DefaultValueFactory = _ => 30 };
    private static readonly Option<int?> ServerPid = new("--server-pid") { Description = "The server's process ID: report its CPU per request and memory (a `dotnet run` PID is followed to its child)." };
    private static readonly Option<bool> Json = new("--json") { Description = "Print the report as JSON." };
    private static readonly Option<int> VerifySample = new("--verify-sample") { Description = "Verify this many answers spread over the run (SET, inclusion proof, checkpoint, UUID); 0 = none.", DefaultValueFactory = _ => 200 };
    private static readonly Option<string?> CheckpointName = new("--checkpoint-name") { Description = "The checkpoint signer name to demand [default: the one in the log's current checkpoint]." };
    private static readonly Option<int> Bodies = new("--bodies") { Description = "Entries to pre-build [default: --requests, or rate × seconds, or 2000/s × seconds; plus the warm-up's]." };
    private static readonly Option<double> FloorSeconds = new("--floor-seconds") { Description = "Seconds to measure the crypto floor (import + verify + sign per entry, every core) before the load; 0 skips it.", DefaultValueFactory = _ => 3 };
    private static readonly Option<bool> SingleKey = new("--single-key") { Description = "Sign every entry with one key instead of a fresh P-256 key each." };
    private static readonly Option<string?> SaveUuids = new("--save-uuids") { Description = "Write 'entryID sha256hex' of every 201 to this file (for read --uuids)." };
    private static readonly Option<string> What = new("--what") { Description = "What to read.", DefaultValueFactory = _ => "index" };
    private static readonly Option<string?> UuidsFile = new("--uuids") { Description = "A --save-uuids file to take UUIDs and hashes from instead of collecting them." };
    private static readonly Option<int> Collect = new("--collect") { Description = "Entries to read before the clock to collect UUIDs and hashes (uuid, search).", DefaultValueFactory = _ => 1000 };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the random indexes and choices.", DefaultValueFactory = _ => 1 };

    public static RootCommand Build()
    {
        What.AcceptOnlyFromAmong("index", "uuid", "proof", "loginfo", "search");
        Transport.AcceptOnlyFromAmong("raw", "http");
        Option[] common = [Url, Connections, Transport, Rate, Seconds, Requests, Warmup, TimeoutSeconds, ServerPid, Json, VerifySample, CheckpointName];

        var write = new Command("write", "POST pre-built hashedrekord entries; check the tree grew by the 201s and verify a sample.");
        foreach (var option in common.Concat([Bodies, SingleKey, SaveUuids, FloorSeconds]))
        {
            write.Options.Add(option);
        }

        write.SetAction((parse, token) => RunAsync(Options(parse), WriteRun.RunAsync, token));

        var read = new Command("read", "Read an existing log: random entries by index or UUID, consistency proofs, log info or searches by hash.");
        foreach (var option in common.Concat([What, UuidsFile, Collect, Seed]))
        {
            read.Options.Add(option);
        }

        read.SetAction((parse, token) => RunAsync(Options(parse), ReadRun.RunAsync, token));

        var root = new RootCommand("""
            Load generator for a Rekor v1 log: little CPU per request, so the server's cost is what is measured.
            Reports answers/s, latency percentiles, statuses, transport errors and CPU-ms per answer (its own and,
            with --server-pid, the server's). Exits 1 when a check fails.
            """);
        root.Subcommands.Add(write);
        root.Subcommands.Add(read);
        return root;
    }

    private static LoadOptions Options(ParseResult parse)
    {
        var requests = parse.GetValue(Requests);
        return new LoadOptions
        {
            Url = parse.GetValue(Url)!,
            Connections = Math.Max(1, parse.GetValue(Connections)),
            Transport = Enum.Parse<TransportKind>(parse.GetValue(Transport) ?? "raw", ignoreCase: true),
            Rate = parse.GetValue(Rate),
            Seconds = parse.GetValue(Seconds) ?? (requests > 0 ? 0 : 10),
            Requests = requests,
            WarmupSeconds = parse.GetValue(Warmup),
            Timeout = TimeSpan.FromSeconds(parse.GetValue(TimeoutSeconds)),
            ServerPid = parse.GetValue(ServerPid),
            Json = parse.GetValue(Json),
            VerifySample = parse.GetValue(VerifySample),
            CheckpointName = parse.GetValue(CheckpointName),
            Bodies = parse.GetValue(Bodies),
            SingleKey = parse.GetValue(SingleKey),
            FloorSeconds = parse.CommandResult.Command.Name == "write" ? parse.GetValue(FloorSeconds) : 0,
            SaveUuids = parse.GetValue(SaveUuids),
            What = Enum.Parse<ReadTarget>(parse.GetValue(What) ?? "index", ignoreCase: true),
            UuidsFile = parse.GetValue(UuidsFile),
            Collect = parse.GetValue(Collect),
            Seed = parse.GetValue(Seed),
        };
    }

    private static async Task<int> RunAsync(
        LoadOptions options, Func<LoadOptions, TextWriter, CancellationToken, Task<LoadReport>> run, CancellationToken cancellationToken)
    {
        LoadReport report;
        try
        {
            // Progress goes to stderr so --json leaves stdout one JSON document.
            report = await run(options, Console.Error, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or IOException or FormatException)
        {
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"rekor-load: {e.Message}"));
            return 2;
        }

        ReportWriter.Write(report, options.Json, Console.Out);
        return report.Passed ? 0 : 1;
    }
}
