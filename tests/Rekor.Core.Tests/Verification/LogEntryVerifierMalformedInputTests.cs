using System.Text.Json;
using System.Text.Json.Nodes;
using LogEntryValue = Rekor.Core.Models.LogEntryValue;
using Rekor.Core.Tests.Vectors;
using Rekor.Core.Verification;
using static Rekor.Core.Verification.VerificationCheck;

namespace Rekor.Core.Tests.Verification;

/// <summary>Entries come from the network: whatever a response holds, the verifier answers with check results.</summary>
public class LogEntryVerifierMalformedInputTests
{
    private const string Complete = "hashedrekord/public-41958702-sigstore-java-v02.json";

    private static readonly VectorLogEntry Vector = VectorLogEntry.Read(RekorVector.Named(Complete));

    private static LogEntryVerification VerifyChanged(Action<JsonObject> change, string? key = null)
    {
        var entry = EntryTampering.Copy(Vector.Entry);
        change(entry);
        return LogEntryVerifier.Verify(key ?? Vector.Key, VectorLogEntry.ToModel(entry), Vector.TrustedKeys);
    }

    [Fact]
    public void An_empty_entry_under_an_empty_key_fails_the_key_and_has_nothing_else_to_check()
    {
        var result = LogEntryVerifier.Verify("", new LogEntryValue(), Vector.TrustedKeys);

        Assert.Null(result.EntryId);
        Assert.True(result[BodyHashMatchesKey].Failed);
        Assert.All(result.Checks.Skip(1), c => Assert.Equal(CheckOutcome.NotApplicable, c.Outcome));
        Assert.False(result.IsVerified);
    }

    [Theory]
    [InlineData("xyz")]
    [InlineData("0000000000000000a412a61117ad88ad2ba3faa9bbbd744c8e2724369194c2ec105bb991c789c480")]
    public void A_key_that_is_not_an_entry_id_fails_the_body_check_and_skips_the_tree_id_check(string key)
    {
        var result = VerifyChanged(_ => { }, key);

        Assert.Null(result.EntryId);
        Assert.True(result[BodyHashMatchesKey].Failed);
        Assert.Contains(key, result[BodyHashMatchesKey].Reason, StringComparison.Ordinal);
        Assert.Equal(CheckOutcome.Skipped, result[CheckpointTreeIdMatchesKey].Outcome);
        Assert.True(result[SignedEntryTimestamp].Passed && result[InclusionProof].Passed && result[CheckpointMatchesProof].Passed);
    }

    [Theory]
    [InlineData("5", "JSON Number")]
    [InlineData("null", "JSON Null")]
    [InlineData("{}", "JSON Object")]
    public void A_body_that_is_not_a_string_fails_every_check_that_reads_it(string body, string reason)
    {
        var result = VerifyChanged(e => e["body"] = JsonNode.Parse(body));

        foreach (var check in new[] { BodyHashMatchesKey, SignedEntryTimestamp, InclusionProof })
        {
            Assert.True(result[check].Failed, result[check].ToString());
            Assert.Contains(reason, result[check].Reason, StringComparison.Ordinal);
        }

        Assert.True(result[CheckpointSignature].Passed && result[CheckpointMatchesProof].Passed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("eyJ")]
    public void A_body_that_is_not_base64_fails_the_key_the_set_and_the_proof(string body)
    {
        var result = VerifyChanged(e => e["body"] = body);

        Assert.True(result[BodyHashMatchesKey].Failed && result[SignedEntryTimestamp].Failed && result[InclusionProof].Failed, result.ToString());
    }

    [Fact]
    public void A_missing_body_fails_every_check_that_reads_it()
    {
        var result = VerifyChanged(e => e.Remove("body"));

        Assert.All(new[] { BodyHashMatchesKey, SignedEntryTimestamp, InclusionProof }, c => Assert.Contains("no body", result[c].Reason, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, "no logID")]
    [InlineData("zz", "not 64 hex digits")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", "no trusted log key")]
    public void A_log_id_that_names_no_trusted_key_fails_the_set_and_the_checkpoint(string? logId, string reason)
    {
        var result = VerifyChanged(e => e["logID"] = logId);

        Assert.Contains(reason, result[SignedEntryTimestamp].Reason, StringComparison.Ordinal);
        Assert.Contains(reason, result[CheckpointSignature].Reason, StringComparison.Ordinal);
        Assert.True(result[SignedEntryTimestamp].Failed && result[CheckpointSignature].Failed);
        Assert.True(result[InclusionProof].Passed && result[BodyHashMatchesKey].Passed);
    }

    [Theory]
    [InlineData("integratedTime")]
    [InlineData("logIndex")]
    public void A_negative_time_or_index_fails_the_set(string name)
    {
        var result = VerifyChanged(e => e[name] = -1);

        Assert.True(result[SignedEntryTimestamp].Failed);
        Assert.Contains("negative", result[SignedEntryTimestamp].Reason, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> MalformedProofs() => new()
    {
        { """{"hashes":null}""", "no hashes" },
        { """{"hashes":["zz"]}""", "hashes[0] 'zz'" },
        { """{"hashes":[null]}""", "hashes[0]" },
        { """{"rootHash":"abc"}""", "rootHash 'abc'" },
        { """{"rootHash":null}""", "rootHash ''" },
        { """{"logIndex":-1}""", "does not fit leaf -1" },
        { """{"treeSize":0}""", "does not fit" },
        { """{"treeSize":-5}""", "does not fit" },
        { """{"logIndex":9223372036854775807}""", "does not fit" },
        { """{"hashes":[]}""", "does not fit" },
    };

    [Theory]
    [MemberData(nameof(MalformedProofs))]
    public void A_malformed_inclusion_proof_fails_the_inclusion_check(string replacements, string reason)
    {
        var result = VerifyChanged(e =>
        {
            foreach (var (name, value) in JsonNode.Parse(replacements)!.AsObject())
            {
                EntryTampering.Proof(e)[name] = value?.DeepClone();
            }
        });

        Assert.True(result[InclusionProof].Failed, result.ToString());
        Assert.Contains(reason, result[InclusionProof].Reason, StringComparison.Ordinal);
        Assert.True(result[SignedEntryTimestamp].Passed && result[CheckpointSignature].Passed);
    }

    [Theory]
    [InlineData("", "ends with a newline")]
    [InlineData("hello\n", "no blank line")]
    [InlineData("rekor.sigstore.dev - 1\n1\nAAAA\n\n\u2014 x AAAAAAAA\n", "root hash")]
    public void A_checkpoint_that_does_not_parse_fails_its_signature_and_skips_the_comparisons(string checkpoint, string reason)
    {
        var result = VerifyChanged(e => EntryTampering.Proof(e)["checkpoint"] = checkpoint);

        Assert.True(result[CheckpointSignature].Failed);
        Assert.Contains(reason, result[CheckpointSignature].Reason, StringComparison.Ordinal);
        Assert.Equal(CheckOutcome.Skipped, result[CheckpointMatchesProof].Outcome);
        Assert.Equal(CheckOutcome.Skipped, result[CheckpointTreeIdMatchesKey].Outcome);
        Assert.True(result[InclusionProof].Passed && result[SignedEntryTimestamp].Passed);
    }

    [Fact]
    public void An_absent_checkpoint_or_proof_is_not_applicable_and_the_set_alone_still_verifies()
    {
        var noCheckpoint = VerifyChanged(e => EntryTampering.Proof(e).Remove("checkpoint"));
        var noProof = VerifyChanged(e => e["verification"]!.AsObject().Remove("inclusionProof"));
        var noVerification = VerifyChanged(e => e.Remove("verification"));

        Assert.All(new[] { CheckpointSignature, CheckpointMatchesProof, CheckpointTreeIdMatchesKey },
            c => Assert.Equal(CheckOutcome.NotApplicable, noCheckpoint[c].Outcome));
        Assert.True(noCheckpoint.IsVerified);
        Assert.Equal(CheckOutcome.NotApplicable, noProof[InclusionProof].Outcome);
        Assert.True(noProof.IsVerified);
        Assert.All(noVerification.Checks.Skip(1), c => Assert.Equal(CheckOutcome.NotApplicable, c.Outcome));
        Assert.False(noVerification.IsVerified, "nothing signed");
    }

    [Fact]
    public void Any_odd_value_in_any_field_is_answered_with_results_not_an_exception()
    {
        JsonNode?[] oddValues = [null, "", "zz", 0, -1, long.MaxValue, new JsonArray(), new JsonObject(), true];
        var paths = Leaves(Vector.Entry).ToList();
        Assert.True(paths.Count >= 10);
        var verified = 0;

        foreach (var (path, _) in paths)
        {
            foreach (var odd in oddValues)
            {
                var entry = EntryTampering.Copy(Vector.Entry);
                Replace(entry, path, odd?.DeepClone());
                LogEntryValue model;
                try
                {
                    model = VectorLogEntry.ToModel(entry);
                }
                catch (JsonException)
                {
                    continue; // the value does not fit the model's type: refused at the JSON edge, before verification
                }

                var result = LogEntryVerifier.Verify(Vector.Key, model, Vector.TrustedKeys);
                Assert.Equal(Enum.GetValues<VerificationCheck>().Length, result.Checks.Count);
                verified++;
            }
        }

        // Strings, numbers, null: most odd values do fit some field; the JSON edge must not have refused them all.
        Assert.True(verified >= paths.Count * 2, $"only {verified} of {paths.Count * oddValues.Length} changed entries were read");
    }

    /// <summary>Every value below the entry that is not an object, with its path of property names and indexes.</summary>
    private static IEnumerable<(object[] Path, JsonNode? Value)> Leaves(JsonNode? node, params object[] path)
    {
        switch (node)
        {
            case JsonObject o:
                return o.SelectMany(p => Leaves(p.Value, [.. path, p.Key]));
            case JsonArray a:
                return a.SelectMany((v, i) => Leaves(v, [.. path, i])).Prepend((path, node));
            default:
                return [(path, node)];
        }
    }

    private static void Replace(JsonNode root, object[] path, JsonNode? value)
    {
        var parent = path[..^1].Aggregate(root, (n, step) => step is int i ? n[i]! : n[(string)step]!);
        if (path[^1] is int index)
        {
            parent[index] = value;
        }
        else
        {
            parent[(string)path[^1]] = value;
        }
    }
}
