using System.Security.Cryptography;
using System.Text;
using Rekor.Core.Checkpoints;
using Rekor.Core.Merkle;
using Rekor.Core.Signing;
using Rekor.Core.Tests.Signing;

namespace Rekor.Core.Tests.Checkpoints;

public class SignedCheckpointTests
{
    private static readonly Hash32 Root = new(SHA256.HashData("root"u8));

    /// <summary>A checkpoint Rekor could have served (size and root are made up, the layout is Rekor's).</summary>
    private const string WellFormedBody = "rekor.example.dev - 1193050959916656506\n42\nYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=\n";

    private const string WellFormedSignature = "\u2014 rekor.example.dev wNI9ajBEAiB1Z6e1PjhlkfokW28rSG8drq5ukwh1Xzou2a97duIIsgIgT3DWdPHChJDpQSHMaGToOAp0cBvWVIMo7uXyKCDKmYU=\n";

    [Theory]
    [MemberData(nameof(TestSigners.Algorithms), MemberType = typeof(TestSigners))]
    public async Task A_signed_checkpoint_parses_back_and_verifies(string algorithm)
    {
        var signer = TestSigners.Get(algorithm);
        var checkpoint = Checkpoint.ForTree("rekor.example.dev", 1193050959916656506, 1_511_664_956, Root);

        var text = await SignedCheckpoint.SignAsync(checkpoint, "rekor.example.dev", signer);
        var parsed = SignedCheckpoint.Parse(text);

        Assert.Equal(checkpoint, parsed.Checkpoint);
        Assert.True(parsed.VerifiedBy(signer.PublicKey));
        Assert.True(parsed.VerifiedBy(signer.PublicKey, "rekor.example.dev"));
        Assert.False(parsed.VerifiedBy(signer.PublicKey, "rekor.other.dev"));
        Assert.All(TestSigners.All.Where(s => s != signer), other => Assert.False(parsed.VerifiedBy(other.PublicKey)));
        Assert.Equal(text, parsed.ToString());
    }

    [Fact]
    public async Task A_signed_checkpoint_has_rekors_exact_layout()
    {
        var signer = TestSigners.Get("P-256");
        var checkpoint = new Checkpoint("rekor.example.dev - 7", 3, Root);

        var text = await SignedCheckpoint.SignAsync(checkpoint, "rekor.example.dev", signer);

        var expectedBody = $"rekor.example.dev - 7\n3\n{Root.ToBase64()}\n";
        Assert.StartsWith(expectedBody + "\n\u2014 rekor.example.dev ", text, StringComparison.Ordinal);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var blob = Convert.FromBase64String(text[(expectedBody.Length + "\n\u2014 rekor.example.dev ".Length)..^1]);
        Assert.Equal(signer.PublicKey.KeyHint.ToArray(), blob[..4]);
        Assert.True(signer.PublicKey.Verify(Encoding.UTF8.GetBytes(expectedBody), blob.AsSpan(4)));
    }

    [Fact]
    public async Task Other_content_lines_are_signed_and_kept()
    {
        var signer = TestSigners.Get("Ed25519");
        var checkpoint = new Checkpoint("rekor.example.dev - 7", 3, Root, ["Timestamp: 1689177043498794794", "extension"]);

        var parsed = SignedCheckpoint.Parse(await SignedCheckpoint.SignAsync(checkpoint, "rekor.example.dev", signer));

        Assert.Equal(["Timestamp: 1689177043498794794", "extension"], parsed.Checkpoint.OtherContent);
        Assert.EndsWith("\nTimestamp: 1689177043498794794\nextension\n", parsed.NoteBody, StringComparison.Ordinal);
        Assert.True(parsed.VerifiedBy(signer.PublicKey));
    }

    [Fact]
    public async Task A_note_cosigned_by_another_key_verifies_for_each_signer()
    {
        var log = TestSigners.Get("P-256");
        var witness = TestSigners.Get("Ed25519");
        var text = await SignedCheckpoint.SignAsync(new Checkpoint("rekor.example.dev - 7", 3, Root), "rekor.example.dev", log);
        var body = text[..(text.IndexOf("\n\n", StringComparison.Ordinal) + 1)];
        var witnessSignature = await witness.SignAsync(Encoding.UTF8.GetBytes(body), CancellationToken.None);
        var cosigned = text + new NoteSignature("witness.example", witness.PublicKey.KeyHint.ToArray(), witnessSignature).ToLine() + "\n";

        var parsed = SignedCheckpoint.Parse(cosigned);

        Assert.Equal(2, parsed.Signatures.Count);
        Assert.True(parsed.VerifiedBy(log.PublicKey, "rekor.example.dev"));
        Assert.True(parsed.VerifiedBy(witness.PublicKey, "witness.example"));
        Assert.False(parsed.VerifiedBy(witness.PublicKey, "rekor.example.dev"));
    }

    [Fact]
    public void The_well_formed_sample_parses()
    {
        var parsed = SignedCheckpoint.Parse(WellFormedBody + "\n" + WellFormedSignature);

        Assert.Equal("rekor.example.dev - 1193050959916656506", parsed.Checkpoint.Origin);
        Assert.Equal(42, parsed.Checkpoint.TreeSize);
        Assert.Equal("rekor.example.dev", parsed.Signatures[0].Name);
        Assert.Equal("c0d23d6a", Convert.ToHexStringLower(parsed.Signatures[0].KeyHint));
    }

    [Theory]
    [InlineData(WellFormedBody + "\n" + "\u2014 rekor.example.dev wNI9ajBEAiB1Z6e1PjhlkfokW28rSG8drq5ukwh1Xzou2a97duIIsgIgT3DWdPHChJDpQSHMaGToOAp0cBvWVIMo7uXyKCDKmYU=", "ends with a newline")]
    [InlineData(WellFormedBody + WellFormedSignature, "no blank line")]
    [InlineData(WellFormedBody + "\n\n" + WellFormedSignature, "more than one blank line")]
    [InlineData(WellFormedBody + "\n" + WellFormedSignature + "\n" + WellFormedSignature, "more than one blank line")]
    [InlineData(WellFormedBody + "\n", "no signature line")]
    [InlineData("rekor.example.dev - 1\n42\n\n" + WellFormedSignature, "the body has 2 line(s)")]
    [InlineData("\n\n" + WellFormedSignature, "the body has 1 line(s)")]
    [InlineData("rekor - 1\n-1\nYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=\n\n" + WellFormedSignature, "tree size '-1'")]
    [InlineData("rekor - 1\n+1\nYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=\n\n" + WellFormedSignature, "tree size '+1'")]
    [InlineData("rekor - 1\n042\nYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=\n\n" + WellFormedSignature, "tree size '042'")]
    [InlineData("rekor - 1\n 42\nYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=\n\n" + WellFormedSignature, "tree size ' 42'")]
    [InlineData("rekor - 1\n4.2\nYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=\n\n" + WellFormedSignature, "tree size '4.2'")]
    [InlineData("rekor - 1\n99999999999999999999\nYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=\n\n" + WellFormedSignature, "tree size '99999999999999999999'")]
    [InlineData("rekor - 1\n42\nYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NQ==\n\n" + WellFormedSignature, "not canonical base64 of 32 bytes")]
    [InlineData("rekor - 1\n42\nYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY3\n\n" + WellFormedSignature, "not canonical base64 of 32 bytes")]
    [InlineData("rekor - 1\n42\nYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTZ=\n\n" + WellFormedSignature, "not canonical base64 of 32 bytes")]
    [InlineData("rekor - 1\n42\nYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY\n\n" + WellFormedSignature, "not canonical base64 of 32 bytes")]
    [InlineData("rekor - 1\n42\nYWJjZGVmZ2hpamtsbW5vcHFy c3R1dnd4eXoxMjM0NTY=\n\n" + WellFormedSignature, "not canonical base64 of 32 bytes")]
    [InlineData("rekor - 1\n42\n_-JjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=\n\n" + WellFormedSignature, "not canonical base64 of 32 bytes")]
    [InlineData(WellFormedBody + "\n- rekor.example.dev wNI9ajBEAiB1Z6e1\n", "does not start with an em dash")]
    [InlineData(WellFormedBody + "\n\u2013 rekor.example.dev wNI9ajBEAiB1Z6e1\n", "does not start with an em dash")]
    [InlineData(WellFormedBody + "\n\u2014rekor.example.dev wNI9ajBEAiB1Z6e1\n", "does not start with an em dash")]
    [InlineData(WellFormedBody + "\n\u2014 rekor.example.devwNI9ajBEAiB1Z6e1\n", "no space between")]
    [InlineData(WellFormedBody + "\n\u2014  wNI9ajBEAiB1Z6e1\n", "signer name ''")]
    [InlineData(WellFormedBody + "\n\u2014 rekor+dev wNI9ajBEAiB1Z6e1\n", "signer name 'rekor+dev'")]
    [InlineData(WellFormedBody + "\n\u2014 rekor.example.dev wNI9ajBEAiB1Z6e1 \n", "not canonical base64")]
    [InlineData(WellFormedBody + "\n\u2014 rekor.example.dev wNI9ajBEAiB1Z6e\n", "not canonical base64")]
    [InlineData(WellFormedBody + "\n\u2014 rekor.example.dev wNI9ag==\n", "has 4 bytes")]
    [InlineData("rekor - 1\r\n42\r\nYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=\r\n\r\n" + WellFormedSignature, "U+000D")]
    [InlineData("rekor\t- 1\n42\nYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=\n\n" + WellFormedSignature, "U+0009")]
    [InlineData("", "ends with a newline")]
    public void A_malformed_checkpoint_is_refused_with_the_reason(string text, string reason)
    {
        Assert.False(SignedCheckpoint.TryParse(text, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains(reason, Assert.Throws<FormatException>(() => SignedCheckpoint.Parse(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_is_refused() =>
        Assert.False(SignedCheckpoint.TryParse("rekor\ud800 - 1\n42\nYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=\n\n" + WellFormedSignature, out _, out _));

    [Fact]
    public void A_signature_line_for_another_key_hint_does_not_verify()
    {
        var key = TestSigners.Get("P-256").PublicKey;
        var parsed = SignedCheckpoint.Parse(WellFormedBody + "\n" + WellFormedSignature);

        Assert.False(parsed.VerifiedBy(key));
    }

    [Fact]
    public async Task Signing_refuses_a_name_the_note_format_forbids()
    {
        var checkpoint = new Checkpoint("rekor - 1", 0, Root);

        await Assert.ThrowsAsync<ArgumentException>(() => SignedCheckpoint.SignAsync(checkpoint, "two words", TestSigners.Get("P-256")));
        await Assert.ThrowsAsync<ArgumentException>(() => SignedCheckpoint.SignAsync(checkpoint, "", TestSigners.Get("P-256")));
    }
}
