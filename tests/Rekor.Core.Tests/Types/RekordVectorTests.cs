using System.Text;
using System.Text.Json;
using Rekor.Core.Canonical;
using Rekor.Core.Merkle;
using Rekor.Core.Tests.Vectors;
using Rekor.Core.Types;
using Rekor.Core.Types.Rekord.V001;

namespace Rekor.Core.Tests.Types;

/// <summary>
/// Every rekord entry logged by a real Rekor (all x509). A logged rekord body keeps only the artifact's hash, so
/// its signature cannot be checked from the body: these tests re-derive the canonical bytes from it, and the
/// signature checks over content are in <see cref="RekordV001EntryTests"/> with artifacts of our own.
/// </summary>
public class RekordVectorTests
{
    public static TheoryData<string> Files() => EntryVector.FilesOf("rekord");

    [Theory]
    [MemberData(nameof(Files))]
    public void Recanonicalizing_a_logged_body_gives_its_bytes_and_its_leaf_hash(string file)
    {
        var vector = EntryVector.Named(file);
        var entry = Assert.IsType<RekordV001Entry>(LoggedEntry.Parse(vector.Body));

        var canonical = entry.CanonicalizeStoredEntry();

        Assert.True(canonical.Succeeded, canonical.Error?.Message);
        Assert.Equal(vector.LeafHashHex, Rfc6962.HashLeaf(vector.Body).ToHex());
        Assert.EndsWith(vector.LeafHashHex, vector.EntryKey, StringComparison.Ordinal);
        if (EntryVector.PreJcsBodies.Contains(file))
        {
            // Documented difference (vectors README §8.1): the same members, in Go struct order rather than JCS order.
            Assert.NotEqual(vector.Body, canonical.Value);
            Assert.Equal(JsonCanonicalizer.Canonicalize(vector.Body), canonical.Value);
            Assert.StartsWith("{\"apiVersion\":\"0.0.1\",\"spec\":", Encoding.UTF8.GetString(vector.Body), StringComparison.Ordinal);
            Assert.NotEqual(vector.LeafHashHex, Rfc6962.HashLeaf(canonical.Value).ToHex());
        }
        else
        {
            Assert.Equal(Encoding.UTF8.GetString(vector.Body), Encoding.UTF8.GetString(canonical.Value!));
            Assert.Equal(vector.LeafHashHex, Rfc6962.HashLeaf(canonical.Value).ToHex());
        }
    }

    [Fact]
    public void The_proof_only_rekord_body_recanonicalizes_to_its_bytes()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(VectorFiles.PathOf("rekord/proof-only-public-3056587-sigstore-js.json")));
        var body = Convert.FromBase64String(document.RootElement.GetProperty("body").GetString()!);
        var entry = Assert.IsType<RekordV001Entry>(LoggedEntry.Parse(body));

        var canonical = entry.CanonicalizeStoredEntry();

        Assert.Equal(body, canonical.Value);
        Assert.Equal(document.RootElement.GetProperty("leafHash").GetString(), Rfc6962.HashLeaf(canonical.Value).ToHex());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_logged_body_cannot_be_verified_or_inserted_without_the_artifact(string file)
    {
        var entry = LoggedEntry.Parse(EntryVector.Named(file).Body);

        var verified = await entry.VerifyAsync(CancellationToken.None);
        var canonical = await entry.CanonicalizeAsync(CancellationToken.None);

        Assert.Equal(EntryErrorKind.InvalidInput, verified.Error?.Kind);
        Assert.Contains("missing data content", verified.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(EntryErrorKind.InvalidInput, canonical.Error?.Kind);
        Assert.Equal(EntryErrorKind.InvalidInput, entry.Validate().Error?.Kind);
    }

    [Fact]
    public async Task Index_keys_are_the_key_hash_the_certificates_email_and_the_hash()
    {
        var entry = LoggedEntry.Parse(EntryVector.Named("rekord/public-5179-sigstore-python-cosign-bundle.json").Body);

        var keys = await entry.IndexKeysAsync(CancellationToken.None);

        Assert.Equal(
            [
                "88762855f9961c8b132ca0e5a2f841c749956d78cb8aeacec34f74a4608fd3f7",
                "priyawadhwa@google.com",
                "sha256:a4492b0eabdd2312f063290abd797d9d71a3ab28bd65a2c189b0df0d39b8c3b9",
            ],
            keys.Value);
    }

    [Fact]
    public void Every_logged_rekord_vector_is_checked() => Assert.Equal(3, Files().Count);
}
