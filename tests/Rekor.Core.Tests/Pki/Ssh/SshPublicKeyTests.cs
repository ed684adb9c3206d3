using System.Text;
using Rekor.Core.Pki.Ssh;

namespace Rekor.Core.Tests.Pki.Ssh;

/// <summary>authorized_keys lines read as Go's ssh.ParseAuthorizedKey reads them, with Rekor's canonical form and subjects.</summary>
public sealed class SshPublicKeyTests : IDisposable
{
    private readonly SshKeygen _keygen = new();

    public void Dispose() => _keygen.Dispose();

    [Theory]
    [InlineData("ed25519", "ssh-ed25519")]
    [InlineData("rsa", "ssh-rsa")]
    [InlineData("ecdsa", "ecdsa-sha2-nistp256")]
    public void A_key_line_from_ssh_keygen_canonicalizes_to_type_and_base64_without_the_comment(string type, string keyType)
    {
        var line = SshKeygen.Text(SshKeygen.PublicKeyLine(_keygen.NewKey(type, "just a comment")));

        Assert.True(SshPublicKey.TryParseAuthorizedKey(Encoding.ASCII.GetBytes(line), out var key, out var error), error);
        Assert.Equal(keyType, key.KeyType);
        Assert.Equal("just a comment", key.Comment);
        Assert.Empty(key.Subjects);
        Assert.Equal(line.Replace(" just a comment", "", StringComparison.Ordinal), SshKeygen.Text(key.CanonicalAuthorizedKey));
    }

    [Fact]
    public void Options_with_quoted_spaces_blank_lines_and_comment_lines_are_read_past()
    {
        var line = SshKeygen.Text(SshKeygen.PublicKeyLine(_keygen.NewKey("ed25519", "dev@example.org"))).TrimEnd('\n');
        var text = "\r\n# a comment line\n   \n" + "command=\"echo hi there\",no-pty " + line + "\r\n" + "garbage after\n";

        Assert.True(SshPublicKey.TryParseAuthorizedKey(Encoding.ASCII.GetBytes(text), out var key, out var error), error);
        Assert.Equal("dev@example.org", key.Comment);
        Assert.Equal(["dev@example.org"], key.Subjects);
        Assert.Equal(line[..line.LastIndexOf(' ')] + "\n", SshKeygen.Text(key.CanonicalAuthorizedKey));
    }

    [Fact]
    public void The_type_word_is_not_checked_the_key_inside_is_what_counts()
    {
        var line = SshKeygen.Text(SshKeygen.PublicKeyLine(_keygen.NewKey("ed25519")));

        Assert.True(SshPublicKey.TryParseAuthorizedKey(Encoding.ASCII.GetBytes("ssh-rsa" + line["ssh-ed25519".Length..]), out var key, out var error), error);
        Assert.Equal("ssh-ed25519", key.KeyType);
    }

    [Fact]
    public void An_ecdsa_key_is_of_the_curve_it_names_inside_whatever_its_wire_type_says()
    {
        var line = SshKeygen.Text(SshKeygen.PublicKeyLine(_keygen.NewKey("ecdsa", "", "-b", "384"))).Split(' ');
        var wire = Convert.FromBase64String(line[1]);
        "ecdsa-sha2-nistp256"u8.CopyTo(wire.AsSpan(4));
        var relabelled = $"{line[0]} {Convert.ToBase64String(wire)}\n";

        Assert.True(SshPublicKey.TryParseAuthorizedKey(Encoding.ASCII.GetBytes(relabelled), out var key, out var error), error);
        Assert.Equal(SshKeyAlgorithm.EcdsaP384, key.Algorithm);
        Assert.Equal($"{line[0]} {line[1]}\n", SshKeygen.Text(key.CanonicalAuthorizedKey));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("ssh-ed25519")]
    [InlineData("ssh-ed25519 AAAA")]
    [InlineData("ssh-ed25519 !!!not-base64!!! comment")]
    [InlineData("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA== truncated key")]
    public void Text_without_a_key_is_refused(string text)
    {
        Assert.False(SshPublicKey.TryParseAuthorizedKey(Encoding.ASCII.GetBytes(text), out _, out var error));
        Assert.Equal("ssh: no key found", error);
    }

    [Fact]
    public void Text_over_64_KiB_is_refused()
    {
        var line = SshKeygen.PublicKeyLine(_keygen.NewKey("ed25519"));
        var text = new byte[SshPublicKey.MaxAuthorizedKeysBytes + 1];
        text.AsSpan().Fill((byte)'\n');
        line.CopyTo(text, 0);

        Assert.False(SshPublicKey.TryParseAuthorizedKey(text, out _, out var error));
        Assert.Equal("http: request body too large", error);
    }

    [Fact]
    public void Every_truncation_of_a_key_line_is_read_without_throwing()
    {
        var line = SshKeygen.PublicKeyLine(_keygen.NewKey("rsa"));
        for (var length = 0; length < line.Length; length++)
        {
            var exception = Record.Exception(() => SshPublicKey.TryParseAuthorizedKey(line.AsSpan(0, length), out _, out _));
            Assert.Null(exception);
        }
    }
}
