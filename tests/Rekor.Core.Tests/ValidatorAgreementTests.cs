using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NJsonSchema;
using NJsonSchema.Validation;
using Xunit.Abstractions;

namespace Rekor.Core.Tests;

/// <summary>
/// The generated validators against an independent implementation of JSON Schema (NJsonSchema 10.7.2), on random
/// valid documents, on valid documents broken one keyword at a time and on randomly scrambled documents.
/// </summary>
public class ValidatorAgreementTests(ITestOutputHelper output)
{
    /// <summary>Fixed so that runs are reproducible; set REKOR_SCHEMA_TEST_SEED to explore other documents.</summary>
    private const int DefaultBaseSeed = 20_240_611;

    private const int ValidPerSchema = 100;
    private const int BrokenPerSchema = 100;
    private const int ScrambledPerSchema = 50;

    /// <summary>Non-ASCII text is written as is: both parsers must read raw UTF-8, and failure messages stay legible.</summary>
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string, string> KindVersions => SchemaRepository.KindVersions();

    [Fact]
    public void Every_version_schema_on_disk_has_a_generated_validator()
    {
        var schemas = SchemaRepository.All();

        Assert.Equal(12, schemas.Count);
        Assert.All(schemas, s => Assert.NotNull(s.FindGeneratedValidator()));
    }

    [Theory]
    [MemberData(nameof(KindVersions))]
    public async Task Generated_validators_agree_with_NJsonSchema_on_generated_documents(string kind, string version)
    {
        var schema = SchemaRepository.Find(kind, version);
        var seed = SeedFor(schema);
        output.WriteLine($"{schema}: seed {seed}");
        var schemaJson = schema.ReadJson();
        var independent = await schema.LoadNJsonSchemaAsync();
        var generated = schema.FindGeneratedValidator() ?? throw new InvalidOperationException($"no generated validator for {schema}");
        var generator = new SchemaDocumentGenerator(new Random(seed));
        var mutations = new SchemaMutations(generator);

        var cases = new List<(Mutant Document, bool? ExpectedValid, MutationKind? Kind)>();
        for (var i = 0; i < ValidPerSchema; i++)
        {
            cases.Add((new Mutant(generator.Generate(schemaJson), $"valid #{i}"), true, null));
        }

        var kinds = Enum.GetValues<MutationKind>();
        for (var i = 0; i < BrokenPerSchema; i++)
        {
            // Round-robin over the kinds of mutation; when this document offers no place for one, take the next.
            var valid = generator.Generate(schemaJson);
            var broken = Enumerable.Range(0, kinds.Length).Select(k => kinds[(i + k) % kinds.Length])
                .Select(k => (Mutant: mutations.TryBreak(valid, schemaJson, k), Kind: k))
                .First(m => m.Mutant is not null);
            cases.Add((broken.Mutant!, false, broken.Kind));
        }

        for (var i = 0; i < ScrambledPerSchema; i++)
        {
            cases.Add((mutations.Scramble(generator.Generate(schemaJson), schemaJson), null, null));
        }

        var problems = new List<string>();
        var verdicts = new Dictionary<bool, int> { [true] = 0, [false] = 0 };
        foreach (var (document, expectedValid, _) in cases)
        {
            var json = document.Document?.ToJsonString(JsonOptions) ?? "null";
            IReadOnlyList<Schemas.SchemaViolation> ours;
            using (var parsed = JsonDocument.Parse(json))
            {
                ours = generated(parsed.RootElement);
            }

            var theirs = independent.Validate(json);
            var (oursValid, theirsValid) = (ours.Count == 0, theirs.Count == 0);
            verdicts[theirsValid]++;
            var problem = oursValid != theirsValid ? "the validators disagree"
                : expectedValid == true && !oursValid ? "a generated valid document is rejected by both validators"
                : expectedValid == false && theirsValid ? "a broken document is accepted by both validators"
                : null;
            if (problem is not null)
            {
                problems.Add(Describe(problem, schema, seed, document, json, ours, theirs));
            }
        }

        var used = cases.Where(c => c.Kind is not null).GroupBy(c => c.Kind!.Value).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"{cases.Count} documents: {verdicts[true]} valid, {verdicts[false]} invalid (NJsonSchema's verdict)");
        output.WriteLine("mutations: " + string.Join(", ", used.OrderBy(u => u.Key).Select(u => $"{u.Key} {u.Value}")));

        Assert.True(problems.Count == 0, $"{problems.Count} of {cases.Count} documents failed for {schema} (seed {seed}):\n\n" + string.Join("\n\n", problems.Take(10)));
        Assert.True(cases.Count >= 200, $"only {cases.Count} documents");
        Assert.True(verdicts[true] >= ValidPerSchema && verdicts[false] >= BrokenPerSchema, $"{verdicts[true]} valid and {verdicts[false]} invalid documents");
        Assert.Empty(SchemaMutations.Possible(schemaJson).Except(used.Keys));
    }

    private static int SeedFor(VersionSchema schema)
    {
        var text = Environment.GetEnvironmentVariable("REKOR_SCHEMA_TEST_SEED");
        var baseSeed = text is null ? DefaultBaseSeed : int.Parse(text, CultureInfo.InvariantCulture);

        // FNV-1a of "kind/version": stable across runs and processes, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes($"{schema.Kind}/{schema.Version}"))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return baseSeed ^ (int)(hash & 0x7FFFFFFF);
    }

    private static string Describe(string problem, VersionSchema schema, int seed, Mutant document, string json, IReadOnlyList<Schemas.SchemaViolation> ours, ICollection<ValidationError> theirs)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{problem}: {schema}, seed {seed}, {document.Description}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  document: {json}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  generated validator: [{string.Join("; ", ours.Select(v => $"{v.Path} {v.Keyword}: {v.Message}"))}]");
        text.Append(CultureInfo.InvariantCulture, $"  NJsonSchema: [{string.Join("; ", theirs.Select(Flatten))}]");
        return text.ToString();
    }

    private static string Flatten(ValidationError error) => error is ChildSchemaValidationError child
        ? $"{error.Kind} at {error.Path} {{{string.Join(" | ", child.Errors.Select(e => e.Value.Count == 0 ? "(branch matches)" : string.Join("; ", e.Value.Select(Flatten))))}}}"
        : $"{error.Kind} at {error.Path}";
}
