using System.Text;
using Rekor.Core.Pki.X509;
using Rekor.Core.Signing;
using Rekor.Server.Signing.Aws;
using Rekor.Server.Storage;
using Xunit;

namespace Rekor.Server.Tests.Signing.Aws;

/// <summary>Opening and signing through <see cref="FakeAwsKms"/>: every key form and spec, concurrency, and each fault.</summary>
[Collection(nameof(AwsKmsTests))]
public sealed class AwsKmsSignerTests
{
    private static readonly byte[] Message = Encoding.UTF8.GetBytes("synthetic checkpoint body\n");

    [Theory]
    [InlineData("id")]
    [InlineData("arn")]
    [InlineData("alias")]
    [InlineData("alias-arn")]
    public async Task Opens_every_key_form_and_signs_verifiably(string form)
    {
        await using var kms = await FakeAwsKms.StartAsync();
        var key = kms.AddKey(FakeKmsKey.EcP256(kms.Region), "alias/rekor");
        var name = form switch
        {
            "id" => key.Id,
            "arn" => key.Arn,
            "alias" => "alias/rekor",
            _ => $"arn:aws:kms:{kms.Region}:{FakeKmsKey.Account}:alias/rekor",
        };

        using var signer = (AwsKmsSigner)await AwsKmsSigner.OpenAsync($"awskms://{kms.Endpoint}/{name}", AwsKmsEnvironment.Settings(), CancellationToken.None);
        var signature = await signer.SignAsync(Message, CancellationToken.None);

        Assert.Equal(key.SpkiDer, signer.PublicKey.SpkiDer.ToArray());
        Assert.Equal(PublicKeyAlgorithm.EcdsaP256, signer.PublicKey.Algorithm);
        Assert.True(signer.PublicKey.Verify(Message, signature));
        Assert.False(signer.PublicKey.Verify(Encoding.UTF8.GetBytes("another body\n"), signature));
        Assert.Equal(1, kms.Calls("DescribeKey"));
        Assert.Equal(1, kms.Calls("GetPublicKey"));
        Assert.Equal(1, kms.Calls("Sign"));
    }

    [Theory]
    [InlineData("ECC_NIST_P384", PublicKeyAlgorithm.EcdsaP384)]
    [InlineData("ECC_NIST_P521", PublicKeyAlgorithm.EcdsaP521)]
    [InlineData("RSA_2048", PublicKeyAlgorithm.Rsa)]
    public async Task Other_specs_sign_what_LogKey_verifies(string spec, PublicKeyAlgorithm algorithm)
    {
        await using var kms = await FakeAwsKms.StartAsync();
        var key = kms.AddKey(spec switch
        {
            "ECC_NIST_P384" => FakeKmsKey.EcP384(kms.Region),
            "ECC_NIST_P521" => FakeKmsKey.EcP521(kms.Region),
            _ => FakeKmsKey.Rsa2048(kms.Region),
        });

        var signer = await AwsKmsSigner.OpenAsync($"awskms://{kms.Endpoint}/{key.Id}", AwsKmsEnvironment.Settings(), CancellationToken.None);
        var signature = await signer.SignAsync(Message, CancellationToken.None);

        Assert.Equal(algorithm, signer.PublicKey.Algorithm);
        Assert.True(signer.PublicKey.Verify(Message, signature));
        ((IDisposable)signer).Dispose();
    }

    [Fact]
    public async Task Signs_200_messages_concurrently()
    {
        await using var kms = await FakeAwsKms.StartAsync();
        kms.AddKey(FakeKmsKey.EcP256(kms.Region), "alias/rekor");
        var signer = await AwsKmsSigner.OpenAsync($"awskms://{kms.Endpoint}/alias/rekor", AwsKmsEnvironment.Settings(), CancellationToken.None);
        var messages = Enumerable.Range(0, 200).Select(i => Encoding.UTF8.GetBytes($"checkpoint {i}\n")).ToArray();

        var signatures = await Task.WhenAll(messages.Select(m => signer.SignAsync(m, CancellationToken.None).AsTask()));

        Assert.All(Enumerable.Range(0, 200), i => Assert.True(signer.PublicKey.Verify(messages[i], signatures[i])));
        Assert.Equal(200, kms.Calls("Sign"));
        ((IDisposable)signer).Dispose();
    }

    [Fact]
    public void Digest_is_the_shared_vector_and_the_vector_verifies_with_LogKey()
    {
        var scheme = AwsKmsSigningScheme.For("ECC_NIST_P256")!;
        Assert.Equal("7bb9c9db630c31330e108699e9f22144a8bd38a783531efa39ed378df0f5a3fa", Convert.ToHexStringLower(scheme.Digest(Message)));
        var p384 = AwsKmsSigningScheme.For("ECC_NIST_P384")!.Digest(Message);
        Assert.Equal(new byte[16], p384[..16]);
        Assert.Equal(scheme.Digest(Message), p384[16..]);
        Assert.Null(AwsKmsSigningScheme.For("ECC_NIST_EDWARDS25519"));
        Assert.Null(AwsKmsSigningScheme.For("SYMMETRIC_DEFAULT"));

        var key = LogKey.FromSpki(Convert.FromBase64String(
            "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAErMeh6HQXIyrSGOwC7FcGOWr+DMSMQIhu/eqt8d9uf5aWcANtn3ljevfMKXh9YDqs7IIV7K/3JYQVMHiODguBpw=="));
        Assert.True(key.Verify(Message, Convert.FromBase64String(
            "MEUCIQCEMj/2MdGKVG9sWvtTSQvUeFiDOieTLo5F6Z9A8EsrYQIgUsFv1eez5g3UQ125tMA1XNmOvrIUJEThBt73DXZ7LuQ=")));
    }

    [Fact]
    public async Task Throttling_is_retried_then_reported_as_unavailable()
    {
        await using var kms = await FakeAwsKms.StartAsync();
        kms.AddKey(FakeKmsKey.EcP256(kms.Region), "alias/rekor");
        var signer = await AwsKmsSigner.OpenAsync($"awskms://{kms.Endpoint}/alias/rekor", AwsKmsEnvironment.Settings(retries: 2), CancellationToken.None);
        kms.Faults.Operation = "Sign";

        kms.Faults.Throttle(2);
        var first = await signer.SignAsync(Message, CancellationToken.None);
        Assert.True(signer.PublicKey.Verify(Message, first));
        Assert.Equal(3, kms.Calls("Sign"));

        kms.Faults.Throttle(100);
        var e = await Assert.ThrowsAsync<StorageUnavailableException>(() => signer.SignAsync(Message, CancellationToken.None).AsTask());
        Assert.Equal(6, kms.Calls("Sign"));
        Assert.Contains("signing with key alias/rekor", e.Message, StringComparison.Ordinal);
        Assert.Contains("ThrottlingException", e.Message, StringComparison.Ordinal);
        AssertNoSecret(e);
    }

    [Fact]
    public async Task Internal_errors_are_retried_then_reported_as_unavailable()
    {
        await using var kms = await FakeAwsKms.StartAsync();
        var key = kms.AddKey(FakeKmsKey.EcP256(kms.Region));
        kms.Faults.FailInternally(2);
        var signer = await AwsKmsSigner.OpenAsync($"awskms://{kms.Endpoint}/{key.Id}", AwsKmsEnvironment.Settings(retries: 2), CancellationToken.None);
        Assert.Equal(3, kms.Calls("DescribeKey"));

        kms.Faults.FailInternally(100);
        var e = await Assert.ThrowsAsync<StorageUnavailableException>(() => signer.SignAsync(Message, CancellationToken.None).AsTask());
        Assert.Contains("KMSInternalException", e.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 500", e.Message, StringComparison.Ordinal);
        Assert.Contains(key.Id, e.Message, StringComparison.Ordinal);
        AssertNoSecret(e);
    }

    [Fact]
    public async Task A_slow_answer_times_out_and_is_reported_as_unavailable()
    {
        await using var kms = await FakeAwsKms.StartAsync();
        kms.AddKey(FakeKmsKey.EcP256(kms.Region), "alias/rekor");
        var settings = AwsKmsEnvironment.Settings(retries: 1, timeoutSeconds: 0.5);
        var signer = await AwsKmsSigner.OpenAsync($"awskms://{kms.Endpoint}/alias/rekor", settings, CancellationToken.None);
        kms.Faults.Operation = "Sign";
        kms.Faults.SlowDelay = TimeSpan.FromSeconds(10);

        kms.Faults.Slow(1);
        var first = await signer.SignAsync(Message, CancellationToken.None);
        Assert.True(signer.PublicKey.Verify(Message, first));

        kms.Faults.Slow(100);
        var started = DateTime.UtcNow;
        var e = await Assert.ThrowsAsync<StorageUnavailableException>(() => signer.SignAsync(Message, CancellationToken.None).AsTask());
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(8), "the per-call timeout bounds the wait");
        Assert.Contains("signing with key alias/rekor", e.Message, StringComparison.Ordinal);
        AssertNoSecret(e);
    }

    [Fact]
    public async Task The_callers_cancellation_propagates_as_cancellation()
    {
        await using var kms = await FakeAwsKms.StartAsync();
        kms.AddKey(FakeKmsKey.EcP256(kms.Region), "alias/rekor");
        var signer = await AwsKmsSigner.OpenAsync($"awskms://{kms.Endpoint}/alias/rekor", AwsKmsEnvironment.Settings(timeoutSeconds: 30), CancellationToken.None);
        kms.Faults.Operation = "Sign";
        kms.Faults.SlowDelay = TimeSpan.FromSeconds(30);
        kms.Faults.Slow(100);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => signer.SignAsync(Message, cancel.Token).AsTask());
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_reported_as_unavailable()
    {
        string endpoint;
        await using (var kms = await FakeAwsKms.StartAsync())
        {
            endpoint = kms.Endpoint;
        }

        var e = await Assert.ThrowsAsync<StorageUnavailableException>(() =>
            AwsKmsSigner.OpenAsync($"awskms://{endpoint}/alias/rekor", AwsKmsEnvironment.Settings(retries: 1), CancellationToken.None));
        Assert.Contains("describing key alias/rekor", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Access_denied_is_permanent()
    {
        await using var kms = await FakeAwsKms.StartAsync();
        kms.AddKey(FakeKmsKey.EcP256(kms.Region), "alias/rekor");
        kms.Faults.AccessDenied = true;

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            AwsKmsSigner.OpenAsync($"awskms://{kms.Endpoint}/alias/rekor", AwsKmsEnvironment.Settings(), CancellationToken.None));
        Assert.Equal(1, kms.Calls("DescribeKey"));
        Assert.Contains("AccessDeniedException", e.Message, StringComparison.Ordinal);
        Assert.Contains("describing key alias/rekor", e.Message, StringComparison.Ordinal);
        AssertNoSecret(e);
    }

    [Fact]
    public async Task An_unknown_key_is_permanent()
    {
        await using var kms = await FakeAwsKms.StartAsync();
        kms.AddKey(FakeKmsKey.EcP256(kms.Region), "alias/rekor");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            AwsKmsSigner.OpenAsync($"awskms://{kms.Endpoint}/alias/missing", AwsKmsEnvironment.Settings(), CancellationToken.None));
        Assert.Contains("NotFoundException", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, kms.Calls("DescribeKey"));
    }

    [Fact]
    public async Task A_disabled_key_is_refused_at_open_and_when_signing()
    {
        await using var kms = await FakeAwsKms.StartAsync();
        var key = kms.AddKey(FakeKmsKey.EcP256(kms.Region), "alias/rekor");
        var signer = await AwsKmsSigner.OpenAsync($"awskms://{kms.Endpoint}/alias/rekor", AwsKmsEnvironment.Settings(), CancellationToken.None);

        key.KeyState = "Disabled";
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => signer.SignAsync(Message, CancellationToken.None).AsTask());
        Assert.Contains("DisabledException", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, kms.Calls("Sign"));

        key.KeyState = "PendingDeletion";
        e = await Assert.ThrowsAsync<InvalidOperationException>(() => signer.SignAsync(Message, CancellationToken.None).AsTask());
        Assert.Contains("KMSInvalidStateException", e.Message, StringComparison.Ordinal);

        key.KeyState = "Disabled";
        e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            AwsKmsSigner.OpenAsync($"awskms://{kms.Endpoint}/alias/rekor", AwsKmsEnvironment.Settings(), CancellationToken.None));
        Assert.Contains("Disabled", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_that_cannot_sign_as_Rekor_does_are_refused()
    {
        await using var kms = await FakeAwsKms.StartAsync();
        var encrypt = kms.AddKey(FakeKmsKey.EcP256(kms.Region), "alias/encrypt");
        encrypt.KeyUsage = "ENCRYPT_DECRYPT";
        kms.AddKey(FakeKmsKey.Ed25519Like(kms.Region), "alias/ed25519");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            AwsKmsSigner.OpenAsync($"awskms://{kms.Endpoint}/alias/encrypt", AwsKmsEnvironment.Settings(), CancellationToken.None));
        Assert.Contains("SIGN_VERIFY", e.Message, StringComparison.Ordinal);
        e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            AwsKmsSigner.OpenAsync($"awskms://{kms.Endpoint}/alias/ed25519", AwsKmsEnvironment.Settings(), CancellationToken.None));
        Assert.Contains("ECC_NIST_EDWARDS25519", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_garbage_signature_is_an_error()
    {
        await using var kms = await FakeAwsKms.StartAsync();
        kms.AddKey(FakeKmsKey.EcP256(kms.Region), "alias/rekor");
        var signer = await AwsKmsSigner.OpenAsync($"awskms://{kms.Endpoint}/alias/rekor", AwsKmsEnvironment.Settings(), CancellationToken.None);
        kms.Faults.GarbageSignature = true;

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => signer.SignAsync(Message, CancellationToken.None).AsTask());
        Assert.Contains("does not verify", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_by_another_key_is_an_error()
    {
        await using var kms = await FakeAwsKms.StartAsync();
        kms.AddKey(FakeKmsKey.EcP256(kms.Region), "alias/rekor");
        var other = kms.AddKey(FakeKmsKey.EcP256(kms.Region));
        var signer = await AwsKmsSigner.OpenAsync($"awskms://{kms.Endpoint}/alias/rekor", AwsKmsEnvironment.Settings(), CancellationToken.None);
        kms.Faults.SignedByArn = other.Arn;

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => signer.SignAsync(Message, CancellationToken.None).AsTask());
        Assert.Contains(other.Arn, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWS_DEFAULT_REGION_alone_is_honoured_and_no_region_is_an_error()
    {
        await using var kms = await FakeAwsKms.StartAsync();
        kms.AddKey(FakeKmsKey.EcP256(kms.Region), "alias/rekor");
        var uri = $"awskms://{kms.Endpoint}/alias/rekor";
        try
        {
            Environment.SetEnvironmentVariable("AWS_REGION", null);
            Environment.SetEnvironmentVariable("AWS_DEFAULT_REGION", "eu-west-3");
            var signer = await AwsKmsSigner.OpenAsync(uri, AwsKmsEnvironment.Settings(), CancellationToken.None);
            await signer.SignAsync(Message, CancellationToken.None);
            Assert.Equal(["eu-west-3"], kms.SeenRegions.Distinct());

            Environment.SetEnvironmentVariable("AWS_DEFAULT_REGION", null);
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => AwsKmsSigner.OpenAsync(uri, AwsKmsEnvironment.Settings(), CancellationToken.None));
            Assert.Contains("AWS_DEFAULT_REGION", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_REGION", "us-east-1");
            Environment.SetEnvironmentVariable("AWS_DEFAULT_REGION", null);
        }

        var regional = await AwsKmsSigner.OpenAsync(uri, AwsKmsEnvironment.Settings(), CancellationToken.None);
        await regional.SignAsync(Message, CancellationToken.None);
        Assert.Contains("us-east-1", kms.SeenRegions);
    }

    private static void AssertNoSecret(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            Assert.DoesNotContain(FakeAwsKms.SecretAccessKey, x.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(FakeAwsKms.AccessKeyId, e.Message, StringComparison.Ordinal);
    }
}
