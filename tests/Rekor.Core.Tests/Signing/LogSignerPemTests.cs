using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Rekor.Core.Signing;

namespace Rekor.Core.Tests.Signing;

public class LogSignerPemTests
{
    private const string OpenSslPassword = "correct horse battery staple";

    /// <summary>Few iterations keep the tests fast; the default (600,000) is exercised once.</summary>
    private const int FastIterations = 1_000;

    private static string KeyFile(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Signing", "Keys", name));

    private static async Task AssertSignsFor(InMemoryLogSigner signer, LogKey expected)
    {
        Assert.Equal(expected, signer.PublicKey);
        var message = "checkpoint body\n"u8.ToArray();
        var signature = await signer.SignAsync(message, CancellationToken.None);
        Assert.True(expected.Verify(message, signature));
    }

    [Theory]
    [InlineData("p256.pem", "p256.pub.pem", null)]
    [InlineData("p256-encrypted.pem", "p256.pub.pem", OpenSslPassword)]
    [InlineData("p384-sec1-with-params.pem", "p384.pub.pem", null)]
    [InlineData("rsa2048-pkcs1.pem", "rsa2048.pub.pem", null)]
    [InlineData("ed25519.pem", "ed25519.pub.pem", null)]
    [InlineData("ed25519-encrypted.pem", "ed25519.pub.pem", OpenSslPassword)]
    public async Task A_key_openssl_wrote_loads_and_signs_for_its_public_key(string privateFile, string publicFile, string? password)
    {
        using var signer = LogSignerPem.Load(KeyFile(privateFile), password);

        await AssertSignsFor(signer, LogKey.FromPem(KeyFile(publicFile)));
    }

    [Theory]
    [MemberData(nameof(TestSigners.Algorithms), MemberType = typeof(TestSigners))]
    public async Task A_generated_key_written_as_pkcs8_pem_loads_back(string algorithm)
    {
        var original = TestSigners.Get(algorithm);

        var pem = LogSignerPem.ToPem(original);
        using var loaded = LogSignerPem.Load(pem);

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----\n", pem, StringComparison.Ordinal);
        Assert.EndsWith("-----END PRIVATE KEY-----\n", pem, StringComparison.Ordinal);
        await AssertSignsFor(loaded, original.PublicKey);
    }

    [Theory]
    [MemberData(nameof(TestSigners.Algorithms), MemberType = typeof(TestSigners))]
    public async Task A_generated_key_written_as_encrypted_pkcs8_loads_back_with_its_password(string algorithm)
    {
        var original = TestSigners.Get(algorithm);

        var pem = LogSignerPem.ToPem(original, "s3cret", FastIterations);
        using var loaded = LogSignerPem.Load(pem, "s3cret");

        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n", pem, StringComparison.Ordinal);
        await AssertSignsFor(loaded, original.PublicKey);
    }

    [Fact]
    public async Task The_default_encryption_is_aes256_under_pbkdf2_sha256_and_openssl_style_readers_accept_it()
    {
        var original = TestSigners.Get("P-256");

        var pem = LogSignerPem.ToPem(original, "s3cret");

        using var independent = ECDsa.Create();
        independent.ImportFromEncryptedPem(pem, "s3cret");
        Assert.Equal(original.PublicKey.SpkiDer.ToArray(), independent.ExportSubjectPublicKeyInfo());
        using var loaded = LogSignerPem.Load(pem, "s3cret");
        await AssertSignsFor(loaded, original.PublicKey);
    }

    [Theory]
    [InlineData("p256-encrypted.pem")]
    [InlineData("ed25519-encrypted.pem")]
    public void A_wrong_password_fails_clearly(string file)
    {
        var error = Assert.Throws<LogSigningKeyException>(() => LogSignerPem.Load(KeyFile(file), "not the password"));

        Assert.Contains("encrypted PKCS#8", error.Message, StringComparison.Ordinal);
        Assert.Contains("wrong password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_password_for_a_generated_key_fails_clearly()
    {
        var pem = LogSignerPem.ToPem(TestSigners.Get("Ed25519"), "right", FastIterations);

        var error = Assert.Throws<LogSigningKeyException>(() => LogSignerPem.Load(pem, "wrong"));

        Assert.Contains("wrong password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_encrypted_key_without_a_password_fails_clearly()
    {
        var error = Assert.Throws<LogSigningKeyException>(() => LogSignerPem.Load(KeyFile("p256-encrypted.pem")));

        Assert.Contains("no password was given", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("p256-legacy-encrypted.pem", "legacy OpenSSL-encrypted PEM")]
    [InlineData("secp256k1-sec1.pem", "unsupported elliptic curve 1.3.132.0.10")]
    [InlineData("rsa1024-pkcs1.pem", "at least 2048 bits")]
    [InlineData("p256.pub.pem", "'PUBLIC KEY'")]
    public void An_unsupported_key_fails_naming_what_was_loaded(string file, string reason)
    {
        var error = Assert.Throws<LogSigningKeyException>(() => LogSignerPem.Load(KeyFile(file), OpenSslPassword));

        Assert.StartsWith("couldn't load the log signing key (", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_without_a_key_fails_clearly() =>
        Assert.Contains("no PEM-encoded private key", Assert.Throws<LogSigningKeyException>(() => LogSignerPem.Load("hello")).Message, StringComparison.Ordinal);

    [Fact]
    public void Corrupt_pkcs8_fails_clearly()
    {
        var pem = PemEncoding.WriteString("PRIVATE KEY", [0x30, 0x03, 0x02, 0x01, 0x00]);

        var error = Assert.Throws<LogSigningKeyException>(() => LogSignerPem.Load(pem));

        Assert.Contains("PKCS#8 PEM", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_rfc5958_ed25519_key_with_its_public_key_loads()
    {
        var seed = RandomNumberGenerator.GetBytes(32);
        var bouncyCastleKey = new Ed25519PrivateKeyParameters(seed, 0);
        var pkcs8 = PrivateKeyInfoFactory.CreatePrivateKeyInfo(bouncyCastleKey).GetDerEncoded();

        using var loaded = LogSignerPem.Load(PemEncoding.WriteString("PRIVATE KEY", pkcs8));

        using var expected = new Ed25519LogSigner(seed);
        await AssertSignsFor(loaded, expected.PublicKey);
    }

    [Fact]
    public void An_rfc5958_ed25519_key_whose_public_key_does_not_match_is_refused()
    {
        var pkcs8 = PrivateKeyInfoFactory.CreatePrivateKeyInfo(new Ed25519PrivateKeyParameters(RandomNumberGenerator.GetBytes(32), 0)).GetDerEncoded();
        pkcs8[^1] ^= 1;

        var error = Assert.Throws<LogSigningKeyException>(() => LogSignerPem.Load(PemEncoding.WriteString("PRIVATE KEY", pkcs8)));

        Assert.Contains("does not belong", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_file_is_written_owner_only_never_overwritten_and_loads_back()
    {
        var directory = Directory.CreateTempSubdirectory("rekor-key-");
        try
        {
            var path = Path.Combine(directory.FullName, "log.pem");
            var original = TestSigners.Get("Ed25519");

            await LogSigningKeyFile.WriteAsync(path, original, "pw", CancellationToken.None);
            using var loaded = await LogSigningKeyFile.LoadAsync(path, "pw", CancellationToken.None);

            await AssertSignsFor(loaded, original.PublicKey);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }

            await Assert.ThrowsAsync<IOException>(() => LogSigningKeyFile.WriteAsync(path, original, null, CancellationToken.None));
            var wrong = await Assert.ThrowsAsync<LogSigningKeyException>(() => LogSigningKeyFile.LoadAsync(path, "nope", CancellationToken.None));
            Assert.Contains(path, wrong.Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_key_file_is_named_in_the_error()
    {
        var path = Path.Combine(Path.GetTempPath(), "rekor-no-such-key-" + Guid.NewGuid().ToString("N") + ".pem");

        var error = await Assert.ThrowsAsync<LogSigningKeyException>(() => LogSigningKeyFile.LoadAsync(path, null, CancellationToken.None));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
