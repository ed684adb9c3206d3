namespace Rekor.Cli;

/// <summary>
/// An expected failure of a command that ends it with <see cref="ExitCode"/> and the message shown to the user. Only
/// the command's outermost handler catches it (<see cref="Commands.CommandRunner"/>).
/// </summary>
internal sealed class CliFailure : Exception
{
    public CliFailure(int exitCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public CliFailure(int exitCode, string message, Exception inner)
        : base(message, inner)
    {
        ExitCode = exitCode;
    }

    public CliFailure()
    {
    }

    public CliFailure(string message)
        : base(message)
    {
    }

    public CliFailure(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int ExitCode { get; } = ExitCodes.Usage;

    public static CliFailure Usage(string message) => new(ExitCodes.Usage, message);

    public static CliFailure Verification(string message) => new(ExitCodes.VerificationFailed, message);
}
