using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Text;

namespace Rekor.Samples.Tests;

/// <summary>
/// Rekor.Core as a NuGet package: packs it, then builds and runs samples/PackageConsumer (copied outside the
/// repository, so no project reference or repository build setting can help) against the packed .nupkg alone.
/// </summary>
public class PackageConsumerTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(80);

    [Fact]
    public void The_package_carries_the_generator_its_dependencies_the_schemas_and_the_docs()
    {
        using var work = new WorkDirectory();
        var package = Pack(work, "0.0.0-contents");

        using var archive = ZipFile.OpenRead(package);
        var entries = archive.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("analyzers/dotnet/cs/Rekor.Generators.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/YamlDotNet.dll", entries);
        Assert.Contains("lib/net10.0/Rekor.Core.dll", entries);
        Assert.Contains("lib/net10.0/Rekor.Core.xml", entries);
        Assert.Contains("buildTransitive/Rekor.Core.props", entries);
        Assert.Contains("README.md", entries);
        Assert.Contains("schemas/openapi.yaml", entries);
        Assert.Contains("schemas/hashedrekord/v0.0.1/hashedrekord_v0_0_1_schema.json", entries);
        Assert.Equal(12, entries.Count(e => e.StartsWith("schemas/", StringComparison.Ordinal) && e.Contains("/v0.0.", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_project_with_only_the_package_adds_its_own_kind_next_to_Rekors()
    {
        using var work = new WorkDirectory();
        // A version of its own per run: neither the machine's package cache nor an earlier run can serve a stale copy.
        var version = "0.0.0-consumer." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        var package = Pack(work, version);
        var consumer = CopySample(work);
        WriteNuGetConfig(consumer, Path.GetDirectoryName(package)!, work.File("packages"));

        Run(consumer, "build", "-c", "Release", "-nologo", "--disable-build-servers", "-p:RekorCoreVersion=" + version, "-p:EmitCompilerGeneratedFiles=true");
        var output = Run(consumer, "bin/Release/net10.0/Rekor.Samples.PackageConsumer.dll");

        var kinds = output.Split('\n').Single(line => line.StartsWith("kinds: ", StringComparison.Ordinal))["kinds: ".Length..].Trim().Split(',');
        Assert.Contains("postcard", kinds);
        Assert.Contains("hashedrekord", kinds);
        Assert.Contains("intoto", kinds);
        Assert.Contains("read: postcard 0.0.1 Rekor.Samples.PackageConsumer.Models.PostcardV001Schema", output, StringComparison.Ordinal);

        // Rekor's schemas reached the consumer's generator only as references: none of Rekor's kinds was generated again.
        var generated = Directory.GetFiles(Path.Combine(consumer, "obj"), "*.g.cs", SearchOption.AllDirectories)
            .Where(f => f.Contains("SchemaGenerator", StringComparison.Ordinal)).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            ["Rekor.EntryTypeRegistration.g.cs", "Rekor.EntryTypes.Rekor.Samples.PackageConsumer.PostcardV001Entry.g.cs", "Rekor.Kinds.Postcard.g.cs", "Rekor.Models.g.cs", "Rekor.SchemaValidators.g.cs"],
            generated);
    }

    private static string Pack(WorkDirectory work, string version)
    {
        // The test project's build has just built Rekor.Core (and its generator) in this configuration.
        var configuration = typeof(PackageConsumerTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var output = work.File("feed");
        Run(RepositoryRoot(), "pack", "Rekor.Core/Rekor.Core.csproj", "-c", configuration, "--no-build", "-nologo", "--disable-build-servers", "-o", output, "-p:PackageVersion=" + version);
        return Path.Combine(output, "Rekor.Core." + version + ".nupkg");
    }

    private static string CopySample(WorkDirectory work)
    {
        var source = Path.Combine(RepositoryRoot(), "samples", "PackageConsumer");
        var target = work.File("consumer");
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var first = relative.Split(Path.DirectorySeparatorChar)[0];
            if (first is "bin" or "obj" || relative == "NuGet.Config")
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }

        return target;
    }

    /// <summary>
    /// The packed folder next to the feeds this machine is configured with (the NuGet mirror, inherited from the user
    /// configuration), a packages folder of the test's own, and the machine's package cache as a read-only fallback
    /// so that Rekor.Core's own dependencies need no download when they are already there.
    /// </summary>
    private static void WriteNuGetConfig(string directory, string feed, string packagesFolder)
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(directory, "NuGet.Config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{packagesFolder}" />
              </config>
              <packageSources>
                <add key="rekor-packed" value="{feed}" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="machine-cache" value="{cache}" />
              </fallbackPackageFolders>
            </configuration>
            """);
    }

    private static string Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's MSBuild settings belong to the outer build; the nested one must find its own.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(StepTimeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`dotnet {string.Join(' ', arguments)}` did not finish within {StepTimeout.TotalSeconds} s:\n{output}");
        }

        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"`dotnet {string.Join(' ', arguments)}` in {workingDirectory} exited with {process.ExitCode}:\n{output}");
        return output.ToString();
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Rekor.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("couldn't find the repository root (Rekor.slnx) above " + AppContext.BaseDirectory);
    }

    private sealed class WorkDirectory : IDisposable
    {
        public WorkDirectory()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rekor-package-" + Guid.NewGuid().ToString("n"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A build server may still hold a file for a moment; the OS temp cleaner takes the rest.
            }
        }
    }
}
