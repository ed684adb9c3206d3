using System.Text.RegularExpressions;

namespace Rekor.Server.Tests.Deploy;

/// <summary>
/// The files the Dockerfile's build stage sees: each build-stage <c>COPY &lt;sources…&gt; &lt;dest&gt;</c> (no
/// <c>--from</c>) copied from the repository into a directory, minus what .dockerignore excludes. Invariant: the
/// publish test builds from this copy, never from the repository, so a file the Dockerfile forgets to copy fails the
/// test as it would fail the image build. Supports the .dockerignore forms the repository uses: <c>name</c> (at the
/// context root) and <c>**/pattern</c> (anywhere), with <c>*</c> wildcards.
/// </summary>
internal static class BuildContext
{
    public static void Stage(IReadOnlyList<DockerfileInstruction> instructions, string destination)
    {
        Directory.CreateDirectory(destination);
        var ignored = IgnoreRules(Path.Combine(DeployFiles.RepositoryRoot, ".dockerignore"));
        var buildStage = instructions.First(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal)).Stage;
        var workdir = instructions.Last(i => i.Stage == buildStage && i.Keyword == "WORKDIR").Arguments;
        foreach (var copy in instructions.Where(i => i.Stage == buildStage && i.Keyword == "COPY" && !i.Arguments.Contains("--from", StringComparison.Ordinal)))
        {
            var words = copy.ArgumentsWithoutFlags.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var target = words[^1];
            Assert.True(target == "./" || !target.StartsWith('/'), $"line {copy.Line}: COPY to {target} outside WORKDIR {workdir} is not reproduced");
            foreach (var source in words[..^1])
            {
                var from = Path.Combine(DeployFiles.RepositoryRoot, source.TrimEnd('/'));
                var relative = source.TrimEnd('/');
                if (Directory.Exists(from))
                {
                    CopyDirectory(from, Path.Combine(destination, target == "./" ? relative : target.TrimEnd('/')), relative, ignored);
                }
                else
                {
                    Assert.True(File.Exists(from), $"line {copy.Line}: COPY source {source} does not exist");
                    Assert.False(IsIgnored(relative, ignored), $"line {copy.Line}: COPY source {source} is excluded by .dockerignore");
                    File.Copy(from, Path.Combine(destination, Path.GetFileName(relative)));
                }
            }
        }
    }

    private static void CopyDirectory(string from, string to, string relative, IReadOnlyList<(Regex Rule, bool Anywhere)> ignored)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            var path = relative + "/" + entry.Name;
            if (IsIgnored(path, ignored))
            {
                continue;
            }

            if (entry is DirectoryInfo directory)
            {
                CopyDirectory(directory.FullName, Path.Combine(to, entry.Name), path, ignored);
            }
            else
            {
                File.Copy(entry.FullName, Path.Combine(to, entry.Name));
            }
        }
    }

    /// <summary>Whether a context-relative path (with '/') is excluded: a root rule matches its whole path, a **/ rule any last segment.</summary>
    private static bool IsIgnored(string path, IReadOnlyList<(Regex Rule, bool Anywhere)> ignored) =>
        ignored.Any(r => r.Anywhere ? r.Rule.IsMatch(path[(path.LastIndexOf('/') + 1)..]) : r.Rule.IsMatch(path));

    private static List<(Regex, bool)> IgnoreRules(string file) =>
        File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(line =>
        {
            Assert.False(line.StartsWith('!'), ".dockerignore exceptions are not reproduced by the tests");
            var anywhere = line.StartsWith("**/", StringComparison.Ordinal);
            var pattern = anywhere ? line[3..] : line;
            Assert.DoesNotContain('/', pattern);
            return (new Regex("^" + Regex.Escape(pattern).Replace(@"\*", "[^/]*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant), anywhere);
        }).ToList();
}
