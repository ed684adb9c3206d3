using System.Reflection;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using static Rekor.Generators.Tests.GeneratorHarness;

namespace Rekor.Generators.Tests;

/// <summary>
/// The models NJsonSchema.CodeGeneration.CSharp emits after our normalisation, on the constructs its defaults get
/// wrong for Rekor: a oneOf of two objects (the default keeps only the first branch), a oneOf of required-only
/// branches (the default makes the object <c>object</c>), enums (the default writes "Pgp"), integers, null members.
/// </summary>
public class ModelCodeGeneratorTests
{
    private const string Version = """
        {
            "$id": "http://example.test/card_v0_0_1_schema.json",
            "type": "object",
            "properties": {
                "format": { "type": "string", "enum": ["pgp", "x509"] },
                "count": { "type": "integer" },
                "signature": {
                    "type": "object",
                    "properties": { "content": { "type": "string", "format": "byte" } },
                    "oneOf": [
                        { "properties": { "publicKey": { "type": "string" } }, "required": ["publicKey"] },
                        { "properties": { "x509Cert": { "type": "string" } }, "required": ["x509Cert"] }
                    ]
                },
                "data": {
                    "type": "object",
                    "properties": { "hash": { "type": "string" }, "content": { "type": "string", "format": "byte" } },
                    "oneOf": [{ "required": ["hash"] }, { "required": ["content"] }]
                }
            },
            "required": ["format", "signature", "data"]
        }
        """;

    // Loaded once: its module initializer registers the kind 'card' in the process-wide type map.
    private static readonly Lazy<Type> CardModel = new(() =>
    {
        var (_, output, _) = Run(CardSchemas());
        using var image = new MemoryStream();
        Assert.True(output.Emit(image).Success);
        return Assembly.Load(image.ToArray()).GetType("Sample.Models.CardV001Schema")!;
    });

    private static List<AdditionalText> CardSchemas() =>
    [
        Schema("card/card_schema.json", """{ "$id": "http://example.test/card_schema.json", "oneOf": [{ "$ref": "v0.0.1/card_v0_0_1_schema.json" }] }"""),
        Schema("card/v0.0.1/card_v0_0_1_schema.json", Version),
    ];

    [Fact]
    public void A_oneOf_keeps_every_branchs_properties_and_enums_and_integers_keep_their_wire_types()
    {
        var (_, output, result) = Run(CardSchemas());

        Assert.Contains(result.Results.Single().GeneratedSources, s => s.HintName == "Rekor.SchemaModels.g.cs");
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Equal(["content: byte[]?", "publicKey: string?", "x509Cert: string?"], Properties(output, "CardV001SchemaSignature"));
        Assert.Equal(["hash: string?", "content: byte[]?"], Properties(output, "CardV001SchemaData"));
        Assert.Equal(["format: string", "count: long?", "signature: Sample.Models.CardV001SchemaSignature", "data: Sample.Models.CardV001SchemaData"], Properties(output, "CardV001Schema"));
    }

    [Theory]
    [InlineData("""{"format":"pgp","signature":{"content":"AQI=","x509Cert":"cert"},"data":{"hash":"h"}}""")]
    [InlineData("""{"format":"x509","count":3,"signature":{"publicKey":"key"},"data":{"content":"AAEC"}}""")]
    public void A_body_round_trips_byte_for_byte_through_the_generated_model(string body)
    {
        var model = CardModel.Value;

        var read = JsonSerializer.Deserialize(body, model);

        Assert.Equal(body, JsonSerializer.Serialize(read, model));
    }

    [Fact]
    public void Files_that_refer_to_each_other_give_models_not_an_endless_read()
    {
        var files = CardSchemas();
        files[1] = Schema("card/v0.0.1/card_v0_0_1_schema.json", Version.Replace(
            "\"count\": { \"type\": \"integer\" },", "\"count\": { \"type\": \"integer\" }, \"other\": { \"$ref\": \"../../shared/shared_schema.json\" },", StringComparison.Ordinal));
        files.Add(Schema("shared/shared_schema.json", """
            { "type": "object", "properties": { "back": { "$ref": "../card/v0.0.1/card_v0_0_1_schema.json#/properties/count" } } }
            """));

        var (_, output, result) = Run(files);

        Assert.Null(result.Results.Single().Exception);
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Contains("other: Sample.Models.SharedSchema?", Properties(output, "CardV001Schema"));
        Assert.Equal(["back: long?"], Properties(output, "SharedSchema"));
    }

    [Fact]
    public void A_version_that_combines_schemas_with_allOf_gets_their_properties_not_a_base_class()
    {
        var files = CardSchemas();
        files[1] = Schema("card/v0.0.1/card_v0_0_1_schema.json", """
            {
                "$id": "http://example.test/card_v0_0_1_schema.json",
                "allOf": [{ "$ref": "../../shared/shared_schema.json#/definitions/signed" }],
                "type": "object",
                "properties": { "note": { "type": "string" } },
                "required": ["note"]
            }
            """);
        files.Add(Schema("shared/shared_schema.json", """
            { "definitions": { "signed": { "type": "object", "properties": { "signature": { "type": "string", "format": "byte" }, "algorithm": { "type": "string" } }, "required": ["signature"] } } }
            """));

        var (_, output, result) = Run(files);

        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Equal(["signature: byte[]", "algorithm: string?", "note: string"], Properties(output, "CardV001Schema"));
        Assert.Equal("Rekor.Core.Types.EntrySpec", output.GetTypeByMetadataName("Sample.Models.CardV001Schema")!.BaseType!.ToDisplayString());
    }

    private static List<string> Properties(Compilation output, string className) =>
        output.GetTypeByMetadataName("Sample.Models." + className)!.GetMembers().OfType<IPropertySymbol>()
            .Select(p => p.GetAttributes().Single(a => a.AttributeClass!.Name == "JsonPropertyNameAttribute").ConstructorArguments[0].Value + ": " + p.Type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat))
            .ToList();
}
