using System.Security.Cryptography;
using System.Text;
using Rekor.Core.Pki.X509;
using Rekor.Core.Signing;
using Rekor.Server.Signing.Vault;
using static Rekor.Server.Tests.Signing.Vault.VaultTestSupport;

namespace Rekor.Server.Tests.Signing.Vault;

/// <summary>
/// <see cref="VaultTransitSigner"/> against <see cref="FakeVault"/>: every key type opens, signs what
/// <see cref="LogKey.Verify"/> accepts, and sends the transit requests kms-wire §C describes; the key version is pinned.
/// </summary>
public sealed class VaultTransitSignerTests : IAsyncLifetime, IDisposable
{
    private static readonly byte[] Message = Encoding.UTF8.GetBytes("rekor.sigstore.dev - 1193050959916656506\n42\nabc=\n");

    private readonly HttpClient _http = new();
    private FakeVault _vault = null!;

    public async Task InitializeAsync() => _vault = await FakeVault.StartAsync();

    public Task DisposeAsync() => _vault.DisposeAsync().AsTask();

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData("ecdsa-p256", PublicKeyAlgorithm.EcdsaP256)]
    [InlineData("ecdsa-p384", PublicKeyAlgorithm.EcdsaP384)]
    [InlineData("ecdsa-p521", PublicKeyAlgorithm.EcdsaP521)]
    [InlineData("rsa-2048", PublicKeyAlgorithm.Rsa)]
    [InlineData("ed25519", PublicKeyAlgorithm.Ed25519)]
    public async Task Each_key_type_opens_and_signs_what_LogKey_verifies(string type, PublicKeyAlgorithm algorithm)
    {
        var key = _vault.AddKey("rekor", type);

        var signer = await OpenAsync(_vault, _http);
        var signature = await signer.SignAsync(Message, CancellationToken.None);

        Assert.Equal(algorithm, signer.PublicKey.Algorithm);
        Assert.Equal(PublicKeyOf(key, 1), signer.PublicKey);
        Assert.Equal(1, signer.KeyVersion);
        Assert.True(signer.PublicKey.Verify(Message, signature));
        Assert.False(signer.PublicKey.Verify("another message"u8, signature));
    }

    [Theory]
    [InlineData("ecdsa-p256")]
    [InlineData("ecdsa-p384")]
    [InlineData("rsa-2048")]
    public async Task ECDSA_and_RSA_send_the_SHA256_digest_prehashed_with_the_pinned_version(string type)
    {
        _vault.AddKey("rekor", type);
        var signer = await OpenAsync(_vault, _http);

        await signer.SignAsync(Message, CancellationToken.None);

        var read = _vault.Requests.First();
        Assert.Equal(("GET", "/v1/transit/keys/rekor", _vault.Token), (read.Method, read.Path, read.Token));
        var sign = _vault.Requests.Last();
        Assert.Equal(("POST", "/v1/transit/sign/rekor/sha2-256", _vault.Token), (sign.Method, sign.Path, sign.Token));
        var body = sign.Json;
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(Message)), (string?)body["input"]);
        Assert.True((bool?)body["prehashed"]);
        Assert.Equal("sha2-256", (string?)body["hash_algorithm"]);
        Assert.Equal("asn1", (string?)body["marshaling_algorithm"]);
        Assert.Equal(1, (int?)body["key_version"]);
        Assert.Equal(type.StartsWith("rsa", StringComparison.Ordinal) ? "pkcs1v15" : null, (string?)body["signature_algorithm"]);
    }

    [Fact]
    public async Task Ed25519_sends_the_message_itself_unhashed_for_pure_Ed25519()
    {
        _vault.AddKey("rekor", "ed25519");
        var signer = await OpenAsync(_vault, _http);

        await signer.SignAsync(Message, CancellationToken.None);

        var sign = _vault.Requests.Last();
        Assert.Equal("/v1/transit/sign/rekor", sign.Path);
        Assert.Equal(Convert.ToBase64String(Message), (string?)sign.Json["input"]);
        Assert.False((bool?)sign.Json["prehashed"]);
        Assert.Null(sign.Json["hash_algorithm"]);
    }

    [Fact]
    public async Task A_nested_mount_path_is_used_for_every_route()
    {
        await using var vault = await FakeVault.StartAsync(mount: "secrets/rekor-transit");
        vault.AddKey("log.key-1", "ecdsa-p256");

        var signer = await OpenAsync(vault, _http, "log.key-1");
        var signature = await signer.SignAsync(Message, CancellationToken.None);

        Assert.True(signer.PublicKey.Verify(Message, signature));
        Assert.Equal("/v1/secrets/rekor-transit/sign/log.key-1/sha2-256", vault.Requests.Last().Path);
    }

    [Fact]
    public async Task Two_hundred_concurrent_signatures_all_verify()
    {
        _vault.AddKey("rekor", "ecdsa-p256");
        var signer = await OpenAsync(_vault, _http);

        var messages = Enumerable.Range(0, 200).Select(i => Encoding.UTF8.GetBytes($"checkpoint {i}\n")).ToArray();
        var signatures = await Task.WhenAll(messages.Select(m => signer.SignAsync(m, CancellationToken.None).AsTask()));

        for (var i = 0; i < messages.Length; i++)
        {
            Assert.True(signer.PublicKey.Verify(messages[i], signatures[i]), $"signature {i}");
        }

        Assert.Equal(201, _vault.Requests.Count);
    }

    [Fact]
    public async Task A_key_rotated_after_open_keeps_signing_with_the_pinned_version()
    {
        var key = _vault.AddKey("rekor", "ecdsa-p256");
        var signer = await OpenAsync(_vault, _http);
        key.Rotate();

        var signature = await signer.SignAsync(Message, CancellationToken.None);

        Assert.Equal(2, key.LatestVersion);
        Assert.Equal(1, (int?)_vault.Requests.Last().Json["key_version"]);
        Assert.True(PublicKeyOf(key, 1).Verify(Message, signature));
        Assert.Equal(PublicKeyOf(key, 1), signer.PublicKey);

        var reopened = await OpenAsync(_vault, _http);
        Assert.Equal(2, reopened.KeyVersion);
        Assert.Equal(PublicKeyOf(key, 2), reopened.PublicKey);
        Assert.NotEqual(signer.PublicKey, reopened.PublicKey);
        var newSignature = await reopened.SignAsync(Message, CancellationToken.None);
        Assert.True(reopened.PublicKey.Verify(Message, newSignature));
    }

    [Theory]
    [InlineData("hashivault://rekor", "rekor")]
    [InlineData("hashivault://a", "a")]
    [InlineData("hashivault://log.key-1_x", "log.key-1_x")]
    [InlineData("openbao://rekor", "rekor")]
    public void Key_URIs_name_one_transit_key(string uri, string name) =>
        Assert.Equal(name, VaultKeyReference.Parse(uri).Name);

    [Theory]
    [InlineData("hashivault://")]
    [InlineData("hashivault://a/b")]
    [InlineData("hashivault://-rekor")]
    [InlineData("hashivault://rekor.")]
    [InlineData("hashivault://re kor")]
    [InlineData("gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k")]
    public void Malformed_key_URIs_are_refused(string uri) =>
        Assert.Throws<FormatException>(() => VaultKeyReference.Parse(uri));

    [Fact]
    public void Settings_come_from_the_environment_as_sigstore_reads_them_and_never_show_the_token()
    {
        var env = new Dictionary<string, string>
        {
            ["VAULT_ADDR"] = "http://127.0.0.1:8200",
            ["BAO_TOKEN"] = "s.very-secret",
            ["TRANSIT_SECRET_ENGINE_PATH"] = "rekor-transit",
        };

        var settings = VaultTransitSettings.FromEnvironment(env.GetValueOrDefault);

        Assert.Equal(new Uri("http://127.0.0.1:8200"), settings.Address);
        Assert.Equal("s.very-secret", settings.Token);
        Assert.Equal("rekor-transit", settings.MountPath);
        Assert.DoesNotContain("s.very-secret", settings.ToString(), StringComparison.Ordinal);
        Assert.Equal("transit", VaultTransitSettings.FromEnvironment(new Dictionary<string, string>
        {
            ["VAULT_ADDR"] = "https://vault:8200",
            ["VAULT_TOKEN"] = "t",
        }.GetValueOrDefault).MountPath);
        Assert.Throws<InvalidOperationException>(() => VaultTransitSettings.FromEnvironment(_ => null));
    }
}
