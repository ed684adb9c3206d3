using System.CommandLine;
using Rekor.Cli.Output;
using Rekor.Cli.State;
using Rekor.Core.Client;

namespace Rekor.Cli;

/// <summary>
/// One command's run: its parsed global flags, the client of the log they name (created on first use, disposed with
/// the context), the output in the format asked for, and the checkpoint state file.
/// </summary>
internal sealed class CommandContext : IDisposable
{
    private readonly int _retries;
    private RekorClient? _client;

    public CommandContext(ParseResult parse, GlobalOptions options, CliEnvironment environment)
    {
        Parse = parse;
        Environment = environment;
        var server = parse.GetValue(options.Server)!;
        if (!Uri.TryCreate(server, UriKind.Absolute, out var serverUri) || serverUri.Scheme is not ("http" or "https"))
        {
            throw CliFailure.Usage($"--rekor_server: '{server}' is not an http or https URL");
        }

        ServerUri = serverUri;
        Timeout = Durations.Parse(parse.GetValue(options.Timeout)!, "--timeout");
        _retries = Math.Max(0, parse.GetValue(options.Retry));
        IsTle = parse.GetValue(options.Format) == "tle";
        Output = new CommandOutput(environment, json: IsTle || parse.GetValue(options.Format) == "json");
        State = new CheckpointStateFile(parse.GetValue(options.StateDirectory)!);
        StoreTreeState = parse.GetValue(options.StoreTreeState);
    }

    public ParseResult Parse { get; }

    public CliEnvironment Environment { get; }

    /// <summary>The log's address as given (the state file's per-server key).</summary>
    public Uri ServerUri { get; }

    public TimeSpan Timeout { get; }

    public CommandOutput Output { get; }

    /// <summary><c>--format tle</c>: JSON output, and for <c>get</c> the entry as a bundle's TransparencyLogEntry.</summary>
    public bool IsTle { get; }

    public CheckpointStateFile State { get; }

    public bool StoreTreeState { get; }

    public RekorClient Client => _client ??= RekorClient.Create(ServerUri, Timeout, _retries);

    public void Dispose() => _client?.HttpClient.Dispose();
}
