using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Rekor.Core.Signing;

namespace Rekor.Core.Tests.Signing;

public class LogSignerTests
{
    private static readonly byte[] Message = Encoding.UTF8.GetBytes("rekor.example - 1\n7\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");

    [Theory]
    [MemberData(nameof(TestSigners.Algorithms), MemberType = typeof(TestSigners))]
    public async Task A_signature_verifies_with_the_signers_public_key(string algorithm)
    {
        var signer = TestSigners.Get(algorithm);

        var signature = await signer.SignAsync(Message, CancellationToken.None);

        Assert.Equal(TestSigners.ExpectedAlgorithm(algorithm), signer.PublicKey.Algorithm);
        Assert.True(signer.PublicKey.Verify(Message, signature));
    }

    [Theory]
    [MemberData(nameof(TestSigners.Algorithms), MemberType = typeof(TestSigners))]
    public async Task A_signature_fails_for_another_message_another_key_or_a_changed_byte(string algorithm)
    {
        var signer = TestSigners.Get(algorithm);
        var signature = await signer.SignAsync(Message, CancellationToken.None);
        var otherMessage = Message.ToArray();
        otherMessage[^2] ^= 1;

        Assert.False(signer.PublicKey.Verify(otherMessage, signature));
        foreach (var other in TestSigners.All.Where(s => s != signer))
        {
            Assert.False(other.PublicKey.Verify(Message, signature));
        }

        for (var i = 0; i < signature.Length; i++)
        {
            var changed = signature.ToArray();
            changed[i] ^= 0x40;
            Assert.False(signer.PublicKey.Verify(Message, changed), $"byte {i} changed and the signature still verified");
        }

        Assert.False(signer.PublicKey.Verify(Message, []));
        Assert.False(signer.PublicKey.Verify(Message, signature.AsSpan(0, signature.Length - 1)));
    }

    [Theory]
    [InlineData(EcdsaCurve.P256)]
    [InlineData(EcdsaCurve.P384)]
    [InlineData(EcdsaCurve.P521)]
    public async Task Ecdsa_signs_a_der_signature_over_sha256_whatever_the_curve(EcdsaCurve curve)
    {
        using var signer = EcdsaLogSigner.Generate(curve);
        using var independent = ECDsa.Create();
        independent.ImportSubjectPublicKeyInfo(signer.PublicKey.SpkiDer, out _);

        var signature = await signer.SignAsync(Message, CancellationToken.None);

        Assert.Equal(0x30, signature[0]);
        Assert.True(independent.VerifyData(Message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        if (curve != EcdsaCurve.P256)
        {
            Assert.False(independent.VerifyData(Message, signature, curve == EcdsaCurve.P384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA512, DSASignatureFormat.Rfc3279DerSequence));
        }
    }

    [Fact]
    public async Task Rsa_signs_pkcs1_v15_over_sha256()
    {
        var signer = TestSigners.Get("RSA-2048");
        using var independent = RSA.Create();
        independent.ImportSubjectPublicKeyInfo(signer.PublicKey.SpkiDer, out _);

        var signature = await signer.SignAsync(Message, CancellationToken.None);

        Assert.Equal(256, signature.Length);
        Assert.True(independent.VerifyData(Message, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public async Task Ed25519_signs_the_message_itself()
    {
        var signer = TestSigners.Get("Ed25519");
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(signer.PublicKey.SpkiDer[^32..].ToArray(), 0));
        verifier.BlockUpdate(Message, 0, Message.Length);

        var signature = await signer.SignAsync(Message, CancellationToken.None);

        Assert.Equal(64, signature.Length);
        Assert.True(verifier.VerifySignature(signature));
    }

    [Fact]
    public async Task Ed25519_signs_a_slice_of_a_larger_buffer()
    {
        var signer = TestSigners.Get("Ed25519");
        var buffer = new byte[Message.Length + 10];
        Message.CopyTo(buffer, 5);

        var signature = await signer.SignAsync(buffer.AsMemory(5, Message.Length), CancellationToken.None);

        Assert.True(signer.PublicKey.Verify(Message, signature));
    }

    [Fact]
    public async Task Signing_concurrently_gives_signatures_that_all_verify()
    {
        var signers = new[] { TestSigners.Get("P-256"), TestSigners.Get("Ed25519") };

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            var signer = signers[i % signers.Length];
            var message = Encoding.UTF8.GetBytes($"message {i}");
            var signature = await signer.SignAsync(message, CancellationToken.None);
            return signer.PublicKey.Verify(message, signature);
        })));

        Assert.All(results, Assert.True);
    }

    [Fact]
    public async Task A_cancelled_signature_is_not_made()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await TestSigners.Get("P-256").SignAsync(Message, cancelled.Token));
    }

    [Fact]
    public void Rsa_keys_below_2048_bits_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RsaLogSigner.Generate(1024));

    [Fact]
    public async Task A_disposed_signer_refuses_to_sign_or_export()
    {
        var signers = new InMemoryLogSigner[] { EcdsaLogSigner.Generate(), Ed25519LogSigner.Generate() };
        foreach (var signer in signers)
        {
            signer.Dispose();

            await Assert.ThrowsAsync<ObjectDisposedException>(async () => await signer.SignAsync(Message, CancellationToken.None));
            Assert.Throws<ObjectDisposedException>(() => signer.ExportPkcs8PrivateKey());
        }
    }
}
