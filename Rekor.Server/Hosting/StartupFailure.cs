using Microsoft.Extensions.Options;

namespace Rekor.Server.Hosting;

/// <summary>Start-up refused: every problem named on stderr, exit code 2; a start that failed otherwise, exit code 1.</summary>
public static class StartupFailure
{
    /// <summary>The settings were refused.</summary>
    public const int ExitCode = 2;

    /// <summary>The settings were fine but the server could not start (the log would not open, a port was taken).</summary>
    public const int CouldNotStartExitCode = 1;

    public static int Report(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        Console.Error.WriteLine("rekor-server: refusing to start:");
        foreach (var problem in problems)
        {
            Console.Error.WriteLine("  - " + problem);
        }

        return ExitCode;
    }

    /// <summary>
    /// Runs the app until it stops. Options that fail validation are a refusal (exit code 2, the problems on stderr),
    /// not a crash: they are validated here first, so the refusal is the only output (the host would validate them
    /// again on start, as it does under a test's in-memory host).
    /// </summary>
    public static async Task<int> RunOrReportAsync<TOptions>(this WebApplication app)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            _ = app.Services.GetRequiredService<IOptions<TOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            return Report([.. e.Failures]);
        }

        var started = app.Lifetime.ApplicationStarted; // taken now: RunAsync disposes the services when it ends
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (Exception e) when (!started.IsCancellationRequested)
        {
            // The host has logged it with its stack (Microsoft.Extensions.Hosting's "Hosting failed to start"); the
            // operator gets the reason on stderr and a failing exit code instead of a crash dump.
            await Console.Error.WriteLineAsync("rekor-server: couldn't start: " + e.Message);
            return CouldNotStartExitCode;
        }
    }
}
