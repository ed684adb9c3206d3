namespace Rekor.Cli;

/// <summary>
/// What a run of the tool reads from and writes to outside its arguments: the output and error writers, whether the
/// output is a terminal (colours and live progress only then), environment variables and the home directory. The
/// process passes its own (<see cref="FromProcess"/>); tests pass writers and variables of their own.
/// </summary>
internal sealed record CliEnvironment(
    TextWriter Out, TextWriter Error, bool IsTerminal, Func<string, string?> GetVariable, string HomeDirectory)
{
    public static CliEnvironment FromProcess() => new(
        Console.Out,
        Console.Error,
        !Console.IsOutputRedirected,
        Environment.GetEnvironmentVariable,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
}
