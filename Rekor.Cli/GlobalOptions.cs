using System.CommandLine;

namespace Rekor.Cli;

/// <summary>
/// The flags every command takes, named as rekor-cli names them so scripts carry over. Defaults that come from the
/// environment (<c>REKOR_SERVER</c>, <c>REKOR_STATE_DIR</c>) are read from the run's <see cref="CliEnvironment"/>.
/// </summary>
internal sealed class GlobalOptions
{
    public const string DefaultServer = "https://rekor.sigstore.dev";

    public GlobalOptions(CliEnvironment environment)
    {
        Server = new Option<string>("--rekor_server")
        {
            Description = $"Server address (env REKOR_SERVER; default {DefaultServer})",
            Recursive = true,
            DefaultValueFactory = _ => environment.GetVariable("REKOR_SERVER") is { Length: > 0 } server ? server : DefaultServer,
        };
        Format = new Option<string>("--format")
        {
            Description = "Output format: default (human text; 'text' is the same), json, or tle (get: the entry as a Sigstore bundle's TransparencyLogEntry; elsewhere as json)",
            Recursive = true,
            DefaultValueFactory = _ => "default",
        };
        Format.AcceptOnlyFromAmong("default", "text", "json", "tle");
        Timeout = new Option<string>("--timeout")
        {
            Description = "Time allowed for each call to the log, its retries included (e.g. 30s, 2m)",
            Recursive = true,
            DefaultValueFactory = _ => "30s",
        };
        Retry = new Option<int>("--retry")
        {
            Description = "Times to retry a request the log answered 429/502/503/504 or that failed to connect",
            Recursive = true,
            DefaultValueFactory = _ => 3,
        };
        StateDirectory = new Option<string>("--state-dir")
        {
            Description = "Where state.json keeps the last verified checkpoint of each log (env REKOR_STATE_DIR; default ~/.rekor)",
            Recursive = true,
            DefaultValueFactory = _ => environment.GetVariable("REKOR_STATE_DIR") is { Length: > 0 } directory
                ? directory
                : Path.Combine(environment.HomeDirectory, ".rekor"),
        };
        StoreTreeState = new Option<bool>("--store_tree_state")
        {
            Description = "Whether to keep the verified checkpoint between runs, to prove consistency next time",
            Recursive = true,
            DefaultValueFactory = _ => true,
        };
    }

    public Option<string> Server { get; }

    public Option<string> Format { get; }

    public Option<string> Timeout { get; }

    public Option<int> Retry { get; }

    public Option<string> StateDirectory { get; }

    public Option<bool> StoreTreeState { get; }

    public IEnumerable<Option> All => [Server, Format, Timeout, Retry, StateDirectory, StoreTreeState];
}
