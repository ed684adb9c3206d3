using Microsoft.Extensions.Configuration;

namespace Rekor.Server.Configuration;

/// <summary>
/// The options of an operator command (<c>reindex</c>, <c>rotate</c>): the server's own flags, environment and
/// defaults, read and validated as the server reads them, so a command points at exactly the store a server would.
/// </summary>
public static class OperatorCommandOptions
{
    /// <summary>The options of <paramref name="args"/>, or the problems that refuse them (empty when fine).</summary>
    public static (RekorServerOptions Options, List<string> Problems) Read(IReadOnlyList<string> args)
    {
        var (settings, problems) = RekorCommandLine.Translate(args);
        var options = new RekorServerOptions();
        if (problems.Count == 0)
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(settings).Build();
            RekorOptionsValidation.Bind(configuration, options);
            problems.AddRange(options.Problems());
        }

        return (options, problems);
    }
}
