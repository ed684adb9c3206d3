using System.Security.Cryptography;
using System.Text;
using Rekor.Core.Pki;
using Rekor.Core.Pki.Ssh;

namespace Rekor.Core.Tests.Pki.Ssh;

/// <summary>SSHSIG signatures made by the real ssh-keygen, read, canonicalized and verified as Rekor does (spec §9).</summary>
public sealed class SshSignatureTests : IDisposable
{
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("an artifact to be logged\n");

    private readonly SshKeygen _keygen = new();

    public void Dispose() => _keygen.Dispose();

    [Theory]
    [InlineData("ed25519", null, "ssh-ed25519", "ssh-ed25519")]
    [InlineData("rsa", "3072", "ssh-rsa", "rsa-sha2-512")]
    [InlineData("ecdsa", "256", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256")]
    [InlineData("ecdsa", "384", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp384")]
    [InlineData("ecdsa", "521", "ecdsa-sha2-nistp521", "ecdsa-sha2-nistp521")]
    public void A_signature_by_ssh_keygen_verifies_with_its_key_and_canonicalizes_to_the_same_SSHSIG_in_64_columns(
        string type, string? bits, string keyType, string signatureAlgorithm)
    {
        var keyPath = bits is null ? _keygen.NewKey(type) : _keygen.NewKey(type, "", "-b", bits);
        var armored = _keygen.Sign(keyPath, Content);

        Assert.True(SshPublicKey.TryParseAuthorizedKey(SshKeygen.PublicKeyLine(keyPath), out var key, out var error), error);
        Assert.True(SshSignature.TryParse(armored, out var signature, out error), error);
        Assert.Equal(keyType, key.KeyType);
        Assert.Equal(signatureAlgorithm, signature.SignatureAlgorithm);
        Assert.Equal("sha512", signature.HashAlgorithm);
        Assert.True(signature.TryVerify(Content, key, out error), error);

        // ssh-keygen wraps at 70 columns; Rekor's Go PEM at 64. The SSHSIG inside is byte for byte the same.
        Assert.True(Pem.TryDecode(armored, out var given, out _));
        Assert.Equal(Pem.Encode("SSH SIGNATURE", given.Bytes), signature.CanonicalArmored.ToArray());
        Assert.NotEqual(armored, signature.CanonicalArmored.ToArray());
    }

    [Fact]
    public void Quirk_a_sha256_SSHSIG_is_re_armored_as_sha512_so_Rekor_never_verifies_it()
    {
        var keyPath = _keygen.NewKey("ed25519");
        var armored = _keygen.Sign(keyPath, Content, hashAlgorithm: "sha256");
        Assert.True(_keygen.OpenSshAccepts(armored, Content), "OpenSSH itself accepts the sha256 signature");
        Assert.True(SshPublicKey.TryParseAuthorizedKey(SshKeygen.PublicKeyLine(keyPath), out var key, out var error), error);

        Assert.True(SshSignature.TryParse(armored, out var signature, out error), error);
        Assert.Equal("sha256", signature.HashAlgorithm);

        // The canonical form is the given SSHSIG with its hash algorithm string "sha256" overwritten by "sha512".
        Assert.True(Pem.TryDecode(armored, out var given, out _));
        var expected = given.Bytes.ToArray();
        var at = expected.AsSpan().IndexOf("\0\0\0\u0006sha256"u8);
        "sha512"u8.CopyTo(expected.AsSpan(at + 4));
        Assert.Equal(Pem.Encode("SSH SIGNATURE", expected), signature.CanonicalArmored.ToArray());

        Assert.False(signature.TryVerify(Content, key, out error));
        Assert.Contains("sha256", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reserved_string_is_dropped_by_the_canonical_form_and_not_part_of_what_is_verified()
    {
        var keyPath = _keygen.NewKey("ed25519");
        Assert.True(Pem.TryDecode(_keygen.Sign(keyPath, Content), out var block, out _));
        Assert.True(SshPublicKey.TryParseAuthorizedKey(SshKeygen.PublicKeyLine(keyPath), out var key, out var error), error);
        var at = block.Bytes.AsSpan().IndexOf("\0\0\0\u0004file\0\0\0\0"u8) + 8;
        byte[] withReserved = [.. block.Bytes.AsSpan(0, at), 0, 0, 0, 3, .. "xyz"u8, .. block.Bytes.AsSpan(at + 4)];

        Assert.True(SshSignature.TryParse(Pem.Encode("SSH SIGNATURE", withReserved), out var signature, out error), error);
        Assert.Equal(Pem.Encode("SSH SIGNATURE", block.Bytes), signature.CanonicalArmored.ToArray());
        Assert.True(signature.TryVerify(Content, key, out error), error);
    }

    [Fact]
    public void A_namespace_other_than_file_is_refused()
    {
        var keyPath = _keygen.NewKey("ed25519");
        var armored = _keygen.Sign(keyPath, Content, ns: "git");

        Assert.False(SshSignature.TryParse(armored, out _, out var error));
        Assert.Equal("invalid signature namespace: git", error);
    }

    [Fact]
    public void A_signature_by_another_key_does_not_verify()
    {
        var signer = _keygen.NewKey("ed25519");
        var other = _keygen.NewKey("ed25519");
        Assert.True(SshSignature.TryParse(_keygen.Sign(signer, Content), out var signature, out var error), error);
        Assert.True(SshPublicKey.TryParseAuthorizedKey(SshKeygen.PublicKeyLine(other), out var otherKey, out error), error);

        Assert.False(signature.TryVerify(Content, otherKey, out error));
        Assert.StartsWith("signature was made by another key", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ed25519")]
    [InlineData("rsa")]
    [InlineData("ecdsa")]
    public void A_signature_over_other_content_does_not_verify(string type)
    {
        var keyPath = _keygen.NewKey(type);
        Assert.True(SshSignature.TryParse(_keygen.Sign(keyPath, Content), out var signature, out var error), error);
        Assert.True(SshPublicKey.TryParseAuthorizedKey(SshKeygen.PublicKeyLine(keyPath), out var key, out error), error);

        Assert.False(signature.TryVerify([.. Content, (byte)'!'], key, out error));
        Assert.Equal("ssh: signature did not verify", error);
    }

    [Theory]
    [InlineData("ed25519")]
    [InlineData("rsa")]
    [InlineData("ecdsa")]
    public void A_tampered_signature_does_not_verify(string type)
    {
        var keyPath = _keygen.NewKey(type);
        var armored = _keygen.Sign(keyPath, Content);
        Assert.True(SshPublicKey.TryParseAuthorizedKey(SshKeygen.PublicKeyLine(keyPath), out var key, out var error), error);
        Assert.True(Pem.TryDecode(armored, out var block, out _));
        var tampered = block.Bytes.ToArray();
        tampered[^3] ^= 0x01;

        Assert.True(SshSignature.TryParse(Pem.Encode("SSH SIGNATURE", tampered), out var signature, out error), error);
        Assert.False(signature.TryVerify(Content, key, out error));
        Assert.Equal("ssh: signature did not verify", error);
    }

    [Fact]
    public void A_signature_algorithm_that_does_not_fit_the_key_is_unsupported()
    {
        var keyPath = _keygen.NewKey("ed25519");
        Assert.True(Pem.TryDecode(_keygen.Sign(keyPath, Content), out var block, out _));
        Assert.True(SshPublicKey.TryParseAuthorizedKey(SshKeygen.PublicKeyLine(keyPath), out var key, out var error), error);
        var bytes = block.Bytes.ToArray();
        var format = bytes.AsSpan().LastIndexOf("ssh-ed25519"u8);
        "ssh-ed25518"u8.CopyTo(bytes.AsSpan(format));

        Assert.True(SshSignature.TryParse(Pem.Encode("SSH SIGNATURE", bytes), out var signature, out error), error);
        Assert.False(signature.TryVerify(Content, key, out error));
        Assert.Equal("unsupported signature algorithm ssh-ed25518 for key type ssh-ed25519", error);
    }

    [Fact]
    public void An_unsupported_hash_algorithm_is_refused()
    {
        var keyPath = _keygen.NewKey("ed25519");
        Assert.True(Pem.TryDecode(_keygen.Sign(keyPath, Content), out var block, out _));
        var bytes = block.Bytes.ToArray();
        "sha384"u8.CopyTo(bytes.AsSpan(bytes.AsSpan().IndexOf("sha512"u8)));

        Assert.False(SshSignature.TryParse(Pem.Encode("SSH SIGNATURE", bytes), out _, out var error));
        Assert.Equal("unsupported hash algorithm: sha384", error);
    }

    [Fact]
    public void Every_truncation_and_garbage_is_refused_without_throwing()
    {
        var keyPath = _keygen.NewKey("ecdsa");
        var armored = _keygen.Sign(keyPath, Content);
        Assert.True(Pem.TryDecode(armored, out var block, out _));

        for (var length = 0; length < block.Bytes.Length; length++)
        {
            Assert.False(SshSignature.TryParse(Pem.Encode("SSH SIGNATURE", block.Bytes.AsSpan(0, length)), out _, out var error));
            Assert.False(string.IsNullOrEmpty(error));
        }

        Assert.False(SshSignature.TryParse(Pem.Encode("SSH SIGNATURE", [.. block.Bytes, 0]), out _, out var junk));
        Assert.Equal("ssh: junk at end of SSHSIG", junk);
        Assert.False(SshSignature.TryParse(Pem.Encode("PGP SIGNATURE", block.Bytes), out _, out var type));
        Assert.StartsWith("wrong pem block type", type, StringComparison.Ordinal);
        Assert.False(SshSignature.TryParse("not armored at all"u8, out _, out var none));
        Assert.Equal("unable to decode pem file", none);

        var seed = Environment.TickCount;
        var random = new Random(seed);
        for (var i = 0; i < 2000; i++)
        {
            var garbage = block.Bytes.ToArray();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                garbage[random.Next(garbage.Length)] = (byte)random.Next(256);
            }

            var exception = Record.Exception(() =>
            {
                if (SshSignature.TryParse(Pem.Encode("SSH SIGNATURE", garbage), out var signature, out _))
                {
                    _ = signature.TryVerify(Content, signature.PublicKey, out _);
                }
            });
            Assert.True(exception is null, $"seed {seed}, input {Convert.ToHexString(garbage)}: {exception}");
        }
    }

    [Fact]
    public void A_signature_whose_embedded_key_is_of_an_unsupported_type_is_refused()
    {
        using var wire = new MemoryStream();
        wire.Write("SSHSIG\0\0\0\u0001"u8);
        WriteString(wire, [.. Length("ssh-dss"u8), .. "ssh-dss"u8, .. new byte[20]]);
        WriteString(wire, "file"u8);
        WriteString(wire, []);
        WriteString(wire, "sha512"u8);
        WriteString(wire, [.. Length("ssh-dss"u8), .. "ssh-dss"u8, .. Length(new byte[40]), .. new byte[40]]);

        Assert.False(SshSignature.TryParse(Pem.Encode("SSH SIGNATURE", wire.ToArray()), out _, out var error));
        Assert.Equal("ssh: unsupported key type \"ssh-dss\"", error);
    }

    private static byte[] Length(ReadOnlySpan<byte> value) => [0, 0, (byte)(value.Length >> 8), (byte)value.Length];

    private static void WriteString(Stream stream, ReadOnlySpan<byte> value)
    {
        stream.Write(Length(value));
        stream.Write(value);
    }

    [Fact]
    public void The_canonical_key_and_signature_hash_like_Rekor_indexes_them()
    {
        var keyPath = _keygen.NewKey("ed25519", "signer@example.com");
        Assert.True(SshPublicKey.TryParseAuthorizedKey(SshKeygen.PublicKeyLine(keyPath), out var key, out var error), error);
        var line = SshKeygen.Text(SshKeygen.PublicKeyLine(keyPath));
        var withoutComment = line[..line.LastIndexOf(' ')] + "\n";

        Assert.Equal(withoutComment, SshKeygen.Text(key.CanonicalAuthorizedKey));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(withoutComment))), key.CanonicalSha256Hex);
        Assert.Equal(["signer@example.com"], key.Subjects);
    }
}
