using System.Text.Json;
using Rekor.Core.Pki.X509;
using Rekor.Core.Signing;
using Rekor.Core.Tests.Vectors;

namespace Rekor.Core.Tests.Signing;

public class LogKeyTests
{
    public static TheoryData<string> TrustedLogs() => [.. TrustedPemFiles()];

    private static string[] TrustedPemFiles()
    {
        using var index = JsonDocument.Parse(File.ReadAllBytes(VectorFiles.PathOf("trusted-keys/index.json")));
        return [.. index.RootElement.GetProperty("logs").EnumerateArray().Select(log => log.GetProperty("pemFile").GetString()!)];
    }

    private static JsonElement TrustedLog(string pemFile)
    {
        using var index = JsonDocument.Parse(File.ReadAllBytes(VectorFiles.PathOf("trusted-keys/index.json")));
        return index.RootElement.GetProperty("logs").EnumerateArray().Single(log => log.GetProperty("pemFile").GetString() == pemFile).Clone();
    }

    [Theory]
    [MemberData(nameof(TrustedLogs))]
    public void The_log_id_of_a_trusted_key_is_sha256_of_its_spki_as_recorded(string pemFile)
    {
        var log = TrustedLog(pemFile);
        var pem = File.ReadAllText(VectorFiles.PathOf("trusted-keys/" + pemFile));

        var key = LogKey.FromPem(pem);

        Assert.Equal(log.GetProperty("sha256OfDerSpkiHex").GetString(), key.LogId.ToHex());
        if (log.GetProperty("logIdIsSha256OfSpki").GetBoolean())
        {
            // Rekor v1 logs: the log ID is exactly that hash, and the checkpoint hint its first four bytes.
            Assert.Equal(log.GetProperty("logIdHex").GetString(), key.LogId.ToHex());
            Assert.Equal(log.GetProperty("logIdBase64").GetString(), key.LogId.ToBase64());
            Assert.Equal(log.GetProperty("checkpointKeyHintHex").GetString(), Convert.ToHexStringLower(key.KeyHint));
        }

        Assert.Equal(log.GetProperty("keyDetails").GetString() == "PKIX_ED25519" ? PublicKeyAlgorithm.Ed25519 : PublicKeyAlgorithm.EcdsaP256, key.Algorithm);
        Assert.Equal(pem, key.ToPem());
    }

    [Fact]
    public void Every_v1_log_key_file_is_covered_by_the_index()
    {
        var indexed = TrustedPemFiles().ToHashSet();

        Assert.All(Directory.EnumerateFiles(VectorFiles.PathOf("trusted-keys"), "*.pem"), path => Assert.Contains(Path.GetFileName(path), indexed));
    }

    [Fact]
    public void The_key_of_every_vector_has_the_vectors_log_id()
    {
        Assert.All(RekorVector.All, vector => Assert.Equal(vector.LogIdHex, LogKey.FromPem(vector.LogPublicKeyPem).LogId.ToHex()));
    }

    [Theory]
    [InlineData("p256", PublicKeyAlgorithm.EcdsaP256)]
    [InlineData("p384", PublicKeyAlgorithm.EcdsaP384)]
    [InlineData("rsa2048", PublicKeyAlgorithm.Rsa)]
    [InlineData("ed25519", PublicKeyAlgorithm.Ed25519)]
    public void An_openssl_public_key_reads_back_and_writes_out_as_the_same_pem(string name, PublicKeyAlgorithm algorithm)
    {
        var pem = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Signing", "Keys", name + ".pub.pem"));

        var key = LogKey.FromPem(pem);

        Assert.Equal(algorithm, key.Algorithm);
        Assert.Equal(pem, key.ToPem());
        Assert.Equal(key, LogKey.FromSpki(key.SpkiDer));
        Assert.Equal(key.LogId.ToArray()[..4], key.KeyHint.ToArray());
    }

    [Fact]
    public void A_generated_keys_pem_has_64_character_lines_and_a_trailing_newline()
    {
        var pem = TestSigners.Get("RSA-2048").PublicKey.ToPem();
        var lines = pem.Split('\n');

        Assert.StartsWith("-----BEGIN PUBLIC KEY-----\n", pem, StringComparison.Ordinal);
        Assert.EndsWith("-----END PUBLIC KEY-----\n", pem, StringComparison.Ordinal);
        Assert.Equal("", lines[^1]);
        Assert.All(lines[1..^3], line => Assert.Equal(64, line.Length));
    }

    [Theory]
    [InlineData("", "no PEM block found")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "found: CERTIFICATE")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMAA=\n-----END PUBLIC KEY-----\n", "x509: malformed public key")]
    public void A_pem_without_a_usable_public_key_is_refused_with_the_reason(string pem, string reason)
    {
        Assert.False(LogKey.TryFromPem(pem, out var key, out var error));
        Assert.Null(key);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains(reason, Assert.Throws<FormatException>(() => LogKey.FromPem(pem)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_on_an_unsupported_curve_is_refused()
    {
        using var secp256k1 = System.Security.Cryptography.ECDsa.Create();
        secp256k1.ImportFromPem(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Signing", "Keys", "secp256k1-sec1.pem")));

        Assert.False(LogKey.TryFromSpki(secp256k1.ExportSubjectPublicKeyInfo(), out _, out var error));
        Assert.Contains("unsupported elliptic curve 1.3.132.0.10", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_after_the_spki_are_refused()
    {
        byte[] spki = [.. TestSigners.Get("P-256").PublicKey.SpkiDer, 0x00];

        Assert.False(LogKey.TryFromSpki(spki, out _, out _));
    }

    [Fact]
    public async Task A_p521_public_key_verifies_sha256_signatures()
    {
        var signer = TestSigners.Get("P-521");
        var message = "payload"u8.ToArray();
        var signature = await signer.SignAsync(message, CancellationToken.None);

        var key = LogKey.FromPem(signer.PublicKey.ToPem());

        Assert.Equal(PublicKeyAlgorithm.EcdsaP521, key.Algorithm);
        Assert.True(key.Verify(message, signature));
    }

    [Theory]
    [InlineData("P-256")]
    [InlineData("RSA-2048")]
    public async Task One_key_verifies_correctly_from_many_threads_at_once(string algorithm)
    {
        var signer = TestSigners.Get(algorithm);
        var message = "shared"u8.ToArray();
        var good = await signer.SignAsync(message, CancellationToken.None);
        var bad = good.ToArray();
        bad[^1] ^= 1;
        var key = LogKey.FromPem(signer.PublicKey.ToPem());

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => key.Verify(message, i % 2 == 0 ? good : bad) == (i % 2 == 0))));

        Assert.All(results, Assert.True);
    }
}
