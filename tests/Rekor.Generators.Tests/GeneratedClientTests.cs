using Microsoft.CodeAnalysis;
using static Rekor.Generators.Tests.GeneratorHarness;

namespace Rekor.Generators.Tests;

/// <summary>
/// The typed client the generator emits from an API description's paths: a method per operation with the
/// parameters and result the description declares, an added operation adding a method, and a client step that
/// edits elsewhere in the schemas leave cached.
/// </summary>
public class GeneratedClientTests
{
    // An operation with every place a parameter can be (path, query, header), names that are not C# identifiers
    // or are C# keywords, a shared parameter by $ref and a path-level parameter.
    private const string NotesByIdPath = """
          /api/v1/notes/{note-id}/pages/{page}:
            parameters:
              - $ref: '#/parameters/shard'
            get:
              operationId: getNote
              summary: 'Reads a note.'
              parameters:
                - in: path
                  name: note-id
                  type: string
                  required: true
                - in: path
                  name: page
                  type: integer
                  required: true
                - in: query
                  name: class
                  type: boolean
                - in: query
                  name: cancellationToken
                  type: integer
                  format: int32
                  required: true
                - in: header
                  name: X-Trace
                  type: string
              responses:
                '200':
                  description: 'The note.'
                  schema:
                    $ref: '#/definitions/Error'
        """;

    private const string SharedParameters = """
        parameters:
          shard:
            in: query
            name: shard
            type: string
        """;

    [Fact]
    public void Every_operation_of_the_repository_description_is_a_method_with_its_parameters_and_result()
    {
        var (_, output, _) = Run(RepositorySchemas(), "Probe");
        var client = output.GetTypeByMetadataName("Probe.Client.RekorClient")!;

        Assert.Equal(
            [
                "CreateLogEntryAsync(Probe.Models.ProposedEntry proposedEntry, System.Threading.CancellationToken cancellationToken) : System.Threading.Tasks.Task<Probe.Models.LogEntry>",
                "GetLogEntryByIndexAsync(long logIndex, System.Threading.CancellationToken cancellationToken) : System.Threading.Tasks.Task<Probe.Models.LogEntry>",
                "GetLogEntryByUUIDAsync(string entryUUID, System.Threading.CancellationToken cancellationToken) : System.Threading.Tasks.Task<Probe.Models.LogEntry>",
                "GetLogInfoAsync(System.Threading.CancellationToken cancellationToken) : System.Threading.Tasks.Task<Probe.Models.LogInfo>",
                "GetLogProofAsync(long lastSize, long? firstSize, string? treeID, System.Threading.CancellationToken cancellationToken) : System.Threading.Tasks.Task<Probe.Models.ConsistencyProof>",
                "GetPublicKeyAsync(string? treeID, System.Threading.CancellationToken cancellationToken) : System.Threading.Tasks.Task<string>",
                "SearchIndexAsync(Probe.Models.SearchIndex query, System.Threading.CancellationToken cancellationToken) : System.Threading.Tasks.Task<System.Collections.Generic.IReadOnlyList<string>>",
                "SearchLogQueryAsync(Probe.Models.SearchLogQuery entry, System.Threading.CancellationToken cancellationToken) : System.Threading.Tasks.Task<System.Collections.Generic.IReadOnlyList<Probe.Models.LogEntry>>",
            ],
            Signatures(client));
    }

    [Fact]
    public void Adding_an_operation_to_the_description_adds_a_method_that_compiles()
    {
        var files = TestSchemaSet("small");
        var openApi = files.Single(f => f.Path.EndsWith("openapi.yaml", StringComparison.Ordinal));
        var text = openApi.GetText()!.ToString()
            .Replace("paths:\n", "paths:\n" + NotesByIdPath + "\n", StringComparison.Ordinal)
            .Replace("definitions:\n", SharedParameters + "\ndefinitions:\n", StringComparison.Ordinal);
        files[files.IndexOf(openApi)] = Schema("openapi.yaml", text);

        var (_, output, result) = Run(files, "Sample", TestSources.NoteImplementation);

        Assert.Empty(result.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var client = output.GetTypeByMetadataName("Sample.Client.RekorClient")!;
        Assert.Contains(
            "GetNoteAsync(string noteId, long page, int cancellationTokenValue, string? shard, bool? class, string? xTrace, System.Threading.CancellationToken cancellationToken) : System.Threading.Tasks.Task<Sample.Models.Error>",
            Signatures(client));
        var source = result.Results.Single().GeneratedSources.Single(s => s.HintName == "Rekor.Client.g.cs").SourceText.ToString();
        Assert.Contains("\"api/v1/notes/\" + global::Rekor.Core.Client.ApiTransport.PathValue(noteId) + \"/pages/\" + global::Rekor.Core.Client.ApiTransport.PathValue(page) + __query.ToString()", source, StringComparison.Ordinal);
        Assert.Contains("__query.Add(\"cancellationToken\", cancellationTokenValue);", source, StringComparison.Ordinal);
        Assert.Contains("ApiTransport.AddHeader(__request, \"X-Trace\", xTrace);", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Editing_a_kind_schema_leaves_the_client_cached_and_editing_an_operation_does_not()
    {
        var files = TestSchemaSet("small");
        var compilation = Compilation(TestSources.NoteImplementation);
        var driver = Driver(files).RunGenerators(compilation);
        var kindSchema = files.Single(f => f.Path.EndsWith("v0.0.1/note_v0_0_1_schema.json", StringComparison.Ordinal));
        var openApi = files.Single(f => f.Path.EndsWith("openapi.yaml", StringComparison.Ordinal));

        var kindEdited = Schema(kindSchema.Path[SchemaRoot.Length..], kindSchema.GetText()!.ToString().Replace("\"description\": \"", "\"description\": \"Edited: ", StringComparison.Ordinal));
        driver = driver.ReplaceAdditionalText(kindSchema, kindEdited).RunGenerators(compilation);
        var afterKindEdit = driver.GetRunResult().Results.Single();

        var operationEdited = Schema("openapi.yaml", openApi.GetText()!.ToString().Replace("'Adds a note.'", "'Adds one note.'", StringComparison.Ordinal));
        driver = driver.ReplaceAdditionalText(openApi, operationEdited).RunGenerators(compilation);
        var afterOperationEdit = driver.GetRunResult().Results.Single();

        Assert.Contains(afterKindEdit.TrackedSteps[StepNames.GenerationSpec].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.All(afterKindEdit.TrackedSteps[StepNames.ClientSpec].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));
        Assert.All(afterOperationEdit.TrackedSteps[StepNames.ClientSpec].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
    }

    private static List<string> Signatures(INamedTypeSymbol client) =>
        client.GetMembers().OfType<IMethodSymbol>()
            .Where(m => m.MethodKind == MethodKind.Ordinary && m.DeclaredAccessibility == Accessibility.Public && m.Name.EndsWith("Async", StringComparison.Ordinal))
            .Select(m => m.Name + "(" + string.Join(", ", m.Parameters.Select(p => p.Type.ToDisplayString() + " " + p.Name)) + ") : " + m.ReturnType.ToDisplayString())
            .Order(StringComparer.Ordinal)
            .ToList();
}
