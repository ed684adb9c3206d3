using System.Globalization;

namespace Rekor.Bench;

/// <summary>Command line: <c>[--size N] [--seconds S]</c>. Defaults: a tree of 1,000,000 entries, half a second per
/// measurement (each measured three times after a warm-up, best kept).</summary>
internal sealed record BenchOptions(long TreeSize, double SecondsPerRun)
{
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(1_000_000, 0.5);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options = args[i] switch
            {
                "--size" => options with { TreeSize = long.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--seconds" => options with { SecondsPerRun = double.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown option '{args[i]}'; use --size N and --seconds S"),
            };
        }

        return options;
    }
}
