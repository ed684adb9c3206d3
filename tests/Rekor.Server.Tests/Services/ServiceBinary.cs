namespace Rekor.Server.Tests.Services;

/// <summary>
/// Finds the executable of a real server the tests start (mariadbd, redis-server). A missing one throws, naming the
/// Debian package that provides it: the tests that need it fail, nothing is skipped.
/// </summary>
internal static class ServiceBinary
{
    /// <summary>Directories searched after PATH: Debian puts daemons in /usr/sbin, which a non-root PATH may lack.</summary>
    private static readonly string[] FallbackDirectories = ["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"];

    /// <summary>The absolute path of <paramref name="name"/>; never returns a path that does not exist.</summary>
    public static string Find(string name, string debianPackage)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Concat(FallbackDirectories))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"{name} is needed by these tests and was not found on PATH or in /usr/sbin; install the Debian package {debianPackage} (apt-get install {debianPackage}).");
    }
}
