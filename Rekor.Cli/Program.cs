using Rekor.Cli;

// The process's console and environment; everything else lives in RekorCli, which tests run in process.
return await RekorCli.RunAsync(args, CliEnvironment.FromProcess()).ConfigureAwait(false);
