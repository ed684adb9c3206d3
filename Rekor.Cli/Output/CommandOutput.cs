using System.Text.Json;
using Rekor.Core.Types;
using Spectre.Console;

namespace Rekor.Cli.Output;

/// <summary>
/// Where a command writes: human text through Spectre.Console (tables; colours and live progress only when the output
/// is a terminal), or JSON for scripts. Results go to standard output; warnings and errors to standard error, so JSON
/// on standard output stays parseable whatever happens.
/// </summary>
internal sealed class CommandOutput
{
    // Without a terminal there is no width to fit; hashes (64 hex digits) and entry IDs (80) stay on one line.
    private const int RedirectedWidth = 240;

    private static readonly JsonSerializerOptions Indented = new(RekorJson.Options) { WriteIndented = true };

    public CommandOutput(CliEnvironment environment, bool json)
    {
        IsJson = json;
        IsTerminal = environment.IsTerminal;
        Console = CreateConsole(environment.Out, environment.IsTerminal);
        Error = CreateConsole(environment.Error, environment.IsTerminal);
    }

    public bool IsJson { get; }

    public bool IsTerminal { get; }

    /// <summary>Standard output, for human results.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Standard error, for messages beside the results.</summary>
    public IAnsiConsole Error { get; }

    /// <summary>Writes <paramref name="value"/> as indented JSON (Rekor's field names) to standard output.</summary>
    public void WriteJson<T>(T value) => Console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(value, Indented));

    /// <summary>Writes <paramref name="value"/> as one line of JSON (for streams of results, such as monitor's).</summary>
    public void WriteJsonLine<T>(T value) => Console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(value, RekorJson.Options));

    /// <summary>A line of plain text (no markup) to standard output.</summary>
    public void Line(string text) => Console.Profile.Out.Writer.WriteLine(text);

    /// <summary>An error, loud (red on a terminal), to standard error.</summary>
    public void ErrorLine(string text) => Error.MarkupLine("[bold red]" + Markup.Escape(text) + "[/]");

    /// <summary>A note beside the results, to standard error (kept out of JSON output).</summary>
    public void Note(string text) => Error.MarkupLine("[grey]" + Markup.Escape(text) + "[/]");

    /// <summary>A two-column table of names and values.</summary>
    public void Facts(string title, IEnumerable<(string Name, string Value)> facts)
    {
        var table = new Table().Title(Markup.Escape(title)).AddColumn("Field").AddColumn("Value");
        foreach (var (name, value) in facts)
        {
            table.AddRow(Markup.Escape(name), Markup.Escape(value));
        }

        Console.Write(table);
    }

    /// <summary>One row per check: its name, PASS/FAIL/SKIP/N/A and why.</summary>
    public void Checks(string title, IEnumerable<CheckLine> checks)
    {
        var table = new Table().Title(Markup.Escape(title)).AddColumn("Check").AddColumn("Result").AddColumn("Why");
        foreach (var check in checks)
        {
            var colour = check.Status switch
            {
                CheckStatus.Pass => "green",
                CheckStatus.Fail => "bold red",
                _ => "yellow",
            };
            table.AddRow(Markup.Escape(check.Name), $"[{colour}]{CheckLine.Label(check.Status)}[/]", Markup.Escape(check.Reason));
        }

        Console.Write(table);
    }

    /// <summary>
    /// Runs <paramref name="work"/>, which calls the action it is given once per item done, behind a progress bar of
    /// <paramref name="total"/> items on a terminal (human output only); elsewhere without one.
    /// </summary>
    public async Task WithProgressAsync(string title, double total, Func<Action, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!IsTerminal || IsJson)
        {
            await work(() => { }).ConfigureAwait(false);
            return;
        }

        await Console.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask(Markup.Escape(title), maxValue: total);
            await work(() => task.Increment(1)).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static IAnsiConsole CreateConsole(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!terminal)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
