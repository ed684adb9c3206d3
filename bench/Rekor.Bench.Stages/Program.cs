// Run from the repository root (about 4 minutes; the machine otherwise idle):
//   dotnet run -c Release --project bench/Rekor.Bench.Stages
// A subset:  dotnet run -c Release --project bench/Rekor.Bench.Stages -- --filter '*Floor*'
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Rekor.Bench.Stages;

// In process (no generated project to restore), short runs: the stages differ by orders of magnitude, and the
// ratios between a stage and its floor, measured in the same run, are what the README reports.
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromTypes([typeof(WriteStageBenchmarks), typeof(ReadStageBenchmarks)]).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
