using System.Runtime.CompilerServices;
using System.Text.Json;
using Rekor.Core.Types;
using Rekor.Samples.Greeting;
using Rekor.Samples.Greeting.Models;

namespace Rekor.Samples.Tests;

public class GreetingSampleTests
{
    public GreetingSampleTests()
    {
        // The sample registers itself when its module loads; make sure it has.
        RuntimeHelpers.RunModuleConstructor(typeof(GreetingV001Entry).Module.ModuleHandle);
    }

    [Fact]
    public void The_sample_kind_is_registered_with_no_hand_kept_list()
    {
        var kind = TypeMap.FindKind("greeting");

        Assert.NotNull(kind);
        Assert.Equal(["0.0.1"], kind.Versions.Select(v => v.Version));
        Assert.Equal(typeof(GreetingV001Schema), kind.Versions[0].ModelType);
        Assert.Equal(typeof(GreetingV001Entry), TypeMap.FindImplementation("greeting", "0.0.1")!.ImplementationType);
        Assert.Contains("hashedrekord", TypeMap.Kinds.Select(k => k.Kind));
    }

    [Fact]
    public void A_proposed_greeting_is_read_into_its_generated_model()
    {
        var parsed = Parse("""{"kind":"greeting","apiVersion":"0.0.1","spec":{"from":"alice","to":"bob","message":"hi"}}""");

        Assert.True(parsed.Succeeded, parsed.Message);
        var spec = Assert.IsType<GreetingV001Schema>(parsed.Entry!.Spec);
        Assert.Equal(("alice", "bob", "hi"), (spec.From, spec.To, spec.Message));
    }

    [Fact]
    public void The_sample_schema_is_enforced_by_its_generated_validator()
    {
        var parsed = Parse("""{"kind":"greeting","apiVersion":"0.0.1","spec":{"from":"","to":"bob","message":"hi","mood":"cheerful"}}""");

        Assert.Equal(ProposedEntryFailure.SchemaViolation, parsed.Failure);
        Assert.Contains(parsed.Violations, v => v.Path == "$.spec.from" && v.Keyword == "minLength");
        Assert.Contains(parsed.Violations, v => v.Path == "$.spec.mood" && v.Keyword == "additionalProperties");
    }

    [Fact]
    public void The_hand_written_half_adds_the_rules_the_schema_cannot_state()
    {
        var parsed = Parse("""{"kind":"greeting","apiVersion":"0.0.1","spec":{"from":"alice","to":"Alice","message":"hi"}}""");
        var implementation = TypeMap.CreateImplementation(parsed.Entry!).Value!;

        var outcome = implementation.Validate();

        Assert.False(outcome.Succeeded);
        Assert.Equal(EntryErrorKind.InvalidInput, outcome.Error!.Kind);
    }

    [Fact]
    public async Task The_sample_builds_entries_from_an_artifact_and_indexes_them()
    {
        var built = TypeMap.FindImplementation("greeting", "0.0.1")!.FromArtifact(new ArtifactInput { Artifact = "hello"u8.ToArray() });

        Assert.True(built.Succeeded);
        var keys = await built.Value!.IndexKeysAsync(CancellationToken.None);
        Assert.Equal(["from:sample", "to:world"], keys.Value!);
        Assert.Equal("greeting", built.Value.ToProposedEntry().Kind);
    }

    private static ProposedEntryParse Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return TypeMap.ParseProposedEntry(document.RootElement);
    }
}
