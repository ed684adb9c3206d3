namespace Rekor.Cli.Tests.Fixtures;

/// <summary>Where the repository and its build outputs are, found from the test assembly's location.</summary>
internal static class RepositoryPaths
{
    /// <summary>The folder holding Rekor.slnx.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration this test assembly was built in (Release or Debug), taken from its output path.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar).Contains("Debug") ? "Debug" : "Release";

    /// <summary>The server's build output (the project reference builds it before the tests).</summary>
    public static string ServerDll => Path.Combine(Root, "Rekor.Server", "bin", Configuration, "net10.0", "Rekor.Server.dll");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Rekor.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("no Rekor.slnx above " + AppContext.BaseDirectory);
    }
}
