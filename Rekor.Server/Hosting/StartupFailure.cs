using Microsoft.Extensions.Options;

namespace Rekor.Server.Hosting;

/// <summary>Start-up refused: every problem named on stderr, exit code 2.</summary>
public static class StartupFailure
{
    public const int ExitCode = 2;

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

        await app.RunAsync();
        return 0;
    }
}
