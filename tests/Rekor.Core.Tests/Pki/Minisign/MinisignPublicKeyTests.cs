using System.Text;
using System.Security.Cryptography;
using Rekor.Core.Pki.Minisign;
using static Rekor.Core.Tests.Pki.Minisign.MinisignFixtures;

namespace Rekor.Core.Tests.Pki.Minisign;

/// <summary>Minisign public keys as Rekor reads and canonicalizes them (spec §9): key file, bare base64, legacy raw bytes.</summary>
public class MinisignPublicKeyTests
{

    [Fact]
    public void The_key_file_the_bare_base64_line_and_the_legacy_raw_key_all_read_as_the_same_key()
    {
        var text = Key;
        var bare = ParseKey(Read("key.pub.base64"));
        var legacy = ParseKey(RawKey);

        Assert.Equal(MinisignKeyForm.Text, text.Form);
        Assert.Equal(MinisignKeyForm.Base64, bare.Form);
        Assert.Equal(MinisignKeyForm.LegacyRaw, legacy.Form);
        Assert.Equal(KeyId, text.KeyIdHex);
        Assert.Equal(KeyId, bare.KeyIdHex);
        Assert.Equal("0000000000000000", legacy.KeyIdHex);
        Assert.Equal("Ed"u8.ToArray(), legacy.Algorithm.ToArray());
        Assert.Equal(text.Key.ToArray(), legacy.Key.ToArray());
        Assert.Equal(text.Key.ToArray(), bare.Key.ToArray());
        Assert.Empty(text.Subjects);
    }

    [Fact]
    public void A_canonical_key_is_base64_of_algorithm_key_id_and_key_without_comment_or_newline()
    {
        var expected = Encoding.ASCII.GetBytes(SecondLine("key.pub"));
        Assert.Equal(expected, Key.CanonicalValue.ToArray());
        Assert.Equal(expected, ParseKey(Read("key.pub.base64")).CanonicalValue.ToArray());
        Assert.Equal(expected, ParseKey(Key.CanonicalValue.ToArray()).CanonicalValue.ToArray());

        var legacy = ParseKey(RawKey).CanonicalValue.ToArray();
        Assert.Equal(Encoding.ASCII.GetBytes(Convert.ToBase64String([(byte)'E', (byte)'d', 0, 0, 0, 0, 0, 0, 0, 0, .. RawKey])), legacy);
        Assert.Equal(legacy, ParseKey(legacy).CanonicalValue.ToArray());
    }

    [Fact]
    public void A_key_identity_is_the_sha256_of_its_ed25519_subject_public_key_info()
    {
        var key = Key;
        byte[] spki = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00, .. RawKey];
        Assert.Equal(spki, key.SubjectPublicKeyInfoDer.ToArray());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(spki)), key.FingerprintSha256Hex);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("untrusted comment: x\nnot base64")]
    [InlineData("RWRvnPqGFi3i0elbwXqnSbFkSLiwCyWt2TBgKzltstYFoPL06UFYzn")]
    [InlineData("RWRvnPqGFi3i0elbwXqnSbFkSLiwCyWt2TBgKzltstYFoPL06UFYznEx RWRv")]
    [InlineData("0123456789abcdef0123456789abcde")]
    public void Garbage_keys_are_refused_with_Rekors_reason(string text)
    {
        Assert.False(MinisignPublicKey.TryParse(Encoding.ASCII.GetBytes(text), out var key, out var error));
        Assert.Null(key);
        Assert.Equal("unable to read minisign public key: Invalid encoded public key", error);
    }

    [Fact]
    public void Every_truncation_of_the_key_file_is_refused_unless_it_is_32_bytes_or_lacks_only_its_newline()
    {
        var keyText = Read("key.pub");
        for (var length = 0; length < keyText.Length; length++)
        {
            if (MinisignPublicKey.TryParse(keyText.AsSpan(0, length), out var key, out _))
            {
                Assert.True(key.Form == MinisignKeyForm.LegacyRaw ? length == 32 : length == keyText.Length - 1, $"length {length}");
            }
        }
    }
}
