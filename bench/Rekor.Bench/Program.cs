// Run from the repository root:  dotnet run -c Release --project bench/Rekor.Bench  [-- --size N --seconds S]
using Rekor.Bench;

// Table of contents: build the tree once, measure the floor, then every Merkle hot path against it.
var options = BenchOptions.Parse(args);
var tree = InMemoryTree.Build(options.TreeSize);
MerkleBenchmarks.Run(tree, options);
