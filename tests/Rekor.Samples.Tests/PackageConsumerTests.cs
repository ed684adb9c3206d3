using System.IO.Compression;
using System.Reflection;

using static Rekor.Samples.Tests.DotnetCli;

namespace Rekor.Samples.Tests;

/// <summary>
/// Rekor.Core as a NuGet package: packs it, then builds and runs samples/PackageConsumer (copied outside the
/// repository, so no project reference or repository build setting can help) against the packed .nupkg alone.
/// </summary>
public class PackageConsumerTests
{
    [Fact]
    public void The_package_carries_the_generator_its_dependencies_the_schemas_and_the_docs()
    {
        using var work = new WorkDirectory();
        var package = Pack(work, "0.0.0-contents");

        using var archive = ZipFile.OpenRead(package);
        var entries = archive.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("analyzers/dotnet/cs/Rekor.Generators.dll", entries);
        Assert.DoesNotContain("analyzers/dotnet/cs/YamlDotNet.dll", entries);
        Assert.Contains("lib/net10.0/Rekor.Core.dll", entries);
        Assert.Contains("lib/net10.0/Rekor.Core.xml", entries);
        Assert.Contains("buildTransitive/Rekor.Core.props", entries);
        Assert.Contains("README.md", entries);
        Assert.Contains("schemas/openapi.yaml", entries);
        Assert.Contains("schemas/hashedrekord/v0.0.1/hashedrekord_v0_0_1_schema.json", entries);
        Assert.Equal(12, entries.Count(e => e.StartsWith("schemas/", StringComparison.Ordinal) && e.Contains("/v0.0.", StringComparison.Ordinal)));
        Assert.Contains("analyzers/dotnet/cs/Microsoft.OpenApi.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Microsoft.OpenApi.Readers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/SharpYaml.dll", entries);
        foreach (var dll in new[] { "NJsonSchema", "NJsonSchema.Annotations", "NJsonSchema.CodeGeneration", "NJsonSchema.CodeGeneration.CSharp", "Namotion.Reflection", "Newtonsoft.Json", "Fluid", "Parlot", "Microsoft.Extensions.FileProviders.Abstractions", "Microsoft.Extensions.Primitives" })
        {
            Assert.Contains("analyzers/dotnet/cs/" + dll + ".dll", entries);
        }
    }

    [Theory]
    [InlineData("", "Microsoft.OpenApi")]
    [InlineData("Microsoft.OpenApi.dll", "Microsoft.OpenApi.Readers")]
    public void A_generator_copied_without_its_bundled_dlls_is_a_REKOR011_error_not_a_CS8785_warning(string alongside, string missing)
    {
        using var work = new WorkDirectory();
        var package = Pack(work, "0.0.0-alone");
        var project = work.File("alone");
        Directory.CreateDirectory(Path.Combine(project, "schemas"));
        using (var archive = ZipFile.OpenRead(package))
        {
            // The generator with none, or only some, of the DLLs it needs (then Microsoft.OpenApi.Readers is missing).
            foreach (var name in new[] { "Rekor.Generators.dll", alongside }.Where(n => n.Length > 0))
            {
                archive.GetEntry("analyzers/dotnet/cs/" + name)!.ExtractToFile(Path.Combine(project, name));
            }
        }

        File.Copy(Path.Combine(RepositoryRoot(), "schemas", "openapi.yaml"), Path.Combine(project, "schemas", "openapi.yaml"));
        File.WriteAllText(Path.Combine(project, "Alone.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <Analyzer Include="*.dll" />
                <AdditionalFiles Include="schemas/openapi.yaml" />
              </ItemGroup>
            </Project>
            """);

        var (exitCode, output) = RunAllowingFailure(project, "build", "-nologo", "--disable-build-servers");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("error REKOR011", output, StringComparison.Ordinal);
        Assert.Contains(missing, output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS8785", output, StringComparison.Ordinal);
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
            ["Rekor.EntryTypeRegistration.g.cs", "Rekor.EntryTypes.Rekor.Samples.PackageConsumer.PostcardV001Entry.g.cs", "Rekor.Kinds.Postcard.g.cs", "Rekor.Models.g.cs", "Rekor.SchemaModels.g.cs", "Rekor.SchemaValidators.g.cs"],
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
}
