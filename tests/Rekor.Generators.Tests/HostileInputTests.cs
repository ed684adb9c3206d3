using System.Diagnostics;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.Loader;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Rekor.Core.Schemas;
using static Rekor.Generators.Tests.GeneratorHarness;

namespace Rekor.Generators.Tests;

/// <summary>
/// Generated validators, compiled and run: a pattern that backtracks catastrophically and a schema that refers to
/// itself, fed input built to exploit them, end in violations rather than in a hung thread or a crashed process.
/// </summary>
public class HostileInputTests
{
    private const string Api = """
        swagger: '2.0'
        info:
          title: Hostile input test API
          version: 0.0.1
        paths: {}
        definitions:
          Greedy:
            type: object
            properties:
              word:
                type: string
                pattern: '^(a+)+$'
          Tree:
            type: object
            properties:
              child:
                $ref: '#/definitions/Tree'
        """;

    /// <summary>The generated assembly, compiled once and loaded into its own context.</summary>
    private static readonly Lazy<Assembly> Generated = new(() =>
    {
        var (_, output, result) = Run([Schema("openapi.yaml", Api)], "Hostile");
        Assert.Empty(result.Diagnostics);
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        return new AssemblyLoadContext("hostile-input-tests", isCollectible: true).LoadFromStream(image);
    });

    [Fact]
    public async Task A_catastrophically_backtracking_pattern_times_out_into_a_pattern_violation()
    {
        // ^(a+)+$ tries every way to split the a's before it fails at the '!': 2^45 of them, days of work unbounded.
        using var document = JsonDocument.Parse("""{"word":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"}""");
        var clock = Stopwatch.StartNew();

        // Without a timeout this would run for days; WaitAsync fails the test after 30 s instead.
        var violations = await Task.Run(() => Validate("Greedy", document.RootElement)).WaitAsync(TimeSpan.FromSeconds(30));

        var violation = Assert.Single(violations);
        Assert.Equal(new SchemaViolation("$.word", "pattern", "must match the pattern ^(a+)+$, but matching gave up after 1 s"), violation);
        Assert.InRange(clock.Elapsed, SchemaChecks.PatternMatchTimeout * 0.9, SchemaChecks.PatternMatchTimeout * 10);
    }

    [Fact]
    public void The_same_pattern_still_matches_and_refuses_ordinary_input_at_once()
    {
        using var matching = JsonDocument.Parse("""{"word":"aaaa"}""");
        using var refused = JsonDocument.Parse("""{"word":"ab"}""");

        Assert.Empty(Validate("Greedy", matching.RootElement));
        Assert.Equal("must match the pattern ^(a+)+$", Assert.Single(Validate("Greedy", refused.RootElement)).Message);
    }

    [Fact]
    public void A_document_nested_deeper_than_the_stack_under_a_self_referring_schema_is_a_depth_violation()
    {
        // Two frames per level: far beyond a 1 MiB stack without the guard, which ends the process, not the test.
        const int Levels = 10_000;
        var json = string.Concat(Enumerable.Repeat("""{"child":""", Levels)) + "{}" + new string('}', Levels);
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = Levels + 1 });
        IReadOnlyList<SchemaViolation>? violations = null;

        var thread = new Thread(() => violations = Validate("Tree", document.RootElement), maxStackSize: 1024 * 1024);
        thread.Start();
        thread.Join();

        var violation = Assert.Single(violations!);
        Assert.Equal("depth", violation.Keyword);
        Assert.StartsWith("$.child.child.child", violation.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void A_self_referring_schema_validates_ordinary_nesting_in_full()
    {
        using var document = JsonDocument.Parse("""{"child":{"child":{"child":5}}}""");

        Assert.Equal(new SchemaViolation("$.child.child.child", "type", "must be of type object"), Assert.Single(Validate("Tree", document.RootElement)));
    }

    private static IReadOnlyList<SchemaViolation> Validate(string model, JsonElement json)
    {
        var validate = Generated.Value.GetType("Hostile.Models." + model, throwOnError: true)!.GetMethod("Validate", [typeof(JsonElement)])!;
        try
        {
            return (IReadOnlyList<SchemaViolation>)validate.Invoke(null, [json])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
