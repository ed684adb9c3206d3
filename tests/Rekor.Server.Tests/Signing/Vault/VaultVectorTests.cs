using System.Text;
using Rekor.Core.Signing;
using Rekor.Server.Signing.Vault;
using static Rekor.Server.Tests.Signing.Vault.VaultTestSupport;

namespace Rekor.Server.Tests.Signing.Vault;

/// <summary>The shared test vector of kms-wire §0, served as §C.4 shows: key read, sign request and answer.</summary>
public sealed class VaultVectorTests
{
    private const string MessageText = "synthetic checkpoint body\n";
    private const string DigestBase64 = "e7nJ22MMMTMOEIaZ6fIhRKi9OKeDUx76Oe03jfD1o/o=";
    private const string SignatureBase64 = "MEUCIQCEMj/2MdGKVG9sWvtTSQvUeFiDOieTLo5F6Z9A8EsrYQIgUsFv1eez5g3UQ125tMA1XNmOvrIUJEThBt73DXZ7LuQ=";
    private const string SpkiBase64 = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAErMeh6HQXIyrSGOwC7FcGOWr+DMSMQIhu/eqt8d9uf5aWcANtn3ljevfMKXh9YDqs7IIV7K/3JYQVMHiODguBpw==";
    private const string Pem =
        "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAErMeh6HQXIyrSGOwC7FcGOWr+DMSM\nQIhu/eqt8d9uf5aWcANtn3ljevfMKXh9YDqs7IIV7K/3JYQVMHiODguBpw==\n-----END PUBLIC KEY-----\n";

    [Fact]
    public async Task The_vector_key_read_and_sign_give_the_vector_key_and_signature()
    {
        await using var vault = await FakeVault.StartAsync(token: "test-token");
        vault.AddKey(FakeTransitKey.WithPublicKey("rekor", "ecdsa-p256", Pem, new Dictionary<string, byte[]>
        {
            [DigestBase64] = Convert.FromBase64String(SignatureBase64),
        }));
        using var http = new HttpClient();

        var signer = await OpenAsync(vault, http);
        var signature = await signer.SignAsync(Encoding.UTF8.GetBytes(MessageText), CancellationToken.None);

        Assert.Equal(LogKey.FromSpki(Convert.FromBase64String(SpkiBase64)), signer.PublicKey);
        Assert.Equal(Pem, signer.PublicKey.ToPem());
        Assert.Equal(SignatureBase64, Convert.ToBase64String(signature));
        var sign = vault.Requests.Last();
        Assert.Equal("/v1/transit/sign/rekor/sha2-256", sign.Path);
        Assert.Equal(DigestBase64, (string?)sign.Json["input"]);
        Assert.True((bool?)sign.Json["prehashed"]);
    }

    [Fact]
    public void The_vector_signature_in_transit_form_parses_to_its_bytes_and_version()
    {
        Assert.True(VaultSignature.TryParse("vault:v1:" + SignatureBase64, out var version, out var signature));
        Assert.Equal(1, version);
        Assert.Equal(71, signature.Length);
        Assert.True(LogKey.FromPem(Pem).Verify(Encoding.UTF8.GetBytes(MessageText), signature));
    }

    [Theory]
    [InlineData("")]
    [InlineData("v1:" + SignatureBase64)]
    [InlineData("vault:v:" + SignatureBase64)]
    [InlineData("vault:v0:" + SignatureBase64)]
    [InlineData("vault:v-1:" + SignatureBase64)]
    [InlineData("vault:v1:")]
    [InlineData("vault:v1:not base64!")]
    public void Malformed_transit_signatures_are_refused(string text) =>
        Assert.False(VaultSignature.TryParse(text, out _, out _));
}
