using Microsoft.CodeAnalysis;
using static Rekor.Generators.Tests.GeneratorHarness;

namespace Rekor.Generators.Tests;

/// <summary>
/// A project that references the Rekor.Core package sees Rekor's schemas as AdditionalFiles marked
/// <c>RekorSchemaRole="Reference"</c> (buildTransitive/Rekor.Core.props) next to its own.
/// </summary>
public class ReferenceSchemaTests
{
    [Fact]
    public void Reference_schemas_are_not_generated_again_and_the_projects_own_kind_is()
    {
        var rekorSchemas = RepositorySchemas();
        var own = TestSchemaSet("small").Where(f => !f.Path.EndsWith("openapi.yaml", StringComparison.Ordinal));
        var driver = Driver([.. rekorSchemas, .. own], "Sample", rekorSchemas.Select(f => f.Path).ToHashSet(StringComparer.Ordinal))
            .RunGeneratorsAndUpdateCompilation(Compilation(TestSources.NoteImplementation), out var output, out _);

        var result = driver.GetRunResult().Results.Single();
        Assert.Empty(result.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Equal(
            ["Rekor.EntryTypeRegistration.g.cs", "Rekor.EntryTypes.Sample.Types.NoteV001Entry.g.cs", "Rekor.Kinds.Note.g.cs", "Rekor.Models.g.cs", "Rekor.SchemaModels.g.cs", "Rekor.SchemaValidators.g.cs"],
            result.GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(result.GeneratedSources, s => s.SourceText.ToString().Contains("HashedrekordV001Schema", StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_schemas_without_the_reference_role_are_generated()
    {
        var (_, _, result) = Run(RepositorySchemas(), "Sample");

        Assert.Contains(result.Results.Single().GeneratedSources, s => s.HintName == "Rekor.Kinds.Hashedrekord.g.cs");
    }
}
