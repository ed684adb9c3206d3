using System.Text.Json;
using Rekor.Core.Models;
using Rekor.Core.Schemas;

namespace Rekor.Core.Tests;

/// <summary>How the generated validators report problems: where, which keyword, and all of them.</summary>
public class GeneratedValidatorTests
{
    private const string ValidHashedrekord = """
        {
          "signature": { "content": "MEUCIQ==", "publicKey": { "content": "LS0tLS1CRUdJTg==" } },
          "data": { "hash": { "algorithm": "sha256", "value": "3b4a1c" } }
        }
        """;

    [Fact]
    public void A_valid_hashedrekord_spec_has_no_violations()
    {
        Assert.Empty(Validate(ValidHashedrekord));
    }

    [Fact]
    public void A_hashedrekord_spec_without_signature_reports_a_required_violation()
    {
        var violations = Validate("""{ "data": { "hash": { "algorithm": "sha256", "value": "3b4a1c" } } }""");

        var violation = Assert.Single(violations);
        Assert.Equal("required", violation.Keyword);
        Assert.True(violation.Path is "$" or "$.signature", $"unexpected path {violation.Path}");
        Assert.Contains("signature", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_hash_algorithm_is_reported_at_its_exact_path()
    {
        var violations = Validate(ValidHashedrekord.Replace("sha256", "md5", StringComparison.Ordinal));

        var violation = Assert.Single(violations);
        Assert.Equal("$.data.hash.algorithm", violation.Path);
        Assert.Equal("enum", violation.Keyword);
    }

    [Fact]
    public void Every_violation_is_reported_not_only_the_first()
    {
        var violations = Validate("""{ "data": { "hash": { "algorithm": "md5", "value": "3b4a1c" } } }""");

        Assert.Equal(2, violations.Count);
        Assert.Contains(violations, v => v.Keyword == "required");
        Assert.Contains(violations, v => v.Keyword == "enum" && v.Path == "$.data.hash.algorithm");
    }

    [Fact]
    public void The_type_map_exposes_the_same_validator_as_the_model()
    {
        var viaTypeMap = global::Rekor.Core.Types.TypeMap.FindKind("hashedrekord")!.FindVersion("0.0.1")!.Validate;
        using var document = JsonDocument.Parse("""{ "signature": { "content": "not base64!" } }""");

        Assert.Equal(HashedrekordV001Schema.Validate(document.RootElement), viaTypeMap(document.RootElement));
    }

    /// <summary>
    /// JSON Schema draft-07 patterns are ECMA-262 regular expressions, where <c>$</c> (without the m flag) matches only
    /// at the very end of the input; Go's regexp (what Rekor uses) agrees. .NET's <c>$</c> also matches before a final
    /// "\n", even with <c>RegexOptions.ECMAScript</c>, so "QUJD\n" passes dsse's signature pattern. NJsonSchema has the
    /// same flaw, which is why the agreement test cannot see it. Fails until the generator anchors patterns at the true end.
    /// </summary>
    [Fact]
    public void A_pattern_ending_in_dollar_rejects_a_trailing_line_break()
    {
        using var document = JsonDocument.Parse("""
            {
              "signatures": [ { "signature": "QUJD\n", "verifier": "QUJD" } ],
              "envelopeHash": { "algorithm": "sha256", "value": "3b4a1c" },
              "payloadHash": { "algorithm": "sha256", "value": "3b4a1c" }
            }
            """);

        var violation = Assert.Single(DsseV001Schema.Validate(document.RootElement));
        Assert.Equal("$.signatures[0].signature", violation.Path);
        Assert.Equal("pattern", violation.Keyword);
    }

    private static IReadOnlyList<SchemaViolation> Validate(string json)
    {
        using var document = JsonDocument.Parse(json);
        return HashedrekordV001Schema.Validate(document.RootElement);
    }
}
