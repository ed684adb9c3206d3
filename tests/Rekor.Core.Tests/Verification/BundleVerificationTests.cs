using System.Text.Json.Nodes;
using Rekor.Core.Verification;
using static Rekor.Core.Tests.Verification.BundleTlogTampering;

namespace Rekor.Core.Tests.Verification;

/// <summary>Whole bundles: every <c>verificationMaterial.tlogEntries[i]</c> verified, in order.</summary>
public class BundleVerificationTests
{
    private const string File = "dsse/public-155690850-conformance-happy-path.json";

    private static JsonObject Bundle(params JsonNode[] tlogEntries) => new()
    {
        ["mediaType"] = "application/vnd.dev.sigstore.bundle.v0.3+json",
        ["verificationMaterial"] = new JsonObject
        {
            ["certificate"] = new JsonObject { ["rawBytes"] = "AAAA" },
            ["tlogEntries"] = new JsonArray([.. tlogEntries.Select(e => e.DeepClone())]),
        },
        ["dsseEnvelope"] = new JsonObject(),
    };

    [Fact]
    public void A_bundle_whose_tlog_entries_all_verify_is_verified()
    {
        var vector = VectorBundleEntry.Read(File);

        var result = BundleTlogEntryVerifier.VerifyBundle(Bundle(vector.Tlog, vector.Tlog).ToJsonString(), vector.V1.TrustedKeys);

        Assert.Null(result.Problem);
        Assert.Equal(2, result.Entries.Count);
        Assert.True(result.IsVerified, result.ToString());
    }

    [Fact]
    public void One_tampered_tlog_entry_fails_the_bundle_and_is_reported_at_its_place()
    {
        var vector = VectorBundleEntry.Read(File);
        var tampered = WithBase64Byte(vector.Tlog, t => t["inclusionPromise"]!.AsObject(), "signedEntryTimestamp", 3);

        var result = BundleTlogEntryVerifier.VerifyBundle(Bundle(vector.Tlog, tampered).ToJsonString(), vector.V1.TrustedKeys);

        Assert.False(result.IsVerified);
        Assert.True(result.Entries[0].IsVerified);
        Assert.True(result.Entries[1][VerificationCheck.SignedEntryTimestamp].Failed);
        Assert.Contains("tlogEntries[1]", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Proto_field_names_reach_the_tlog_entries()
    {
        var vector = VectorBundleEntry.Read(File);
        var bundle = new JsonObject { ["verification_material"] = new JsonObject { ["tlog_entries"] = new JsonArray(vector.Tlog.DeepClone()) } };

        Assert.True(BundleTlogEntryVerifier.VerifyBundle(bundle.ToJsonString(), vector.V1.TrustedKeys).IsVerified);
    }

    [Theory]
    [InlineData("{\"verificationMaterial\":", "not JSON")]
    [InlineData("[]", "no verificationMaterial.tlogEntries array")]
    [InlineData("{}", "no verificationMaterial.tlogEntries array")]
    [InlineData("{\"verificationMaterial\":{}}", "no verificationMaterial.tlogEntries array")]
    [InlineData("{\"verificationMaterial\":{\"tlogEntries\":{}}}", "no verificationMaterial.tlogEntries array")]
    [InlineData("{\"verificationMaterial\":{\"tlogEntries\":[]}}", "tlogEntries is empty")]
    public void A_bundle_without_tlog_entries_is_not_verified_and_says_why(string json, string problem)
    {
        var result = BundleTlogEntryVerifier.VerifyBundle(json, VectorBundleEntry.Read(File).V1.TrustedKeys);

        Assert.False(result.IsVerified);
        Assert.Empty(result.Entries);
        Assert.Contains(problem, result.Problem, StringComparison.Ordinal);
    }
}
