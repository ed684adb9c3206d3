using System.Text.Json.Nodes;
using Rekor.Core.Verification;

namespace Rekor.Core.Tests.Verification;

/// <summary>Log keys read from a Sigstore <c>trusted_root.json</c>.</summary>
public class TrustedRootTests
{
    public static TheoryData<string> Files() => [.. VectorBundleEntry.Files];

    [Fact]
    public void The_v1_logs_of_a_trusted_root_are_trusted_and_the_v2_logs_left_out()
    {
        var keys = TrustedLogKeys.FromTrustedRoot(VectorTrustedRoot.Build().ToJsonString());

        Assert.Equal(VectorTrustedRoot.V1LogIds(), keys.Keys.Select(k => k.LogId.ToHex()).ToHashSet(StringComparer.Ordinal));
        Assert.Equal(3, keys.Keys.Count);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_bundle_entry_verifies_with_the_keys_of_the_trusted_root(string file)
    {
        var vector = VectorBundleEntry.Read(file);
        var keys = TrustedLogKeys.FromTrustedRoot(VectorTrustedRoot.Build().ToJsonString());

        var result = BundleTlogEntryVerifier.Verify(VectorBundleEntry.Element(vector.Tlog), keys);

        Assert.True(result.IsVerified, result.ToString());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("{\"tlogs\":{}}")]
    [InlineData("{\"tlogs\":[{\"logId\":{\"keyId\":\"AAAA\"}}]}")]
    [InlineData("{\"tlogs\":[{\"publicKey\":{\"rawBytes\":\"%%%\"},\"logId\":{\"keyId\":\"AAAA\"}}]}")]
    [InlineData("{\"tlogs\":[{\"publicKey\":{\"rawBytes\":\"AAAA\"},\"logId\":{\"keyId\":\"AAAA\"}}]}")]
    public void A_trusted_root_that_does_not_read_is_refused_with_a_format_exception(string json)
    {
        var e = Assert.Throws<FormatException>(() => TrustedLogKeys.FromTrustedRoot(json));

        Assert.StartsWith("couldn't read the trusted root", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_v1_log_without_a_log_id_is_refused()
    {
        var root = VectorTrustedRoot.Build();
        root["tlogs"]![0]!.AsObject().Remove("logId");

        Assert.Throws<FormatException>(() => TrustedLogKeys.FromTrustedRoot(root.ToJsonString()));
    }

    [Fact]
    public void A_trusted_root_without_tlogs_entries_trusts_no_key()
    {
        var root = new JsonObject { ["tlogs"] = new JsonArray() };

        Assert.Empty(TrustedLogKeys.FromTrustedRoot(root.ToJsonString()).Keys);
    }
}
