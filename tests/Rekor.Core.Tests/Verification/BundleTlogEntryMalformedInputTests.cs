using System.Text.Json;
using System.Text.Json.Nodes;
using Rekor.Core.Verification;
using static Rekor.Core.Tests.Verification.BundleTlogTampering;
using static Rekor.Core.Verification.VerificationCheck;

namespace Rekor.Core.Tests.Verification;

/// <summary>
/// A bundle comes from anyone: a missing field, a field of the wrong JSON type or bad base64 is a failed check, with
/// the field named in the reason, never an exception. Each case changes one field of a real entry that carries every
/// piece (SET, proof, checkpoint) and expects exactly the checks that field feeds to fail.
/// </summary>
public class BundleTlogEntryMalformedInputTests
{
    private const string File = "hashedrekord/public-27246492-conformance-happy-path-v01.json";

    private static readonly VerificationCheck[] CheckpointContents = [CheckpointMatchesProof, CheckpointTreeIdMatchesKey];

    private static readonly Dictionary<string, (Action<JsonObject> Change, VerificationCheck[] Fails, bool KindVersionFails)> Cases = new()
    {
        ["no canonicalizedBody"] = (t => t.Remove("canonicalizedBody"), [BodyHashMatchesKey, SignedEntryTimestamp, InclusionProof], true),
        ["canonicalizedBody not base64"] = (t => t["canonicalizedBody"] = "not base64!", [BodyHashMatchesKey, SignedEntryTimestamp, InclusionProof], true),
        ["canonicalizedBody a number"] = (t => t["canonicalizedBody"] = 42, [BodyHashMatchesKey, SignedEntryTimestamp, InclusionProof], true),
        ["canonicalizedBody empty"] = (t => t["canonicalizedBody"] = "", [BodyHashMatchesKey, SignedEntryTimestamp, InclusionProof], true),
        ["no logId"] = (t => t.Remove("logId"), [SignedEntryTimestamp, CheckpointSignature], false),
        ["logId.keyId not base64"] = (t => t["logId"]!["keyId"] = "%%%", [SignedEntryTimestamp, CheckpointSignature], false),
        ["logId.keyId of 31 bytes"] = (t => t["logId"]!["keyId"] = Convert.ToBase64String(new byte[31]), [SignedEntryTimestamp, CheckpointSignature], false),
        ["logId a string"] = (t => t["logId"] = "wNI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0=", [SignedEntryTimestamp, CheckpointSignature], false),
        ["logIndex not an int64"] = (t => t["logIndex"] = "twelve", [SignedEntryTimestamp], false),
        ["logIndex beyond int64"] = (t => t["logIndex"] = "9223372036854775808", [SignedEntryTimestamp], false),
        ["integratedTime an object"] = (t => t["integratedTime"] = new JsonObject(), [SignedEntryTimestamp], false),
        ["no integratedTime"] = (t => t.Remove("integratedTime"), [SignedEntryTimestamp], false),
        ["SET not base64"] = (t => t["inclusionPromise"]!["signedEntryTimestamp"] = "***", [SignedEntryTimestamp], false),
        ["inclusionPromise without SET"] = (t => t["inclusionPromise"] = new JsonObject(), [SignedEntryTimestamp], false),
        ["rootHash not base64"] = (t => Proof(t)["rootHash"] = "xyz", [InclusionProof, CheckpointMatchesProof], false),
        ["no rootHash"] = (t => Proof(t).Remove("rootHash"), [InclusionProof, CheckpointMatchesProof], false),
        ["hashes[0] not base64"] = (t => Proof(t)["hashes"]![0] = "@@", [InclusionProof], false),
        ["hashes[0] of 16 bytes"] = (t => Proof(t)["hashes"]![0] = Convert.ToBase64String(new byte[16]), [InclusionProof], false),
        ["hashes a string"] = (t => Proof(t)["hashes"] = "abc", [InclusionProof], false),
        ["treeSize not an int64"] = (t => Proof(t)["treeSize"] = "1e3", [InclusionProof, CheckpointMatchesProof], false),
        ["proof logIndex a boolean"] = (t => Proof(t)["logIndex"] = true, [InclusionProof], false),
        ["checkpoint without envelope"] = (t => Proof(t)["checkpoint"] = new JsonObject(), [CheckpointSignature], false),
        ["checkpoint envelope a number"] = (t => Proof(t)["checkpoint"]!["envelope"] = 1, [CheckpointSignature], false),
        ["checkpoint envelope garbage"] = (t => Proof(t)["checkpoint"]!["envelope"] = "garbage", [CheckpointSignature], false),
        ["inclusionProof an array"] = (t => t["inclusionProof"] = new JsonArray(), [InclusionProof, CheckpointSignature, CheckpointMatchesProof], false),
        ["no kindVersion"] = (t => t.Remove("kindVersion"), [], true),
        ["kindVersion.kind a number"] = (t => t["kindVersion"]!["kind"] = 7, [], true),
        ["kindVersion a string"] = (t => t["kindVersion"] = "hashedrekord/0.0.1", [], true),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void A_malformed_field_fails_the_checks_it_feeds_and_leaves_the_others(string name)
    {
        var vector = VectorBundleEntry.Read(File);
        var baseline = vector.Verify();
        var (change, fails, kindVersionFails) = Cases[name];

        var result = vector.Verify(With(vector.Tlog, change));

        foreach (var check in Enum.GetValues<VerificationCheck>())
        {
            var expected = fails.Contains(check) ? CheckOutcome.Failed
                : CheckpointContents.Contains(check) && fails.Contains(CheckpointSignature) ? CheckOutcome.Skipped
                : baseline[check].Outcome;
            Assert.True(expected == result[check].Outcome, $"{name}: expected {check} {expected}, got {result[check]}");
        }

        Assert.Equal(kindVersionFails, result.KindVersion.Failed);
        Assert.False(result.IsVerified, result.ToString());
        Assert.True(result.HasFailures);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"tlog\"")]
    [InlineData("7")]
    [InlineData("{}")]
    [InlineData("{\"canonicalizedBody\":\"\\ud800\",\"logId\":{\"keyId\":\"\\udfff\"},\"kindVersion\":{\"kind\":\"\\ud800\"}}")]
    [InlineData("{\"inclusionProof\":{\"hashes\":[null,1,{}],\"checkpoint\":[]},\"inclusionPromise\":[]}")]
    public void An_entry_that_is_not_a_tlog_entry_fails_and_nothing_throws(string json)
    {
        using var document = JsonDocument.Parse(json);
        var keys = VectorBundleEntry.Read(File).V1.TrustedKeys;

        var result = BundleTlogEntryVerifier.Verify(document.RootElement, keys);

        Assert.DoesNotContain(result.LogEntry.Checks, c => c.Passed && c.Check != CheckpointTreeIdMatchesKey);
        Assert.True(result[BodyHashMatchesKey].Failed, result.ToString());
        Assert.True(result[SignedEntryTimestamp].Failed || result[SignedEntryTimestamp].Outcome == CheckOutcome.NotApplicable);
        Assert.True(result.KindVersion.Failed);
        Assert.False(result.IsVerified);
    }

    [Fact]
    public void An_undefined_element_fails_and_does_not_throw()
    {
        var result = BundleTlogEntryVerifier.Verify(default, VectorBundleEntry.Read(File).V1.TrustedKeys);

        Assert.All(result.LogEntry.Checks, c => Assert.True(c.Failed, c.ToString()));
        Assert.False(result.IsVerified);
    }

    [Fact]
    public void A_body_that_is_base64_but_not_json_fails_the_kind_version_check()
    {
        var vector = VectorBundleEntry.Read(File);

        var result = vector.Verify(With(vector.Tlog, t => t["canonicalizedBody"] = Convert.ToBase64String("{not json"u8)));

        Assert.True(result.KindVersion.Failed);
        Assert.Contains("not JSON", result.KindVersion.Reason, StringComparison.Ordinal);
        Assert.True(result[SignedEntryTimestamp].Failed);
    }

    [Fact]
    public void Only_null_arguments_throw()
    {
        var vector = VectorBundleEntry.Read(File);

        Assert.Throws<ArgumentNullException>(() => BundleTlogEntryVerifier.Verify(VectorBundleEntry.Element(vector.Tlog), null!));
        Assert.Throws<ArgumentNullException>(() => BundleTlogEntryVerifier.VerifyBundle((string)null!, vector.V1.TrustedKeys));
        Assert.Throws<ArgumentNullException>(() => BundleTlogEntryVerifier.VerifyBundle("{}", null!));
        Assert.Throws<ArgumentNullException>(() => TrustedLogKeys.FromTrustedRoot(null!));
    }
}
