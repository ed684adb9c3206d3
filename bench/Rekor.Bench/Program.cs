// Run from the repository root:  dotnet run -c Release --project bench/Rekor.Bench  [-- merkle|log|pki|all] [--size N --seconds S --appends N]
// A KMS's latency against the key in process:  dotnet run -c Release --project bench/Rekor.Bench -- signer [--signer-latency-ms 20]
// A large log served (build --size entries into --data, then start-up, RSS, paced reads):  dotnet build Rekor.Server -c Release && dotnet run -c Release --project bench/Rekor.Bench -- large --size 1000000 --data /tmp/rekor-large-1m
// The stores compared (SQLite, MariaDB, three writers on MariaDB):  bench/with-mariadb.sh dotnet run -c Release --project bench/Rekor.Bench -- storage
using Rekor.Bench;

// Table of contents: the pure Merkle hot paths against one SHA-256 node hash, then the log (sequencer into SQLite,
// proofs from tiles) against the signing and hashing floors, then the pgp format against .NET's RSA verification, all
// measured in one run.
var options = BenchOptions.Parse(args);
if (options.Suite is "merkle" or "all")
{
    var tree = InMemoryTree.Build(options.TreeSize);
    MerkleBenchmarks.Run(tree, options);
    Console.WriteLine();
}

if (options.Suite is "log" or "all")
{
    await LogBenchmarks.RunAsync(options);
}

if (options.Suite is "pki" or "all")
{
    Console.WriteLine();
    PkiBenchmarks.Run(options);
}

if (options.Suite is "large")
{
    await LargeLogBenchmarks.RunAsync(options);
}

if (options.Suite is "storage")
{
    await StorageBenchmarks.RunAsync(options);
}

if (options.Suite is "signer" or "all")
{
    Console.WriteLine();
    await SignerLatencyBenchmarks.RunAsync(options);
}
