using System.Text;
using Rekor.Core.Pki.Pgp;

namespace Rekor.Core.Tests.Pki.Pgp;

/// <summary>
/// Cleartext-signed messages read as go-crypto's <c>clearsign.Decode</c> reads them: what is signed (CRLF-joined, dash-escapes
/// removed, trailing blanks trimmed), what is refused, and real <c>gpg --clearsign</c> output verifying.
/// </summary>
public sealed class PgpClearSignedMessageTests : IDisposable
{
    /// <summary>An armored signature block whose body is a few bytes (reading the message does not parse the packets).</summary>
    private const string SignatureBlock = "-----BEGIN PGP SIGNATURE-----\n\nAQID\n=AAAA\n-----END PGP SIGNATURE-----\n";

    private readonly Gpg _gpg = new();

    public void Dispose() => _gpg.Dispose();

    private static PgpClearSignedMessage Decode(string text)
    {
        Assert.True(PgpClearSignedMessage.TryDecode(Encoding.UTF8.GetBytes(text), out var message), "not read: " + text);
        return message;
    }

    private static bool Reads(string text) => PgpClearSignedMessage.TryDecode(Encoding.UTF8.GetBytes(text), out _);

    [Fact]
    public void The_signed_bytes_join_lines_with_crlf_without_dash_escapes_trailing_blanks_or_a_final_line_ending()
    {
        var message = Decode("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nfirst  \t\n- -----dashed\r\nlast\n" + SignatureBlock);

        Assert.Equal("first\r\n-----dashed\r\nlast", Encoding.UTF8.GetString(message.SignedBytes));
        Assert.Equal("first\n-----dashed\nlast", Encoding.UTF8.GetString(message.Plaintext));
        Assert.Equal([1, 2, 3], message.SignaturePackets.ToArray());
    }

    [Fact]
    public void The_message_may_follow_other_text_on_an_earlier_line()
    {
        Assert.True(Reads("preamble\n-----BEGIN PGP SIGNED MESSAGE-----\n\ntext\n" + SignatureBlock));
        Assert.False(Reads("preamble -----BEGIN PGP SIGNED MESSAGE-----\n\ntext\n" + SignatureBlock));
    }

    [Theory]
    [InlineData("-----BEGIN PGP SIGNED MESSAGE----- extra\n\ntext\n")]
    [InlineData("-----BEGIN PGP SIGNED MESSAGE-----\nComment: not allowed\n\ntext\n")]
    [InlineData("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA999\n\ntext\n")]
    [InlineData("-----BEGIN PGP SIGNED MESSAGE-----\nHash SHA256\n\ntext\n")]
    [InlineData("-----BEGIN PGP SIGNED MESSAGE-----\n\n")]
    public void Headers_other_than_known_hashes_and_messages_without_text_are_refused(string start)
    {
        Assert.False(Reads(start + SignatureBlock));
    }

    [Fact]
    public void A_message_without_its_signature_block_or_its_end_line_is_refused()
    {
        Assert.False(Reads("-----BEGIN PGP SIGNED MESSAGE-----\n\ntext\n"));
        Assert.False(Reads("-----BEGIN PGP SIGNED MESSAGE-----\n\ntext\n-----BEGIN PGP SIGNATURE-----\n\nAQID\n"));
    }

    [Fact]
    public void Gpgs_clear_signature_verifies_over_the_signed_bytes_and_every_truncation_reads_or_fails_without_throwing()
    {
        var fingerprint = _gpg.NewKey("Clear <clear@example.com>", "ed25519");
        Assert.True(PgpPublicKey.TryParse(_gpg.Export(armor: true, fingerprint), out var key, out var keyError), keyError);
        var signed = _gpg.ClearSign(fingerprint, "- a dashed line\nwith trailing blanks   \n\nand a blank line before\n"u8.ToArray());

        Assert.True(PgpClearSignedMessage.TryDecode(signed, out var message));
        Assert.True(PgpSignature.TryParse(message.SignaturePackets, out var signature, out var error), error);
        Assert.True(signature.TryVerify(message.SignedBytes, key, out error), error);
        for (var length = 0; length < signed.Length; length++)
        {
            PgpClearSignedMessage.TryDecode(signed.AsSpan(0, length), out _);
        }
    }
}
