namespace Rekor.Server.Configuration;

/// <summary>
/// What <see cref="RekorCommandLine.Translate(IReadOnlyList{string}, FlagSources)"/> made of the command line: the
/// configuration keys to add, the problems that must stop start-up (empty when it may start), and the flags that were
/// accepted but have no effect here (as <c>--name</c>, sorted; values are never kept, they may be secrets).
/// </summary>
public sealed record TranslatedCommandLine(Dictionary<string, string?> Settings, List<string> Problems, IReadOnlyList<string> Ignored)
{
    public void Deconstruct(out Dictionary<string, string?> settings, out List<string> problems)
    {
        settings = Settings;
        problems = Problems;
    }
}
