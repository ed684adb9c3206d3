using System.CommandLine;
using Rekor.Cli.Commands;

namespace Rekor.Cli;

/// <summary>
/// The <c>rekor</c> tool: rekor-cli's commands and flags, plus <c>monitor</c>. <see cref="RunAsync"/> is the whole
/// program given its arguments and environment; the process's Main and the tests both call it.
/// </summary>
internal static class RekorCli
{
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var root = Create(environment);
        var parse = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = environment.Out, Error = environment.Error };
        return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    public static RootCommand Create(CliEnvironment environment)
    {
        var options = new GlobalOptions(environment);
        var root = new RootCommand("rekor: a client of Rekor v1 transparency logs (rekor-cli's commands and flags). " + ExitCodes.LongHelpText)
        {
            UploadCommand.Create(options, environment),
            GetCommand.Create(options, environment),
            SearchCommand.Create(options, environment),
            VerifyCommand.Create(options, environment),
            LogInfoCommand.Create(options, environment),
            LogProofCommand.Create(options, environment),
            MonitorCommand.Create(options, environment),
        };
        foreach (var option in options.All)
        {
            root.Options.Add(option);
        }

        return root;
    }
}
