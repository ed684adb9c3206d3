using System.Security.Cryptography;
using System.Text;
using Rekor.Core.Pki;

namespace Rekor.Core.Tests.Pki;

/// <summary>PEM as Go's encoding/pem writes and reads it, since Rekor's canonical key material is Go's output.</summary>
public class PemTests
{
    private static readonly byte[] Der = [.. Enumerable.Range(0, 100).Select(i => (byte)i)];

    [Fact]
    public void Encoding_writes_64_column_lines_and_a_final_newline()
    {
        var pem = Encoding.ASCII.GetString(Pem.Encode("PUBLIC KEY", Der));

        Assert.Equal(PemEncoding.WriteString("PUBLIC KEY", Der) + "\n", pem);
        var lines = pem.Split('\n');
        Assert.Equal("-----BEGIN PUBLIC KEY-----", lines[0]);
        Assert.Equal(64, lines[1].Length);
        Assert.Equal("-----END PUBLIC KEY-----", lines[^2]);
        Assert.Equal("", lines[^1]);
    }

    [Fact]
    public void An_empty_block_has_no_base64_lines() =>
        Assert.Equal("-----BEGIN X-----\n-----END X-----\n", Encoding.ASCII.GetString(Pem.Encode("X", [])));

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Decoding_skips_text_before_the_block_and_headers_and_accepts_any_line_breaks(string newline)
    {
        var base64 = Convert.ToBase64String(Der);
        var text = string.Join(newline, "some text", "-----BEGIN THING-----", "Proc-Type: 4,ENCRYPTED", "", base64[..30], " " + base64[30..] + "\t", "-----END THING-----", "after");

        Assert.True(Pem.TryDecode(Encoding.ASCII.GetBytes(text), out var block, out var rest));

        Assert.Equal("THING", block.Type);
        Assert.Equal(Der, block.Bytes);
        Assert.Equal("after", Encoding.ASCII.GetString(rest));
    }

    [Fact]
    public void A_block_that_does_not_decode_is_skipped_for_the_next_one()
    {
        var text = "-----BEGIN A-----\nnot base64!\n-----END A-----\n" + Encoding.ASCII.GetString(Pem.Encode("B", Der));

        Assert.True(Pem.TryDecode(Encoding.ASCII.GetBytes(text), out var block, out var rest));

        Assert.Equal("B", block.Type);
        Assert.True(rest.IsEmpty);
    }

    [Theory]
    [InlineData("no pem here")]
    [InlineData("-----BEGIN A-----\nAAAA\n-----END B-----\n")]
    [InlineData("-----BEGIN A-----\nAAAA\n")]
    [InlineData("x-----BEGIN A-----\nAAAA\n-----END A-----\n")]
    [InlineData("-----BEGIN A-----\nAAAA\n-----END A----- trailing\n")]
    public void Text_without_a_well_formed_block_has_none(string text) =>
        Assert.False(Pem.TryDecode(Encoding.ASCII.GetBytes(text), out _, out _));
}
