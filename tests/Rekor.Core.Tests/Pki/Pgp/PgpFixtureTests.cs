using System.Text;
using Org.BouncyCastle.Bcpg;
using static Rekor.Core.Tests.Pki.Pgp.PgpFixtures;

namespace Rekor.Core.Tests.Pki.Pgp;

/// <summary>Keys and signatures made once by gpg (Fixtures/), checked without gpg: the core of Rekor's pgp behaviour.</summary>
public class PgpFixtureTests
{
    [Theory]
    [InlineData("ed25519.asc", "message.txt.ed25519.asc")]
    [InlineData("ed25519.asc", "message.txt.ed25519.sig")]
    [InlineData("ed25519.gpg", "message.txt.ed25519.asc")]
    [InlineData("ed25519.gpg", "message.txt.ed25519.sig")]
    [InlineData("rsa2048.gpg", "message.txt.rsa2048.sig")]
    public void A_gpg_signature_verifies_with_its_key_in_either_encoding(string keyFile, string signatureFile)
    {
        Assert.True(ParseSignature(Read(signatureFile)).TryVerify(Message, ParseKey(Read(keyFile)), out var error), error);
    }

    [Fact]
    public void A_binary_key_ring_of_two_entities_verifies_the_signatures_of_both()
    {
        var ring = ParseKey([.. Read("ed25519.gpg"), .. Read("rsa2048.gpg")]);
        Assert.Equal([Ed25519Fingerprint, RsaFingerprint], ring.Fingerprints);
        Assert.Equal(["signer@example.com", "rsa@example.org"], ring.Subjects);
        Assert.True(ParseSignature(Read("message.txt.ed25519.sig")).TryVerify(Message, ring, out var error), error);
        Assert.True(ParseSignature(Read("message.txt.rsa2048.sig")).TryVerify(Message, ring, out error), error);
    }

    [Fact]
    public void A_signature_by_a_key_not_in_the_ring_is_made_by_an_unknown_entity()
    {
        Assert.Equal(
            "openpgp: signature made by unknown entity",
            VerifyError(ParseSignature(Read("message.txt.rsa2048.sig")), Message, ParseKey(Read("ed25519.asc"))));
    }

    [Theory]
    [InlineData("ed25519.gpg", "message.txt.ed25519.sig", "openpgp: invalid signature: EdDSA verification failure")]
    [InlineData("rsa2048.gpg", "message.txt.rsa2048.sig", "openpgp: invalid signature: RSA verification failure")]
    public void Other_content_fails_with_go_cryptos_message(string keyFile, string signatureFile, string expected)
    {
        var other = Encoding.UTF8.GetBytes("hello, transparency log!\n");
        Assert.Equal(expected, VerifyError(ParseSignature(Read(signatureFile)), other, ParseKey(Read(keyFile))));
    }

    [Fact]
    public void A_signature_made_after_the_key_expired_fails_even_though_the_key_was_valid_when_gpg_signed()
    {
        Assert.Equal("openpgp: key expired", VerifyError(ParseSignature(Read("message.txt.expired.sig")), Message, ParseKey(Read("expired.gpg"))));
    }

    [Fact]
    public void Armored_and_binary_exports_of_a_key_have_one_canonical_value_in_Gos_armor()
    {
        var canonical = ParseKey(Read("ed25519.asc")).CanonicalValue.ToArray();
        Assert.Equal(canonical, ParseKey(Read("ed25519.gpg")).CanonicalValue.ToArray());
        var text = Encoding.ASCII.GetString(canonical);
        Assert.StartsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\n-----END PGP PUBLIC KEY BLOCK-----", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Version:", text, StringComparison.Ordinal);

        using var dearmored = new MemoryStream();
        using (var armor = new ArmoredInputStream(new MemoryStream(canonical)))
        {
            armor.CopyTo(dearmored);
        }

        Assert.Equal(PacketReframing.ToNewFormatHeaders(Read("ed25519.gpg")), dearmored.ToArray());
    }

    [Fact]
    public void The_canonical_value_of_a_key_reads_back_to_itself()
    {
        var canonical = ParseKey(Read("rsa2048.gpg")).CanonicalValue.ToArray();
        Assert.Equal(canonical, ParseKey(canonical).CanonicalValue.ToArray());
    }

    [Fact]
    public void The_canonical_signature_is_armored_input_verbatim_and_binary_input_armored_like_gpg_without_its_final_newline()
    {
        // Ed25519 is deterministic and both were made at the same faked second: the two files hold the same packet.
        var armored = Read("message.txt.ed25519.asc");
        Assert.Equal(armored, ParseSignature(armored).CanonicalValue.ToArray());
        var binary = ParseSignature(Read("message.txt.ed25519.sig"));
        Assert.Equal(armored.AsSpan().TrimEnd("\n"u8).ToArray(), binary.CanonicalValue.ToArray());
        Assert.Equal(Read("message.txt.ed25519.sig"), binary.Packets.ToArray());
    }

    [Fact]
    public void The_subjects_are_the_user_ID_emails()
    {
        Assert.Equal(["signer@example.com"], ParseKey(Read("ed25519.asc")).Subjects);
        Assert.Equal(["rsa@example.org"], ParseKey(Read("rsa2048.gpg")).Subjects);
    }
}
