using System.Text;
using Rekor.Core.Pki.Pgp;
using static Rekor.Core.Tests.Pki.Pgp.PgpFixtures;

namespace Rekor.Core.Tests.Pki.Pgp;

/// <summary>What Rekor's pgp reader refuses and accepts at the edges, with its messages; hostile input never throws.</summary>
public class PgpInputErrorTests
{
    private static string KeyError(byte[] input)
    {
        Assert.False(PgpPublicKey.TryParse(input, out var key, out var error));
        Assert.Null(key);
        Assert.False(string.IsNullOrWhiteSpace(error));
        return error;
    }

    private static string SignatureError(byte[] input)
    {
        Assert.False(PgpSignature.TryParse(input, out var signature, out var error));
        Assert.Null(signature);
        Assert.False(string.IsNullOrWhiteSpace(error));
        return error;
    }

    [Theory]
    [InlineData("")]
    [InlineData("-----BEGIN PG")]
    public void Input_shorter_than_the_armor_start_is_refused_as_Go_peeking_at_EOF(string input) =>
        Assert.Equal("unable to read PGP public key: EOF", KeyError(Encoding.ASCII.GetBytes(input)));

    [Fact]
    public void An_armored_signature_is_not_a_key() =>
        Assert.Equal("invalid PGP type detected", KeyError(Read("message.txt.ed25519.asc")));

    [Fact]
    public void An_armored_key_is_not_a_signature() =>
        Assert.Equal("invalid PGP signature provided", SignatureError(Read("ed25519.asc")));

    [Fact]
    public void A_binary_key_is_not_a_signature() =>
        Assert.Equal("invalid PGP signature: openpgp: invalid data: non signature packet found", SignatureError(Read("ed25519.gpg")));

    [Fact]
    public void An_empty_signature_is_refused_at_EOF() => Assert.Equal("invalid PGP signature: EOF", SignatureError([]));

    [Fact]
    public void Armor_without_an_END_line_holds_no_keys() =>
        Assert.Equal("no PGP public keys could be read", KeyError(Read("ed25519.asc").AsSpan(0, 200).ToArray()));

    [Fact]
    public void A_binary_key_cut_short_is_an_error_of_the_binary_reader() =>
        Assert.StartsWith("error reading binary PGP public key: ", KeyError(Read("ed25519.gpg").AsSpan(0, 100).ToArray()), StringComparison.Ordinal);

    [Fact]
    public void Invalid_base64_in_an_armored_key_is_an_error_reading_it()
    {
        var text = Encoding.ASCII.GetString(Read("ed25519.asc"));
        var broken = text.Replace("\n\n", "\n\n!", StringComparison.Ordinal);
        Assert.Equal("error reading PGP public key: illegal base64 data at input byte 0", KeyError(Encoding.ASCII.GetBytes(broken)));
    }

    [Fact]
    public void Quirk_like_Go_the_armor_checksum_is_not_checked()
    {
        var lines = Encoding.ASCII.GetString(Read("message.txt.ed25519.asc")).Split('\n');
        var checksum = Array.FindIndex(lines, line => line.Length == 5 && line[0] == '=');
        lines[checksum] = lines[checksum][..1] + (lines[checksum][1] == 'A' ? 'B' : 'A') + lines[checksum][2..];
        var signature = ParseSignature(Encoding.ASCII.GetBytes(string.Join('\n', lines)));
        Assert.True(signature.TryVerify(Message, ParseKey(Read("ed25519.gpg")), out var error), error);
    }

    [Fact]
    public void Armor_headers_carriage_returns_and_text_around_the_block_are_accepted()
    {
        var armored = Encoding.ASCII.GetString(Read("ed25519.asc"))
            .Replace("-----\n\n", "-----\nVersion: GnuPG v2\nComment: a comment\n\n", StringComparison.Ordinal)
            .Replace("\n", "\r\n", StringComparison.Ordinal);
        var key = ParseKey(Encoding.ASCII.GetBytes(armored + "trailing text\r\n"));
        Assert.Equal(ParseKey(Read("ed25519.gpg")).CanonicalValue.ToArray(), key.CanonicalValue.ToArray());

        var signature = ParseSignature(Encoding.ASCII.GetBytes("text before the block\n" + Encoding.ASCII.GetString(Read("message.txt.ed25519.asc"))));
        Assert.True(signature.TryVerify(Message, key, out var error), error);
    }

    [Fact]
    public void A_key_whose_self_signature_does_not_verify_is_dropped_with_go_cryptos_reason()
    {
        var key = Read("ed25519.gpg");
        key[^1] ^= 0x01;
        Assert.Equal(
            "error reading binary PGP public key: openpgp: invalid data: user ID self-signature invalid: openpgp: invalid signature: EdDSA verification failure",
            KeyError(key));
    }

    [Fact]
    public void A_key_whose_user_ID_has_no_self_signature_has_no_identities()
    {
        var packets = OldFormatPackets(Read("ed25519.gpg"));
        Assert.Equal(3, packets.Count);
        Assert.Equal(
            "error reading binary PGP public key: openpgp: invalid data: v4 entity without any identities",
            KeyError([.. packets[0], .. packets[1]]));
    }

    [Fact]
    public void An_entity_Go_drops_is_skipped_when_another_one_reads()
    {
        var packets = OldFormatPackets(Read("ed25519.gpg"));
        var key = ParseKey([.. packets[0], .. packets[1], .. Read("rsa2048.gpg")]);
        Assert.Equal([RsaFingerprint], key.Fingerprints);
    }

    /// <summary>Splits packets whose headers are old-format with one length byte (gpg's for small keys).</summary>
    private static List<byte[]> OldFormatPackets(byte[] packets)
    {
        var split = new List<byte[]>();
        for (var at = 0; at < packets.Length; at += 2 + packets[at + 1])
        {
            Assert.Equal(0, packets[at] & 0x43);
            split.Add(packets[at..(at + 2 + packets[at + 1])]);
        }

        return split;
    }

    public static TheoryData<string> BinaryFixtures => ["ed25519.gpg", "rsa2048.gpg", "message.txt.ed25519.sig", "message.txt.rsa2048.sig", "ed25519.asc", "message.txt.ed25519.asc"];

    [Theory]
    [MemberData(nameof(BinaryFixtures))]
    public void Every_truncation_and_every_flipped_byte_of_a_key_or_signature_is_an_answer_never_an_exception(string file)
    {
        var original = Read(file);
        var key = ParseKey(Read("ed25519.gpg"));
        var rsa = ParseKey(Read("rsa2048.gpg"));
        for (var length = 0; length < original.Length; length++)
        {
            Survives(original.AsSpan(0, length).ToArray(), key, rsa);
        }

        // One flip per byte, the mask taking turns (each RSA key use costs BouncyCastle a primality check of the modulus).
        ReadOnlySpan<byte> masks = [0x01, 0x80, 0xFF];
        for (var at = 0; at < original.Length; at++)
        {
            var flipped = original.ToArray();
            flipped[at] ^= masks[at % masks.Length];
            Survives(flipped, key, rsa);
        }
    }

    [Fact]
    public void Random_bytes_are_an_answer_never_an_exception()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var key = ParseKey(Read("ed25519.gpg"));
        for (var i = 0; i < 2000; i++)
        {
            var input = new byte[random.Next(0, 300)];
            random.NextBytes(input);
            if (i % 2 == 0 && input.Length > 0)
            {
                input[0] = (byte)(0x80 | random.Next(0x80));
            }

            try
            {
                Survives(input, key, key);
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed}, input {i} ({Convert.ToHexString(input)}): {e}");
            }
        }
    }

    /// <summary>Parsing gives a value or an error; a parsed signature verifies or says why.</summary>
    private static void Survives(byte[] input, PgpPublicKey key, PgpPublicKey other)
    {
        Assert.True(PgpPublicKey.TryParse(input, out var parsedKey, out var error) ^ error is not null);
        if (PgpSignature.TryParse(input, out var signature, out error))
        {
            foreach (var verifier in new[] { key, other, parsedKey })
            {
                if (verifier is not null && !signature.TryVerify(Message, verifier, out var failure))
                {
                    Assert.False(string.IsNullOrWhiteSpace(failure));
                }
            }
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(error));
        }
    }
}
