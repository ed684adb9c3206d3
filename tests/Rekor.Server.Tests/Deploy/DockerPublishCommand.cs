namespace Rekor.Server.Tests.Deploy;

/// <summary>
/// The <c>dotnet publish</c> that deploy/Dockerfile runs, read from the Dockerfile so the test that runs it cannot
/// drift from the image. Invariant: exactly one RUN in the build stages publishes, it publishes
/// Rekor.Server/Rekor.Server.csproj in Release to /app, and its only other arguments are MSBuild properties.
/// </summary>
internal sealed record DockerPublishCommand(string Project, string Configuration, string Output, IReadOnlyList<string> Properties)
{
    public static DockerPublishCommand Read(IReadOnlyList<DockerfileInstruction> instructions)
    {
        var publishes = instructions.Where(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal)).ToList();
        Assert.Single(publishes);
        var words = publishes[0].Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["dotnet", "publish"], words[..2]);
        string? project = null, configuration = null, output = null;
        var properties = new List<string>();
        for (var i = 2; i < words.Length; i++)
        {
            switch (words[i])
            {
                case "-c" or "--configuration":
                    configuration = words[++i];
                    break;
                case "-o" or "--output":
                    output = words[++i];
                    break;
                case var p when p.StartsWith("-p:", StringComparison.Ordinal) || p.StartsWith("/p:", StringComparison.Ordinal):
                    properties.Add(p[3..]);
                    break;
                case var p when p.StartsWith("--property:", StringComparison.Ordinal):
                    properties.Add(p["--property:".Length..]);
                    break;
                case var p when !p.StartsWith('-') && project is null:
                    project = p;
                    break;
                default:
                    throw new InvalidOperationException($"the Dockerfile's publish has an argument the test does not reproduce: {words[i]}");
            }
        }

        return new DockerPublishCommand(
            project ?? throw new InvalidOperationException("the publish names no project"),
            configuration ?? throw new InvalidOperationException("the publish names no configuration"),
            output ?? throw new InvalidOperationException("the publish names no output"),
            properties);
    }
}
