using Rekor.Server.Signing.Vault;
using Rekor.Server.Storage;
using static Rekor.Server.Tests.Signing.Vault.VaultTestSupport;

namespace Rekor.Server.Tests.Signing.Vault;

/// <summary>
/// Faults of <see cref="FakeVault"/> and what the signer makes of them: transient ones (503 sealed, 429, slow answers,
/// no listener) are retried and then become <see cref="StorageUnavailableException"/>; refusals and wrong answers become
/// <see cref="InvalidOperationException"/> at once; no message holds the token.
/// </summary>
public sealed class VaultFaultTests : IAsyncLifetime, IDisposable
{
    private static readonly byte[] Message = "a checkpoint\n"u8.ToArray();

    private readonly HttpClient _http = new();
    private FakeVault _vault = null!;

    public async Task InitializeAsync()
    {
        _vault = await FakeVault.StartAsync();
        _vault.AddKey("rekor", "ecdsa-p256");
    }

    public Task DisposeAsync() => _vault.DisposeAsync().AsTask();

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    [InlineData(500)]
    public async Task Transient_failures_within_the_retries_are_ridden_out(int status)
    {
        _vault.FailNext(3, status);
        var signer = await OpenAsync(_vault, _http);
        _vault.FailNext(3, status);

        var signature = await signer.SignAsync(Message, CancellationToken.None);

        Assert.True(signer.PublicKey.Verify(Message, signature));
        Assert.Equal(8, _vault.Requests.Count);
    }

    [Theory]
    [InlineData(503, "sealed")]
    [InlineData(429, "rate limited")]
    public async Task Persistent_transient_failures_on_sign_become_StorageUnavailable_naming_the_key(int status, string description)
    {
        var signer = await OpenAsync(_vault, _http);
        _vault.FailNext(100, status);

        var e = await Assert.ThrowsAsync<StorageUnavailableException>(() => signer.SignAsync(Message, CancellationToken.None).AsTask());

        Assert.Contains("signing with Vault transit key 'rekor'", e.Message, StringComparison.Ordinal);
        Assert.Contains($"HTTP {status}", e.Message, StringComparison.Ordinal);
        Assert.Contains(description, e.Message, StringComparison.Ordinal);
        Assert.Contains("4 attempts", e.Message, StringComparison.Ordinal);
        Assert.Equal(1 + 4, _vault.Requests.Count);
        AssertNoToken(e, _vault.Token);
    }

    [Fact]
    public async Task A_sealed_Vault_at_open_becomes_StorageUnavailable()
    {
        _vault.FailNext(100, 503);

        var e = await Assert.ThrowsAsync<StorageUnavailableException>(() => OpenAsync(_vault, _http));

        Assert.Contains("reading Vault transit key 'rekor'", e.Message, StringComparison.Ordinal);
        AssertNoToken(e, _vault.Token);
    }

    [Fact]
    public async Task One_slow_answer_is_retried()
    {
        var settings = Settings(_vault) with { Timeout = TimeSpan.FromSeconds(1) };
        var signer = await OpenAsync(_vault, _http, settings: settings);
        _vault.DelayNext(1, TimeSpan.FromSeconds(10));

        var signature = await signer.SignAsync(Message, CancellationToken.None);

        Assert.True(signer.PublicKey.Verify(Message, signature));
        Assert.Equal(3, _vault.Requests.Count);
    }

    [Fact]
    public async Task Answers_slower_than_the_timeout_every_time_become_StorageUnavailable()
    {
        var settings = Settings(_vault) with { Timeout = TimeSpan.FromSeconds(1), Retries = 1 };
        var signer = await OpenAsync(_vault, _http, settings: settings);
        _vault.DelayNext(100, TimeSpan.FromSeconds(10));

        var e = await Assert.ThrowsAsync<StorageUnavailableException>(() => signer.SignAsync(Message, CancellationToken.None).AsTask());

        Assert.Contains("no answer within 1000 ms", e.Message, StringComparison.Ordinal);
        Assert.Contains("'rekor'", e.Message, StringComparison.Ordinal);
        AssertNoToken(e, _vault.Token);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_a_timeout()
    {
        var signer = await OpenAsync(_vault, _http);
        _vault.DelayNext(100, TimeSpan.FromSeconds(10));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => signer.SignAsync(Message, cts.Token).AsTask());
    }

    [Fact]
    public async Task A_Vault_that_is_gone_becomes_StorageUnavailable()
    {
        var signer = await OpenAsync(_vault, _http);
        await _vault.DisposeAsync();

        var e = await Assert.ThrowsAsync<StorageUnavailableException>(() => signer.SignAsync(Message, CancellationToken.None).AsTask());

        Assert.Contains("connection failed", e.Message, StringComparison.Ordinal);
        AssertNoToken(e, _vault.Token);
    }

    [Fact]
    public async Task A_wrong_token_is_permission_denied_at_once_without_showing_the_token()
    {
        const string wrong = "hvs.WRONG-token-should-never-be-shown";

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => OpenAsync(_vault, _http, settings: Settings(_vault, wrong)));

        Assert.Contains("permission", e.Message, StringComparison.Ordinal);
        Assert.Contains("'rekor'", e.Message, StringComparison.Ordinal);
        Assert.Single(_vault.Requests);
        AssertNoToken(e, wrong);
        AssertNoToken(e, _vault.Token);
    }

    [Fact]
    public async Task A_403_on_sign_is_final_and_a_token_echoed_by_Vault_is_scrubbed()
    {
        var signer = await OpenAsync(_vault, _http);
        _vault.ForbidAll = true;

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => signer.SignAsync(Message, CancellationToken.None).AsTask());

        Assert.Contains("HTTP 403", e.Message, StringComparison.Ordinal);
        Assert.Contains("<redacted>", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, _vault.Requests.Count);
        AssertNoToken(e, _vault.Token);
    }

    [Fact]
    public async Task A_token_with_a_stray_newline_is_refused_before_any_request_without_showing_it()
    {
        const string bad = "hvs.secret-with-newline\n";

        var e = await Assert.ThrowsAsync<ArgumentException>(() => OpenAsync(_vault, _http, settings: Settings(_vault, bad)));

        Assert.Empty(_vault.Requests);
        AssertNoToken(e, bad.TrimEnd());
    }

    [Fact]
    public async Task An_unknown_key_is_a_clear_error()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => OpenAsync(_vault, _http, "missing"));

        Assert.Contains("'missing'", e.Message, StringComparison.Ordinal);
        Assert.Contains("404", e.Message, StringComparison.Ordinal);
        Assert.Contains("transit", e.Message, StringComparison.Ordinal);
        AssertNoToken(e, _vault.Token);
    }

    [Fact]
    public async Task A_key_type_that_cannot_sign_is_refused()
    {
        _vault.AddKey("aes", "aes256-gcm96");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => OpenAsync(_vault, _http, "aes"));

        Assert.Contains("aes256-gcm96", e.Message, StringComparison.Ordinal);
        Assert.Contains("cannot sign", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_latest_version_that_is_not_a_number_is_refused()
    {
        _vault.LatestVersionAsString = true;

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => OpenAsync(_vault, _http));

        Assert.Contains("latest_version", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_garbage_signature_is_never_returned()
    {
        var signer = await OpenAsync(_vault, _http);
        _vault.GarbageSignatures = true;

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => signer.SignAsync(Message, CancellationToken.None).AsTask());

        Assert.Contains("does not verify", e.Message, StringComparison.Ordinal);
        AssertNoToken(e, _vault.Token);
    }

    [Fact]
    public async Task A_signature_by_another_version_is_refused()
    {
        var signer = await OpenAsync(_vault, _http);
        _vault.WrongSignatureVersion = true;

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => signer.SignAsync(Message, CancellationToken.None).AsTask());

        Assert.Contains("version 2 instead", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_never_show_the_token()
    {
        var settings = Settings(_vault);
        var signer = await OpenAsync(_vault, _http);

        Assert.DoesNotContain(_vault.Token, settings.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_vault.Token, signer.ToString(), StringComparison.Ordinal);
    }
}
