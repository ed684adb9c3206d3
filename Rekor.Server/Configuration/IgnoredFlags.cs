namespace Rekor.Server.Configuration;

/// <summary>The rekor-server flags given (on the command line, in the environment or the config file) that have no effect here, as <c>--name</c>; logged once at start-up (event 104).</summary>
public sealed record IgnoredFlags(IReadOnlyList<string> Names)
{
    public static IgnoredFlags None { get; } = new([]);
}
