namespace Rekor.Server.Tests.Deploy;

/// <summary>
/// The files under deploy/ in the source tree the tests were built from. Invariant: the repository root is the first
/// directory above the test binaries that holds Rekor.slnx, so the tests read the checked-out files, never copies.
/// </summary>
internal static class DeployFiles
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Dockerfile => Path.Combine(RepositoryRoot, "deploy", "Dockerfile");

    public static string ValuesOverlay => Path.Combine(RepositoryRoot, "deploy", "values-rekor.yaml");

    public static string YamllintConfig => Path.Combine(RepositoryRoot, "deploy", ".yamllint");

    public static string ServerProject => Path.Combine(RepositoryRoot, "Rekor.Server", "Rekor.Server.csproj");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Rekor.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Rekor.slnx above {AppContext.BaseDirectory}");
    }
}
