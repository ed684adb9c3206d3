using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rekor.Core.Canonical;
using Rekor.Core.Pki.Tuf;
using Rekor.Core.Tests.Types;
using Rekor.Core.Types;
using Rekor.Core.Types.Tuf.V001;

namespace Rekor.Core.Tests.Tuf;

/// <summary>
/// tuf 0.0.1 and the TUF root and metadata readers, with documents built and signed in the test (<see cref="TestTuf"/>),
/// checked against Rekor's <c>pkg/types/tuf/v0.0.1/entry.go</c>, <c>pkg/pki/tuf/tuf.go</c> and go-tuf v0.7.0's messages.
/// </summary>
public class TufEntryTests
{
    private static readonly TestTuf.Signer RootKey = TestTuf.Ed25519();
    private static readonly TestTuf.Signer TargetsKey = TestTuf.Ecdsa();

    private static JsonObject Root(int targetsThreshold = 1, string expires = TestTuf.Future) =>
        TestTuf.Sign(TestTuf.RootSigned([RootKey], 1, [TargetsKey], targetsThreshold, expires), RootKey);

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static async Task<EntryOutcome<byte[]>> Canonicalize(string json)
    {
        var entry = LoggedEntry.Parse(json);
        var validated = entry.Validate();
        return validated.Succeeded ? await entry.CanonicalizeAsync(CancellationToken.None) : EntryOutcome<byte[]>.Fail(validated.Error!);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Metadata_signed_by_the_roots_targets_key_is_admitted_with_both_documents_as_base64_JCS(bool asBase64)
    {
        var root = Root();
        var metadata = TestTuf.Sign(TestTuf.TargetsSigned(), TargetsKey);
        var entry = LoggedEntry.Parse(TestTuf.Entry(metadata, root, asBase64));

        Assert.True(entry.Validate().Succeeded);
        var canonical = await entry.CanonicalizeAsync(CancellationToken.None);
        Assert.True(canonical.Succeeded, canonical.Error?.Message);

        var rootJcs = JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(root.ToJsonString()));
        var metadataJcs = JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(metadata.ToJsonString()));
        var expected = "{\"apiVersion\":\"0.0.1\",\"kind\":\"tuf\",\"spec\":{\"metadata\":{\"content\":\"" + Convert.ToBase64String(metadataJcs)
            + "\"},\"root\":{\"content\":\"" + Convert.ToBase64String(rootJcs) + "\"},\"spec_version\":\"1.0.31\"}}";
        Assert.Equal(expected, Encoding.UTF8.GetString(canonical.Value!));

        var keys = await entry.IndexKeysAsync(CancellationToken.None);
        Assert.Equal([Hex(metadataJcs), "targets", "3", Hex(rootJcs)], keys.Value!);

        var stored = Assert.IsType<TufV001Entry>(LoggedEntry.Parse(canonical.Value!));
        Assert.Equal(canonical.Value, stored.CanonicalizeStoredEntry().Value);
        Assert.True((await stored.VerifyAsync(CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task Every_key_type_go_tuf_supports_signs()
    {
        foreach (var signer in new[] { TestTuf.Ed25519(), TestTuf.Ecdsa(), TestTuf.Rsa() })
        {
            var root = TestTuf.Sign(TestTuf.RootSigned([signer], 1, [signer], 1), signer);
            var metadata = TestTuf.Sign(TestTuf.TargetsSigned(), signer);

            var outcome = await Canonicalize(TestTuf.Entry(metadata, root));

            Assert.True(outcome.Succeeded, $"{signer.PublicKey["keytype"]}: {outcome.Error?.Message}");
        }
    }

    [Fact]
    public async Task A_root_is_itself_metadata_of_the_root_role()
    {
        var root = Root();

        Assert.True((await Canonicalize(TestTuf.Entry(root, root))).Succeeded);
    }

    [Fact]
    public async Task Thresholds_count_distinct_valid_keys()
    {
        var second = TestTuf.Rsa();
        var root = TestTuf.Sign(TestTuf.RootSigned([RootKey], 1, [TargetsKey, second], 2), RootKey);

        Assert.True((await Canonicalize(TestTuf.Entry(TestTuf.Sign(TestTuf.TargetsSigned(), TargetsKey, second), root))).Succeeded);
        Assert.Equal("tuf: valid signatures did not meet threshold", (await Canonicalize(TestTuf.Entry(TestTuf.Sign(TestTuf.TargetsSigned(), TargetsKey), root))).Error?.Message);
        Assert.Equal("tuf: valid signatures did not meet threshold", (await Canonicalize(TestTuf.Entry(TestTuf.Sign(TestTuf.TargetsSigned(), TargetsKey, TargetsKey), root))).Error?.Message);
    }

    [Fact]
    public async Task Refusals_carry_go_tufs_and_Rekors_messages()
    {
        var root = Root();
        var metadata = TestTuf.Sign(TestTuf.TargetsSigned(), TargetsKey);

        // Signed by a key the root does not trust for targets (the root key), or not at all.
        Assert.Equal("tuf: valid signatures did not meet threshold", (await Canonicalize(TestTuf.Entry(TestTuf.Sign(TestTuf.TargetsSigned(), RootKey), root))).Error?.Message);
        Assert.Equal("tuf: data has no signatures", (await Canonicalize(TestTuf.Entry(TestTuf.Sign(TestTuf.TargetsSigned()), root))).Error?.Message);

        // Tampered after signing.
        var tampered = metadata.DeepClone().AsObject();
        tampered["signed"]!["version"] = 4;
        Assert.Equal("tuf: valid signatures did not meet threshold", (await Canonicalize(TestTuf.Entry(tampered, root))).Error?.Message);

        // A root its own root role did not sign; an expired root; expired metadata; an unknown role.
        var unsigned = TestTuf.Sign(TestTuf.RootSigned([RootKey], 1, [TargetsKey], 1), TargetsKey);
        Assert.Equal("tuf: valid signatures did not meet threshold", (await Canonicalize(TestTuf.Entry(metadata, unsigned))).Error?.Message);
        Assert.Equal("expired at 2020-01-01 00:00:00 +0000 UTC", (await Canonicalize(TestTuf.Entry(metadata, Root(expires: "2020-01-01T00:00:00Z")))).Error?.Message);
        Assert.Equal("expired at 2021-06-01 12:00:00 +0000 UTC", (await Canonicalize(TestTuf.Entry(TestTuf.Sign(TestTuf.TargetsSigned(expires: "2021-06-01T12:00:00Z"), TargetsKey), root))).Error?.Message);
        var mirrors = TestTuf.TargetsSigned();
        mirrors["_type"] = "mirrors";
        Assert.Equal("tuf: unknown role \"mirrors\"", (await Canonicalize(TestTuf.Entry(TestTuf.Sign(mirrors, TargetsKey), root))).Error?.Message);

        // Broken base64 (a missing content is the schema's refusal, before the kind sees it).
        Assert.Equal("base64 decoding TUF metadata content: illegal base64 data", (await Canonicalize("{\"kind\":\"tuf\",\"apiVersion\":\"0.0.1\",\"spec\":{\"metadata\":{\"content\":\"%%%\"},\"root\":{\"content\":{}}}}")).Error?.Message);
    }

    [Fact]
    public void Hostile_documents_are_refused_without_exceptions()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var text in new[]
        {
            "", "[]", "null", "{\"signed\":1}", "{\"signed\":{},\"signatures\":{}}", "{\"signed\":{},\"signatures\":[{\"sig\":\"xyz\"}]}",
            "{\"signed\":{\"_type\":1}}", "{\"signed\":{\"version\":\"1\"}}", new string('[', 100_000), "{\"signed\":{\"keys\":{\"a\":{\"keytype\":\"ed25519\",\"keyval\":{\"public\":\"00\"}}}}}",
            "{\"signed\":{\"roles\":{\"root\":{\"threshold\":0}}}}", "{\"signed\":{\"n\":-1e400}}", "{\"signed\":{\"a\":1,\"a\":2}}",
        })
        {
            Assert.False(TufRoot.TryRead(Encoding.UTF8.GetBytes(text), now, out _, out var error), text);
            Assert.False(string.IsNullOrEmpty(error));
        }

        var random = new Random(7);
        var valid = Encoding.UTF8.GetBytes(Root().ToJsonString());
        for (var i = 0; i < 2000; i++)
        {
            var mutated = (byte[])valid.Clone();
            mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            TufRoot.TryRead(mutated, now, out _, out _);
        }
    }

    [Fact]
    public void A_client_builds_a_verified_entry_from_metadata_and_root()
    {
        var root = Encoding.UTF8.GetBytes(Root().ToJsonString());
        var metadata = Encoding.UTF8.GetBytes(TestTuf.Sign(TestTuf.TargetsSigned(), TargetsKey).ToJsonString());

        Assert.True(TufV001Entry.FromArtifact(new ArtifactInput { Artifact = metadata, VerificationMaterial = root }).Succeeded);
        Assert.False(TufV001Entry.FromArtifact(new ArtifactInput { Artifact = root, VerificationMaterial = metadata }).Succeeded);
    }
}

/// <summary>go-tuf verifies RSASSA-PSS with any salt length (Go's PSSSaltLengthAuto); BouncyCastle signs with the lengths chosen here.</summary>
public class TufRsaPssSaltTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(32)]
    [InlineData(222)]
    public void An_RSA_PSS_signature_verifies_whatever_its_salt_length(int saltLength)
    {
        using var rsa = RSA.Create(2048);
        var message = "the canonical signed object"u8.ToArray();
        var signer = new Org.BouncyCastle.Crypto.Signers.PssSigner(
            new Org.BouncyCastle.Crypto.Engines.RsaBlindedEngine(), new Org.BouncyCastle.Crypto.Digests.Sha256Digest(), saltLength);
        signer.Init(true, Org.BouncyCastle.Security.DotNetUtilities.GetRsaKeyPair(rsa).Private);
        signer.BlockUpdate(message, 0, message.Length);
        var signature = signer.GenerateSignature();

        Assert.True(RsaPssAnySalt.Verify(rsa.ExportSubjectPublicKeyInfo(), message, signature));
        Assert.False(RsaPssAnySalt.Verify(rsa.ExportSubjectPublicKeyInfo(), [.. message, 0], signature));
        signature[^1] ^= 1;
        Assert.False(RsaPssAnySalt.Verify(rsa.ExportSubjectPublicKeyInfo(), message, signature));
    }
}
