using System.Text;
using Rekor.Core.Pki;
using Rekor.Core.Pki.Pgp;
using static Rekor.Core.Tests.Pki.Pgp.PgpFixtures;

namespace Rekor.Core.Tests.Pki.Pgp;

/// <summary>
/// Go's armor writer (go-crypto <c>armor.Encode</c>, read for this): no headers, a blank line, 64-column base64 lines
/// with no empty line when the base64 ends on a line boundary, <c>=</c> and the CRC-24, and no newline after the END line.
/// </summary>
public class PgpArmorTests
{
    [Fact]
    public void An_empty_body_is_a_blank_line_and_the_CRC_of_nothing()
    {
        // CRC-24 of no bytes is its initial value 0xB704CE, "twTO" in base64.
        Assert.Equal("-----BEGIN PGP SIGNATURE-----\n\n\n=twTO\n-----END PGP SIGNATURE-----", Text(PgpArmor.Encode("PGP SIGNATURE", [])));
    }

    [Fact]
    public void Base64_that_fills_whole_lines_is_followed_directly_by_the_checksum_line()
    {
        var text = Text(PgpArmor.Encode("PGP SIGNATURE", new byte[96]));
        var lines = text.Split('\n');
        Assert.Equal(["-----BEGIN PGP SIGNATURE-----", "", new string('A', 64), new string('A', 64)], lines[..4]);
        Assert.Matches("^=[A-Za-z0-9+/]{4}$", lines[4]);
        Assert.Equal("-----END PGP SIGNATURE-----", lines[5]);
        Assert.Equal(6, lines.Length);
    }

    [Fact]
    public void What_it_writes_reads_back_through_Gos_reader_and_BouncyCastles_checksum_check()
    {
        var body = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
        var armored = PgpArmor.Encode("PGP PUBLIC KEY BLOCK", body);
        Assert.True(PgpArmor.TryDecode(armored, out var type, out var decoded, out var error), error);
        Assert.Equal("PGP PUBLIC KEY BLOCK", type);
        Assert.Equal(body, decoded);

        using var bouncy = new Org.BouncyCastle.Bcpg.ArmoredInputStream(new MemoryStream(armored));
        using var read = new MemoryStream();
        bouncy.CopyTo(read);
        Assert.Equal(body, read.ToArray());
    }

    [Fact]
    public void A_body_line_longer_than_96_characters_is_corrupt_armor_as_in_Go()
    {
        var armored = "-----BEGIN PGP SIGNATURE-----\n\n" + new string('A', 100) + "\n-----END PGP SIGNATURE-----\n";
        Assert.False(PgpSignature.TryParse(Encoding.ASCII.GetBytes(armored), out _, out var error));
        Assert.Equal("unable to read PGP signature: openpgp: invalid data: armor invalid", error);
    }

    [Fact]
    public void The_factory_reads_pgp_keys_and_signatures()
    {
        Assert.True(SignatureFormats.TryParsePublicKey(SignatureFormat.Pgp, Read("ed25519.asc"), out var key, out var error), error);
        Assert.True(SignatureFormats.TryParseSignature(SignatureFormat.Pgp, Read("message.txt.ed25519.sig"), out var signature, out error), error);
        Assert.Equal(SignatureFormat.Pgp, key.Format);
        Assert.Equal(["signer@example.com"], key.Subjects);
        Assert.True(signature.TryVerify(Message, key, out error), error);

        Assert.True(SignatureFormats.TryParsePublicKey(SignatureFormat.Ssh, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"u8, out var ssh, out error), error);
        Assert.False(signature.TryVerify(Message, ssh, out error));
        Assert.Equal("cannot verify a pgp signature with a ssh key", error);
        Assert.False(SignatureFormats.TryParsePublicKey(SignatureFormat.Pgp, "not a key at all"u8, out _, out error));
        Assert.StartsWith("error reading binary PGP public key: ", error, StringComparison.Ordinal);
    }

    private static string Text(byte[] bytes) => Encoding.ASCII.GetString(bytes);
}
