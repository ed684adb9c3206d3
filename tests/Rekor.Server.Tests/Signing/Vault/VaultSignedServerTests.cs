using System.Net;
using System.Text.Json;
using Rekor.Core.Models;
using Rekor.Core.Signing;
using Rekor.Core.Verification;
using Rekor.Server.Tests.Api;

namespace Rekor.Server.Tests.Signing.Vault;

/// <summary>
/// The server process with <c>--rekor_server.signer hashivault://rekor</c> against a fake Vault speaking transit's HTTP
/// API: the log's key is the Vault key, every entry verifies as a Sigstore client verifies it, and while Vault answers
/// 503 a write is a 503 with Retry-After that logs nothing, after which writes resume by themselves.
/// </summary>
public sealed class VaultSignedServerTests : IAsyncLifetime, IDisposable
{
    private readonly SignedArtifacts _artifacts = new();
    private FakeVault _vault = null!;
    private FakeTransitKey _key = null!;
    private VaultServer _server = null!;

    public async Task InitializeAsync()
    {
        _vault = await FakeVault.StartAsync();
        _key = _vault.AddKey("rekor", "ecdsa-p256");
        _server = new VaultServer(_vault);
        await _server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _vault.DisposeAsync();
    }

    public void Dispose()
    {
        _artifacts.Dispose();
        _server?.Dispose();
    }

    [Fact]
    public async Task The_log_key_is_the_vault_key_and_entries_verify_under_it()
    {
        var logKey = LogKey.FromPem(await (await _server.Client.GetAsync("/api/v1/log/publicKey")).Content.ReadAsStringAsync());
        var response = await _server.Client.PostJsonAsync("/api/v1/log/entries", _artifacts.HashedRekord("vault signed " + Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(VaultTestSupport.PublicKeyOf(_key, 1), logKey);
        var member = (await response.JsonAsync()).EnumerateObject().Single();
        var entry = member.Value.Deserialize<LogEntryValue>(Rekor.Core.Types.RekorJson.Options)!;
        var verification = LogEntryVerifier.Verify(member.Name, entry, new TrustedLogKeys([logKey]), new VerificationOptions { ExpectedCheckpointSignerName = "127.0.0.1" });
        Assert.True(verification.IsVerified, string.Join("; ", verification.Checks.Select(c => c.ToString())));
        Assert.Contains(_vault.Requests, r => r.Path.EndsWith("/sign/rekor/sha2-256", StringComparison.Ordinal));
    }

    [Fact]
    public async Task While_vault_is_sealed_writes_are_503s_that_log_nothing_and_then_resume()
    {
        var before = await _server.Client.TreeSizeAsync();
        _vault.FailNext(10_000, 503);

        var refused = await _server.Client.PostJsonAsync("/api/v1/log/entries", _artifacts.HashedRekord("while sealed " + Guid.NewGuid()));

        await refused.AssertErrorAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(before, await _server.Client.TreeSizeAsync());
        Assert.DoesNotContain(_vault.Token, _server.Output, StringComparison.Ordinal);

        _vault.FailNext(0, 503);
        var resumed = await _server.Client.PostJsonAsync("/api/v1/log/entries", _artifacts.HashedRekord("after unseal " + Guid.NewGuid()));
        Assert.Equal(HttpStatusCode.Created, resumed.StatusCode);
        Assert.Equal(before + 1, await _server.Client.TreeSizeAsync());
    }

    [Fact]
    public async Task A_rotation_to_another_vault_key_is_followed_and_the_frozen_shard_keeps_the_first()
    {
        var nextKey = _vault.AddKey("rekor-next", "ecdsa-p256");
        var created = await _server.Client.PostJsonAsync("/api/v1/log/entries", _artifacts.HashedRekord("before rotation " + Guid.NewGuid()));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var frozenTree = (await (await _server.Client.GetAsync("/api/v1/log")).JsonAsync()).GetProperty("treeID").GetString();

        var (exit, output) = await _server.RunCommandAsync(Hosting.RotateCommand.Name, "--rekor_server.signer", "hashivault://rekor-next");

        Assert.True(exit == 0, output);
        Assert.DoesNotContain(_vault.Token, output, StringComparison.Ordinal);
        var after = await _server.Client.PostJsonAsync("/api/v1/log/entries", _artifacts.HashedRekord("after rotation " + Guid.NewGuid()));
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        var member = (await after.JsonAsync()).EnumerateObject().Single();
        var entry = member.Value.Deserialize<LogEntryValue>(Rekor.Core.Types.RekorJson.Options)!;
        var next = VaultTestSupport.PublicKeyOf(nextKey, 1);
        Assert.Equal(next.LogId.ToHex(), entry.LogID);
        var verification = LogEntryVerifier.Verify(member.Name, entry, new TrustedLogKeys([next]), new VerificationOptions { ExpectedCheckpointSignerName = "127.0.0.1" });
        Assert.True(verification.IsVerified, string.Join("; ", verification.Checks.Select(c => c.ToString())));
        Assert.Contains(_vault.Requests, r => r.Path.EndsWith("/sign/rekor-next/sha2-256", StringComparison.Ordinal));
        Assert.Equal(VaultTestSupport.PublicKeyOf(_key, 1), LogKey.FromPem(await (await _server.Client.GetAsync($"/api/v1/log/publicKey?treeID={frozenTree}")).Content.ReadAsStringAsync()));
        Assert.DoesNotContain(_vault.Token, _server.Output, StringComparison.Ordinal);
    }

    /// <summary>A server whose signer is the fake Vault's key <c>rekor</c>, given VAULT_ADDR and VAULT_TOKEN as the chart sets them.</summary>
    private sealed class VaultServer : RunningServer
    {
        public VaultServer(FakeVault vault)
            : base(["--rekor_server.signer", "hashivault://rekor"])
        {
            ExtraEnvironment["VAULT_ADDR"] = vault.Address.ToString().TrimEnd('/');
            ExtraEnvironment["VAULT_TOKEN"] = vault.Token;
        }
    }
}
