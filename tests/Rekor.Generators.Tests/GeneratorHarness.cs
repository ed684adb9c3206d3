using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Rekor.Core.Types;

namespace Rekor.Generators.Tests;

/// <summary>Runs <see cref="SchemaGenerator"/> in memory over schema files and C# sources, as the compiler would.</summary>
internal static class GeneratorHarness
{
    public const string SchemaRoot = "/repo/schemas/";

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        // The running runtime's own assemblies plus Rekor.Core (which the generated code compiles against).
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return platform.Append(typeof(TypeMap).Assembly.Location)
            .Distinct()
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    });

    public static CSharpCompilation Compilation(params string[] sources) =>
        CSharpCompilation.Create(
            "GeneratorTest",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview), path: $"/repo/src/Source{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver Driver(IEnumerable<AdditionalText> schemaFiles, string rootNamespace = "Sample", IReadOnlySet<string>? referencePaths = null) =>
        CSharpGeneratorDriver.Create(
            [new SchemaGenerator().AsSourceGenerator()],
            schemaFiles,
            CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview),
            new TestAnalyzerConfigOptionsProvider(rootNamespace, referencePaths),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>The files of a test schema set under TestSchemas/, presented at /repo/schemas/… paths.</summary>
    public static List<AdditionalText> TestSchemaSet(string name)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "TestSchemas", name);
        return LoadFrom(root);
    }

    /// <summary>The project's real schemas/ folder.</summary>
    public static List<AdditionalText> RepositorySchemas() => LoadFrom(Path.Combine(RepositoryRoot(), "schemas"));

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "schemas", "openapi.yaml")) && Directory.Exists(Path.Combine(directory.FullName, "Rekor.Generators")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("couldn't find the repository root (a folder with schemas/openapi.yaml) above " + AppContext.BaseDirectory);
    }

    public static AdditionalText Schema(string relativePath, string text) => new InMemoryAdditionalText(SchemaRoot + relativePath, text);

    /// <summary>Runs the generator once and returns the driver (for re-runs), the output compilation and the result.</summary>
    public static (GeneratorDriver Driver, Compilation Output, GeneratorDriverRunResult Result) Run(
        IEnumerable<AdditionalText> schemaFiles, string rootNamespace = "Sample", params string[] sources)
    {
        var driver = Driver(schemaFiles, rootNamespace).RunGeneratorsAndUpdateCompilation(Compilation(sources), out var output, out _);
        return (driver, output, driver.GetRunResult());
    }

    private static List<AdditionalText> LoadFrom(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(path => path.EndsWith(".json", StringComparison.Ordinal) || path.EndsWith(".yaml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(path => (AdditionalText)new InMemoryAdditionalText(SchemaRoot + Path.GetRelativePath(root, path).Replace('\\', '/'), File.ReadAllText(path)))
            .ToList();
}
