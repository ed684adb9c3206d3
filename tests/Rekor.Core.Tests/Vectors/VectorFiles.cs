namespace Rekor.Core.Tests.Vectors;

/// <summary>
/// Finds the shared test vectors: <c>REKOR_VECTORS_DIR</c> if set, otherwise <c>shared/vectors</c> beside the
/// repository (where CI and every worktree have it). Missing vectors fail the tests loudly, never skip them.
/// </summary>
public static class VectorFiles
{
    public static string Root { get; } = Locate();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable("REKOR_VECTORS_DIR");
        if (!string.IsNullOrEmpty(configured))
        {
            return Directory.Exists(configured)
                ? configured
                : throw new DirectoryNotFoundException($"REKOR_VECTORS_DIR points at '{configured}', which does not exist");
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Rekor.slnx")))
            {
                var vectors = Path.Combine(directory.FullName, "..", "shared", "vectors");
                return Directory.Exists(vectors)
                    ? Path.GetFullPath(vectors)
                    : throw new DirectoryNotFoundException(
                        $"the test vectors are missing: expected '{Path.GetFullPath(vectors)}' beside the repository, or set REKOR_VECTORS_DIR");
            }
        }

        throw new DirectoryNotFoundException("couldn't find the repository root (a folder with Rekor.slnx) above " + AppContext.BaseDirectory);
    }
}
