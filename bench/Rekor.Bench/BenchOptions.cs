using System.Globalization;

namespace Rekor.Bench;

/// <summary>Command line: <c>[merkle|log|pki|storage|signer|large|all] [--size N] [--seconds S] [--appends N] [--mysql-dsn DSN] [--signer-latency-ms N] [--data DIR] [--rate R]</c> (storage is not part of all: it needs a MySQL server; nor is large: it builds a log of --size entries and runs the server on it). Defaults: all suites, a tree of
/// 1,000,000 entries, half a second per measurement (each measured three times after a warm-up, best kept), 100,000 appends
/// per sequencer configuration.</summary>
internal sealed record BenchOptions(string Suite, long TreeSize, double SecondsPerRun, int Appends, string? MySqlDsn = null, int SignerLatencyMilliseconds = 20, string? DataDirectory = null, int Rate = 1000)
{
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions("all", 1_000_000, 0.5, 100_000);
        var i = 0;
        if (args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal))
        {
            options = options with { Suite = args[0] };
            i = 1;
        }

        for (; i + 1 < args.Length; i += 2)
        {
            options = args[i] switch
            {
                "--appends" => options with { Appends = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--size" => options with { TreeSize = long.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--seconds" => options with { SecondsPerRun = double.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--mysql-dsn" => options with { MySqlDsn = args[i + 1] },
                "--signer-latency-ms" => options with { SignerLatencyMilliseconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--data" => options with { DataDirectory = args[i + 1] },
                "--rate" => options with { Rate = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown option '{args[i]}'; use [merkle|log|pki|storage|signer|large|all] --size N --seconds S --appends N --mysql-dsn DSN --signer-latency-ms N --data DIR --rate R"),
            };
        }

        return options;
    }
}
