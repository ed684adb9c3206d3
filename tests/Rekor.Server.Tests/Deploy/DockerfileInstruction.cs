namespace Rekor.Server.Tests.Deploy;

/// <summary>
/// One Dockerfile instruction after line continuations are joined: its keyword (upper case), its arguments as written,
/// the build stage it belongs to (0 = first FROM) and its first line number (1-based).
/// </summary>
internal sealed record DockerfileInstruction(string Keyword, string Arguments, int Stage, int Line)
{
    /// <summary>Whether the arguments are a JSON array (exec form), e.g. <c>["dotnet", "app.dll"]</c>.</summary>
    public bool IsExecForm => Arguments.TrimStart().StartsWith('[') && Arguments.TrimEnd().EndsWith(']');

    /// <summary>The arguments without leading <c>--flag</c> / <c>--flag=value</c> options (COPY --from, --chown, …).</summary>
    public string ArgumentsWithoutFlags
    {
        get
        {
            var words = Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return string.Join(' ', words.SkipWhile(w => w.StartsWith("--", StringComparison.Ordinal)));
        }
    }
}
