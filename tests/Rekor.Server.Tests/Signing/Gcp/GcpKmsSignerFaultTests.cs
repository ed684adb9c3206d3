using Rekor.Core.Signing;
using Rekor.Server.Signing.Gcp;
using Rekor.Server.Storage;
using Xunit;

namespace Rekor.Server.Tests.Signing.Gcp;

/// <summary>
/// Faults of asymmetricSign: transient ones (429, 503, slow answers) are retried and, when they persist, reported as
/// <see cref="StorageUnavailableException"/>; integrity failures and refusals are errors and never yield a signature.
/// </summary>
[Collection(nameof(UsesFakeCloudKms))]
public sealed class GcpKmsSignerFaultTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new();
    private static readonly byte[] Message = "checkpoint body\n"u8.ToArray();
    private FakeCloudKms _kms = null!;

    public async Task InitializeAsync() => _kms = await FakeCloudKms.StartAsync();

    public async Task DisposeAsync() => await _kms.DisposeAsync();

    [Fact]
    public async Task Throttling_is_retried_then_succeeds()
    {
        var signer = await OpenAsync(_kms.Settings(retries: 3));
        _kms.ThrottleSigns = 2;

        var signature = await signer.SignAsync(Message, default);

        Assert.True(signer.PublicKey.Verify(Message, signature));
        Assert.Equal(3, _kms.SignCalls);
    }

    [Fact]
    public async Task Unavailability_is_retried_then_succeeds()
    {
        var signer = await OpenAsync(_kms.Settings(retries: 3));
        _kms.UnavailableSigns = 3;

        var signature = await signer.SignAsync(Message, default);

        Assert.True(signer.PublicKey.Verify(Message, signature));
        Assert.Equal(4, _kms.SignCalls);
    }

    [Fact]
    public async Task Persistent_unavailability_is_a_storage_outage_naming_the_version()
    {
        var signer = await OpenAsync(_kms.Settings(retries: 2));
        _kms.UnavailableSigns = 100;

        var e = await Assert.ThrowsAsync<StorageUnavailableException>(() => signer.SignAsync(Message, default).AsTask());

        Assert.Equal(3, _kms.SignCalls);
        Assert.Contains(((GcpKmsSigner)signer).VersionName, e.Message, StringComparison.Ordinal);
        Assert.Contains("503 UNAVAILABLE", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("fake-access-token", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Persistent_throttling_is_a_storage_outage()
    {
        var signer = await OpenAsync(_kms.Settings(retries: 1));
        _kms.ThrottleSigns = 100;

        var e = await Assert.ThrowsAsync<StorageUnavailableException>(() => signer.SignAsync(Message, default).AsTask());

        Assert.Equal(2, _kms.SignCalls);
        Assert.Contains("RESOURCE_EXHAUSTED", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_answer_times_out_and_is_retried()
    {
        var signer = await OpenAsync(_kms.Settings(retries: 1, timeoutSeconds: 0.3));
        _kms.SlowSigns = 1;

        var signature = await signer.SignAsync(Message, default);

        Assert.True(signer.PublicKey.Verify(Message, signature));
        Assert.Equal(2, _kms.SignCalls);
    }

    [Fact]
    public async Task Answers_that_stay_slow_are_a_storage_outage()
    {
        var signer = await OpenAsync(_kms.Settings(retries: 1, timeoutSeconds: 0.3));
        _kms.SlowSigns = 100;

        var e = await Assert.ThrowsAsync<StorageUnavailableException>(() => signer.SignAsync(Message, default).AsTask());

        Assert.Contains("no answer within", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_signature_crc_is_an_error_not_a_signature()
    {
        var signer = await OpenAsync(_kms.Settings());
        _kms.WrongSignatureCrc = true;

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => signer.SignAsync(Message, default).AsTask());
        Assert.Contains("signatureCrc32c", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unverified_digest_crc_is_an_error_not_a_signature()
    {
        var signer = await OpenAsync(_kms.Settings());
        _kms.OmitVerifiedDigest = true;

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => signer.SignAsync(Message, default).AsTask());
        Assert.Contains("CRC32C", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_that_does_not_verify_is_an_error()
    {
        var signer = await OpenAsync(_kms.Settings());
        _kms.CorruptSignature = true;

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => signer.SignAsync(Message, default).AsTask());
        Assert.Contains("does not verify", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Permission_denied_is_permanent_and_not_retried()
    {
        var signer = await OpenAsync(_kms.Settings(retries: 3));
        _kms.DenySign = true;

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => signer.SignAsync(Message, default).AsTask());

        Assert.Equal(1, _kms.SignCalls);
        Assert.Contains("403 PERMISSION_DENIED", e.Message, StringComparison.Ordinal);
        Assert.Contains(((GcpKmsSigner)signer).VersionName, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_service_is_a_storage_outage()
    {
        var key = _kms.AddKey("unreachable");
        key.AddEcdsa();
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var settings = _kms.Settings(retries: 1) with { Endpoint = new Uri($"http://127.0.0.1:{closedPort}/") };
        var e = await Assert.ThrowsAsync<StorageUnavailableException>(() => GcpKmsSigner.OpenAsync(key.Uri, settings, Http, default));
        Assert.Contains(key.Name, e.Message, StringComparison.Ordinal);
    }

    private async Task<ILogSigner> OpenAsync(GcpKmsSettings settings)
    {
        var key = _kms.AddKey("faulty");
        key.AddEcdsa();
        return await GcpKmsSigner.OpenAsync(key.Uri, settings, Http, default);
    }
}
