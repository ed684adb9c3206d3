using Microsoft.CodeAnalysis;
using static Rekor.Generators.Tests.GeneratorHarness;

namespace Rekor.Generators.Tests;

/// <summary>Each diagnostic ID is produced by a bad input, at the file that is wrong, and never by a crash.</summary>
public class DiagnosticTests
{
    private const string VersionPath = "note/v0.0.1/note_v0_0_1_schema.json";

    [Fact]
    public void REKOR001_malformed_json_is_reported_at_the_line_of_the_fault()
    {
        var diagnostic = Single("REKOR001", ReplaceFile(VersionPath, "{\n  \"type\": \"object\",\n  \"properties\": { ]\n}"));
        Assert.EndsWith(VersionPath, diagnostic.Location.GetLineSpan().Path, StringComparison.Ordinal);
        Assert.Equal(2, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void REKOR001_malformed_yaml_is_reported_at_the_api_description()
    {
        var diagnostic = Single("REKOR001", ReplaceFile("openapi.yaml", "swagger: '2.0'\ndefinitions:\n  A:\n    type: [object\n"));
        Assert.EndsWith("openapi.yaml", diagnostic.Location.GetLineSpan().Path, StringComparison.Ordinal);
        // The unclosed '[' of line 3 is found where the text ends: line 4 (0-based), after the last newline.
        Assert.Equal(4, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void REKOR001_what_the_openapi_reader_refuses_is_reported_at_the_line_of_its_pointer()
    {
        var files = Edit("openapi.yaml", text => text.Replace("  Error:\n    type: object\n", "  Error:\n    type: object\n    required: code\n", StringComparison.Ordinal));
        var diagnostic = Single("REKOR001", files);
        Assert.Contains("OpenAPI reader", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(LineOf(files, "openapi.yaml", "required: code"), diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void REKOR002_a_reference_to_a_missing_file_is_reported()
    {
        var files = ReplaceFile("note/note_schema.json", """
            { "$id": "http://example.test/types/note/note_schema.json", "type": "object", "oneOf": [ { "$ref": "v0.0.9/missing_schema.json" } ] }
            """);
        var diagnostic = Single("REKOR002", files);
        Assert.Contains("v0.0.9/missing_schema.json", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void REKOR002_a_reference_to_a_missing_definition_is_reported()
    {
        var files = Edit("openapi.yaml", text => text.Replace("$ref: '#/definitions/Error'", "$ref: '#/definitions/Mistake'", StringComparison.Ordinal));
        var diagnostic = Single("REKOR002", files);
        var line = LineOf(files, "openapi.yaml", "$ref: '#/definitions/Mistake'");
        Assert.Equal(line, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal(Text(files, "openapi.yaml").Lines[line].ToString().IndexOf("'#", StringComparison.Ordinal), diagnostic.Location.GetLineSpan().StartLinePosition.Character);
    }

    [Theory]
    [InlineData("\"type\": \"strnig\"", "type")]
    [InlineData("\"required\": \"signature\"", "required")]
    [InlineData("\"pattern\": \"([a-z\"", "pattern")]
    [InlineData("\"minItems\": -1", "minItems")]
    [InlineData("\"enum\": []", "enum")]
    public void REKOR003_an_invalid_keyword_value_is_reported(string keywordJson, string keyword)
    {
        var files = Edit(VersionPath, text => text.Replace("\"title\": \"Note v0.0.1\"", "\"title\": \"Note v0.0.1\",\n    \"properties\": { \"bad\": { " + keywordJson + " } }", StringComparison.Ordinal)
            .Replace("\"properties\": {\n        \"text\"", "\"definitions\": {\n        \"text\"", StringComparison.Ordinal));
        var diagnostic = Single("REKOR003", files);
        Assert.Contains("'" + keyword + "'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("type: strnig", "type")]
    [InlineData("pattern: '([a-z'", "pattern")]
    [InlineData("minItems: -1", "minItems")]
    [InlineData("enum: []", "enum")]
    public void REKOR003_an_invalid_keyword_value_in_the_api_description_is_reported_at_its_line(string keywordYaml, string keyword)
    {
        var files = Edit("openapi.yaml", text => text.Replace("  Error:\n    type: object\n    properties:\n", "  Error:\n    type: object\n    properties:\n      bad:\n        " + keywordYaml + "\n", StringComparison.Ordinal));
        var diagnostic = Single("REKOR003", files);
        Assert.Contains("'" + keyword + "'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(LineOf(files, "openapi.yaml", "        " + keywordYaml), diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void REKOR004_an_implementation_of_a_version_without_a_schema_is_reported_at_the_class()
    {
        var diagnostics = Diagnostics(TestSchemaSet("small"), TestSources.NoteImplementation, """
            namespace Sample.Types;
            [Rekor.Core.Types.EntryType("note", "9.9.9")]
            public sealed partial class NoteV999Entry { }
            """);
        var diagnostic = diagnostics.Single(d => d.Id == "REKOR004");
        Assert.Contains("note 0.0.1", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.EndsWith(".cs", diagnostic.Location.GetLineSpan().Path, StringComparison.Ordinal);
    }

    [Fact]
    public void REKOR005_a_kind_version_without_an_implementation_is_a_warning_at_its_schema()
    {
        var diagnostic = Diagnostics(TestSchemaSet("small")).Single();
        Assert.Equal("REKOR005", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.EndsWith(VersionPath, diagnostic.Location.GetLineSpan().Path, StringComparison.Ordinal);
    }

    [Fact]
    public void REKOR006_a_version_schema_without_a_version_is_reported()
    {
        var files = TestSchemaSet("small").Where(f => !f.Path.EndsWith(VersionPath, StringComparison.Ordinal)).ToList();
        files.Add(Schema("note/current/note_schema_body_schema.json", """{ "$id": "http://example.test/note_body_schema.json", "type": "object" }"""));
        files = Replace(files, "note/note_schema.json", """
            { "$id": "http://example.test/types/note/note_schema.json", "type": "object", "oneOf": [ { "$ref": "current/note_schema_body_schema.json" } ] }
            """);
        Single("REKOR006", files);
    }

    [Fact]
    public void REKOR007_two_implementations_of_one_version_are_reported()
    {
        var diagnostics = Diagnostics(TestSchemaSet("small"), TestSources.NoteImplementation, """
            namespace Sample.Other;
            [Rekor.Core.Types.EntryType("note", "0.0.1")]
            public sealed partial class AnotherNote { }
            """);
        Assert.Single(diagnostics, d => d.Id == "REKOR007");
    }

    [Fact]
    public void REKOR008_an_implementation_that_is_not_partial_is_reported()
    {
        var diagnostics = Diagnostics(TestSchemaSet("small"), """
            namespace Sample.Types;
            [Rekor.Core.Types.EntryType("note", "0.0.1")]
            public sealed class NoteV001Entry { }
            """);
        Assert.Single(diagnostics, d => d.Id == "REKOR008");
    }

    [Fact]
    public void REKOR009_an_invalid_apiversion_range_is_reported()
    {
        var diagnostics = Diagnostics(TestSchemaSet("small"), """
            namespace Sample.Types;
            [Rekor.Core.Types.EntryType("note", "0.0.1", ApiVersions = "about one")]
            public sealed partial class NoteV001Entry { }
            """);
        Assert.Single(diagnostics, d => d.Id == "REKOR009");
    }

    [Fact]
    public void REKOR010_a_proposed_entry_derivation_without_a_spec_reference_is_reported()
    {
        var files = Edit("openapi.yaml", text => text.Replace("            $ref: 'note/note_schema.json#'\n", string.Empty, StringComparison.Ordinal));
        var diagnostic = Single("REKOR010", files);
        Assert.Equal(LineOf(files, "openapi.yaml", "  note:") + 1, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Theory]
    [InlineData("properties", "REKOR002")]
    [InlineData("definitions", null)]
    public void A_reference_to_a_missing_file_is_reported_once_by_binding_and_never_by_the_model_generator(string section, string? expected)
    {
        const string TopProperties = "\"properties\": {\n";
        var files = Edit(VersionPath, text =>
        {
            var at = text.IndexOf(TopProperties, StringComparison.Ordinal);
            const string Gone = "\"gone\": { \"$ref\": \"../missing_schema.json\" }";
            return section == "properties"
                ? text[..at] + TopProperties + "        " + Gone + ",\n" + text[(at + TopProperties.Length)..]
                : text[..at] + "\"definitions\": { " + Gone + " },\n    " + text[at..];
        });
        var diagnostics = Diagnostics(files, TestSources.NoteImplementation);
        Assert.Equal(expected is null ? [] : [expected], diagnostics.Select(d => d.Id).Where(id => id != "REKOR005"));
    }

    [Fact]
    public void Garbage_in_every_schema_file_gives_diagnostics_not_a_crash()
    {
        var files = TestSchemaSet("small").Select(f => Schema(f.Path[SchemaRoot.Length..], "\u0000not a schema: [")).ToList();
        var (_, _, result) = Run(files, "Sample", TestSources.NoteImplementation);
        Assert.Null(result.Results.Single().Exception);
        Assert.Equal(files.Count, result.Diagnostics.Count(d => d.Id == "REKOR001"));
    }

    private static Diagnostic Single(string id, List<AdditionalText> files)
    {
        var (_, _, result) = Run(files, "Sample", TestSources.NoteImplementation);
        Assert.Null(result.Results.Single().Exception);
        return Assert.Single(result.Diagnostics, d => d.Id == id);
    }

    private static System.Collections.Immutable.ImmutableArray<Diagnostic> Diagnostics(List<AdditionalText> files, params string[] sources)
    {
        var (_, _, result) = Run(files, "Sample", sources);
        Assert.Null(result.Results.Single().Exception);
        return result.Diagnostics;
    }

    /// <summary>The 0-based line of a file's first line that contains <paramref name="text"/>.</summary>
    private static int LineOf(List<AdditionalText> files, string relativePath, string text) =>
        Text(files, relativePath).Lines.First(l => l.ToString().Contains(text, StringComparison.Ordinal)).LineNumber;

    private static Microsoft.CodeAnalysis.Text.SourceText Text(List<AdditionalText> files, string relativePath) =>
        files.Single(f => f.Path == SchemaRoot + relativePath).GetText()!;

    private static List<AdditionalText> ReplaceFile(string relativePath, string text) => Replace(TestSchemaSet("small"), relativePath, text);

    private static List<AdditionalText> Edit(string relativePath, Func<string, string> edit)
    {
        var files = TestSchemaSet("small");
        var original = files.Single(f => f.Path == SchemaRoot + relativePath).GetText()!.ToString();
        var edited = edit(original);
        Assert.NotEqual(original, edited);
        return Replace(files, relativePath, edited);
    }

    private static List<AdditionalText> Replace(List<AdditionalText> files, string relativePath, string text) =>
        files.Select(f => f.Path == SchemaRoot + relativePath ? Schema(relativePath, text) : f).ToList();
}
