using Microsoft.CodeAnalysis;
using static Rekor.Generators.Tests.GeneratorHarness;

namespace Rekor.Generators.Tests;

public class GeneratedSourceTests
{
    private static string SnapshotFolder => Path.Combine(RepositoryRoot(), "tests", "Rekor.Generators.Tests", "Snapshots", "small");

    [Fact]
    public void Generated_source_for_the_small_schema_set_matches_the_checked_in_snapshots()
    {
        var (_, _, result) = Run(TestSchemaSet("small"), "Sample", TestSources.NoteImplementation);
        var generated = result.Results.Single().GeneratedSources;

        // Set REKOR_UPDATE_SNAPSHOTS=1 to rewrite the expected files after an intended change; review the diff.
        if (Environment.GetEnvironmentVariable("REKOR_UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(SnapshotFolder);
            foreach (var stale in Directory.GetFiles(SnapshotFolder))
            {
                File.Delete(stale);
            }

            foreach (var source in generated)
            {
                File.WriteAllText(Path.Combine(SnapshotFolder, source.HintName), source.SourceText.ToString());
            }
        }

        var expectedNames = Directory.GetFiles(SnapshotFolder).Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expectedNames, generated.Select(g => g.HintName).Order(StringComparer.Ordinal).ToList());
        foreach (var source in generated)
        {
            var expected = File.ReadAllText(Path.Combine(SnapshotFolder, source.HintName));
            Assert.True(expected == source.SourceText.ToString(), $"{source.HintName} differs from its snapshot; run with REKOR_UPDATE_SNAPSHOTS=1 and review the diff");
        }
    }

    [Fact]
    public void Generated_code_for_the_small_schema_set_compiles_with_zero_diagnostics()
    {
        var (_, output, result) = Run(TestSchemaSet("small"), "Sample", TestSources.NoteImplementation);

        Assert.Empty(result.Diagnostics);
        Assert.Null(result.Results.Single().Exception);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void Every_rekor_kind_and_version_is_generated_from_the_repository_schemas_alone()
    {
        var (_, output, result) = Run(RepositorySchemas(), "Probe");

        // No implementation classes in this compilation: one REKOR005 warning per kind version, nothing else.
        Assert.All(result.Diagnostics, d => Assert.Equal("REKOR005", d.Id));
        Assert.Equal(12, result.Diagnostics.Length);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));

        string[] versionModels =
        [
            "AlpineV001Schema", "CoseV001Schema", "DsseV001Schema", "HashedrekordV001Schema", "HelmV001Schema", "IntotoV001Schema",
            "IntotoV002Schema", "JarV001Schema", "RekordV001Schema", "Rfc3161V001Schema", "RpmV001Schema", "TufV001Schema",
        ];
        string[] apiModels = ["LogEntry", "LogInfo", "InactiveShardLogInfo", "ConsistencyProof", "InclusionProof", "SearchIndex", "SearchLogQuery", "Error", "ProposedEntry"];
        foreach (var name in versionModels.Concat(apiModels).Concat(["Rekord", "Hashedrekord", "Intoto", "Dsse", "Rpm", "Jar", "Alpine", "Helm", "Cose", "Tuf", "Rfc3161"]))
        {
            Assert.True(output.GetTypeByMetadataName("Probe.Models." + name) is not null, $"Probe.Models.{name} was not generated");
        }
    }

    [Fact]
    public void Generated_json_property_names_are_exactly_those_of_the_schema()
    {
        var (_, output, _) = Run(RepositorySchemas(), "Probe");
        var dsse = output.GetTypeByMetadataName("Probe.Models.DsseV001Schema")!;
        var names = dsse.GetMembers().OfType<IPropertySymbol>()
            .Select(p => p.GetAttributes().Single(a => a.AttributeClass!.Name == "JsonPropertyNameAttribute").ConstructorArguments[0].Value)
            .ToList();
        Assert.Equal(["proposedContent", "signatures", "envelopeHash", "payloadHash"], names);

        var tuf = output.GetTypeByMetadataName("Probe.Models.TufV001Schema")!;
        Assert.Contains(tuf.GetMembers().OfType<IPropertySymbol>(), p => p.Name == "SpecVersion");
    }

    [Fact]
    public void Base64_fields_are_bytes_and_optional_fields_are_nullable()
    {
        var (_, output, _) = Run(RepositorySchemas(), "Probe");
        var signature = output.GetTypeByMetadataName("Probe.Models.HashedrekordV001SchemaSignature")!;
        var content = signature.GetMembers("Content").OfType<IPropertySymbol>().Single();
        Assert.Equal("byte[]?", content.Type.ToDisplayString());
        var publicKey = output.GetTypeByMetadataName("Probe.Models.HashedrekordV001SchemaSignaturePublicKey")!;
        Assert.Equal("byte[]?", publicKey.GetMembers("Content").OfType<IPropertySymbol>().Single().Type.ToDisplayString());
    }

    [Fact]
    public void Output_does_not_depend_on_the_order_of_the_schema_files()
    {
        var files = RepositorySchemas();
        var forward = Run(files, "Probe").Result.Results.Single().GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).ToList();
        files.Reverse();
        var backward = Run(files, "Probe").Result.Results.Single().GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).ToList();

        Assert.Equal(forward, backward);
    }
}
