using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static Rekor.Generators.Tests.GeneratorHarness;

namespace Rekor.Generators.Tests;

public class IncrementalCachingTests
{
    private static readonly string[] SchemaSteps =
    [
        StepNames.ParsedSchemas, StepNames.CollectedSchemas, StepNames.BoundSchemas, StepNames.GenerationSpec, StepNames.SchemaDiagnostics,
        StepNames.SchemaTexts, StepNames.CodeGeneratedModels, StepNames.ModelSource, StepNames.ModelDiagnostics,
    ];

    [Fact]
    public void Adding_an_unrelated_source_file_leaves_every_named_step_cached()
    {
        var compilation = Compilation(TestSources.NoteImplementation);
        var driver = Driver(TestSchemaSet("small")).RunGenerators(compilation);

        var options = (CSharpParseOptions)compilation.SyntaxTrees.Single().Options;
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Elsewhere; internal sealed class Unrelated { }", options)));

        var result = driver.GetRunResult().Results.Single();
        AssertAllCached(result, [.. SchemaSteps, StepNames.Implementations, StepNames.Registrations]);
        AssertOutputsCached(result);
    }

    [Fact]
    public void Editing_an_implementations_body_leaves_schema_and_registration_steps_cached()
    {
        var compilation = Compilation(TestSources.NoteImplementation);
        var driver = Driver(TestSchemaSet("small")).RunGenerators(compilation);
        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText(TestSources.NoteImplementationWithBehaviour, (CSharpParseOptions)compilation.SyntaxTrees.Single().Options, compilation.SyntaxTrees.Single().FilePath));

        driver = driver.RunGenerators(edited);

        var result = driver.GetRunResult().Results.Single();
        AssertAllCached(result, [.. SchemaSteps, StepNames.Registrations]);
        AssertOutputsCached(result);
    }

    [Fact]
    public void Inserting_a_line_above_an_entry_type_class_does_not_rerun_the_registration()
    {
        var compilation = Compilation(TestSources.NoteImplementation);
        var driver = Driver(TestSchemaSet("small")).RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single();
        var moved = compilation.ReplaceSyntaxTree(
            tree,
            CSharpSyntaxTree.ParseText("// a new first line\n" + TestSources.NoteImplementation, (CSharpParseOptions)tree.Options, tree.FilePath));

        driver = driver.RunGenerators(moved);

        var result = driver.GetRunResult().Results.Single();
        // Discovery sees the class move (its position is part of what diagnostics need) ...
        Assert.Contains(result.TrackedSteps[StepNames.Implementations].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        // ... but the location-free spec is unchanged, so the registration and every emitted source stay cached.
        AssertAllCached(result, [.. SchemaSteps, StepNames.Registrations]);
        Assert.All(result.TrackedSteps[StepNames.ImplementationSpecs].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));
        AssertOutputsCached(result);
    }

    [Fact]
    public void Registration_diagnostics_follow_a_moved_class()
    {
        const string notPartial = "namespace Sample.Types;\n[Rekor.Core.Types.EntryType(\"note\", \"0.0.1\")]\npublic sealed class NoteV001Entry { }\n";
        var compilation = Compilation(notPartial);
        var driver = Driver(TestSchemaSet("small")).RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single();

        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText("\n\n" + notPartial, (CSharpParseOptions)tree.Options, tree.FilePath)));

        var diagnostic = Assert.Single(driver.GetRunResult().Diagnostics, d => d.Id == "REKOR008");
        Assert.Equal(4, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal(IncrementalStepRunReason.Modified, driver.GetRunResult().Results.Single().TrackedSteps[StepNames.RegistrationDiagnostics].Single().Outputs.Single().Reason);
    }

    [Fact]
    public void Editing_one_schema_file_reparses_only_that_file()
    {
        var files = TestSchemaSet("small");
        var compilation = Compilation(TestSources.NoteImplementation);
        var driver = Driver(files).RunGenerators(compilation);
        var errorSchema = files.Single(f => f.Path.EndsWith("openapi.yaml", StringComparison.Ordinal));
        var edited = Schema("openapi.yaml", errorSchema.GetText()!.ToString().Replace("'Adds a note.'", "'Adds one note.'", StringComparison.Ordinal));

        driver = driver.ReplaceAdditionalText(errorSchema, edited).RunGenerators(compilation);

        var parsed = driver.GetRunResult().Results.Single().TrackedSteps[StepNames.ParsedSchemas];
        var reasons = parsed.SelectMany(step => step.Outputs).Select(output => output.Reason).ToList();
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(files.Count - 1, reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }

    [Fact]
    public void Pipeline_models_hold_no_roslyn_symbols_or_syntax_and_no_NJsonSchema_or_Microsoft_OpenApi_objects()
    {
        var driver = Driver(TestSchemaSet("small")).RunGenerators(Compilation(TestSources.NoteImplementation));
        var result = driver.GetRunResult().Results.Single();

        string[] ours = [.. SchemaSteps, StepNames.SchemaFiles, StepNames.RootNamespace, StepNames.Implementations, StepNames.ImplementationSpecs, StepNames.Registrations, StepNames.RegistrationDiagnostics, StepNames.ClientSpec];
        foreach (var (name, steps) in result.TrackedSteps.Where(pair => ours.Contains(pair.Key)))
        {
            foreach (var output in steps.SelectMany(step => step.Outputs))
            {
                AssertHoldsNoRoslynObjects(name, output.Value, depth: 0);
            }
        }
    }

    private static void AssertHoldsNoRoslynObjects(string step, object? value, int depth)
    {
        if (value is null || depth > 6 || value is string || value.GetType().IsPrimitive)
        {
            return;
        }

        Assert.False(value is ISymbol or SyntaxNode or Microsoft.CodeAnalysis.Compilation or SemanticModel or Location, $"step {step} holds a {value.GetType().Name}");
        Assert.False(value.GetType().Namespace?.StartsWith("NJsonSchema", StringComparison.Ordinal) == true, $"step {step} holds an NJsonSchema {value.GetType().Name}");
        Assert.False(value.GetType().Namespace?.StartsWith("Microsoft.OpenApi", StringComparison.Ordinal) == true, $"step {step} holds a Microsoft.OpenApi {value.GetType().Name}");
        Assert.False(value.GetType().Namespace?.StartsWith("SharpYaml", StringComparison.Ordinal) == true, $"step {step} holds a SharpYaml {value.GetType().Name}");
        if (value is System.Collections.IEnumerable items)
        {
            foreach (var item in items)
            {
                AssertHoldsNoRoslynObjects(step, item, depth + 1);
            }

            return;
        }

        foreach (var property in value.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0))
        {
            AssertHoldsNoRoslynObjects(step, property.GetValue(value), depth + 1);
        }
    }

    private static void AssertAllCached(GeneratorRunResult result, string[] stepNames)
    {
        foreach (var name in stepNames)
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), $"step {name} did not run");
            foreach (var output in result.TrackedSteps[name].SelectMany(step => step.Outputs))
            {
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {name} was {output.Reason}");
            }
        }
    }

    private static void AssertOutputsCached(GeneratorRunResult result)
    {
        foreach (var output in result.TrackedOutputSteps.SelectMany(pair => pair.Value).SelectMany(step => step.Outputs))
        {
            Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"a source output was {output.Reason}");
        }
    }
}
