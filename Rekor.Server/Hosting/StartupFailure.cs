namespace Rekor.Server.Hosting;

/// <summary>Start-up refused: every problem named on stderr, exit code 2.</summary>
public static class StartupFailure
{
    public static int Report(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        Console.Error.WriteLine("rekor-server: refusing to start:");
        foreach (var problem in problems)
        {
            Console.Error.WriteLine("  - " + problem);
        }

        return 2;
    }
}
