using System.Text;
using Rekor.Core.Pki.Minisign;
using static Rekor.Core.Tests.Pki.Minisign.MinisignFixtures;

namespace Rekor.Core.Tests.Pki.Minisign;

/// <summary>Minisign signatures as Rekor reads, verifies and canonicalizes them (spec §9).</summary>
public class MinisignSignatureTests
{
    public static TheoryData<string, string, bool> FixtureSignatures => new()
    {
        { "artifact1.txt", "artifact1.txt.minisig", true },
        { "artifact2.bin", "artifact2.bin.minisig", true },
        { "empty.txt", "empty.txt.minisig", true },
        { "artifact1.txt", "artifact1.txt.legacy.minisig", false },
        { "artifact2.bin", "artifact2.bin.legacy.minisig", false },
    };

    private static string VerifyError(MinisignSignature signature, byte[] message, MinisignPublicKey key)
    {
        Assert.False(signature.TryVerify(message, key, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
        return error;
    }

    [Theory]
    [MemberData(nameof(FixtureSignatures))]
    public void Signatures_made_by_minisign_verify_with_every_form_of_its_key(string artifact, string signatureFile, bool prehashed)
    {
        var signature = ParseSignature(Read(signatureFile));
        Assert.Equal(prehashed, signature.IsPrehashed);
        Assert.Equal(prehashed ? "ED"u8.ToArray() : "Ed"u8.ToArray(), signature.Algorithm.ToArray());
        Assert.Equal(KeyId, signature.KeyIdHex);
        Assert.StartsWith("trusted comment: ", signature.TrustedComment, StringComparison.Ordinal);

        foreach (var key in new[] { Key, ParseKey(Read("key.pub.base64")), ParseKey(RawKey) })
        {
            Assert.True(signature.TryVerify(Read(artifact), key, out var error), error);
        }
    }

    [Theory]
    [MemberData(nameof(FixtureSignatures))]
    public async Task Verifying_a_stream_agrees_with_verifying_bytes(string artifact, string signatureFile, bool prehashed)
    {
        _ = prehashed;
        var signature = ParseSignature(Read(signatureFile));
        using var good = new MemoryStream(Read(artifact));
        Assert.Null(await signature.VerifyAsync(good, Key, CancellationToken.None));

        using var other = new MemoryStream([.. Read(artifact), 0]);
        Assert.NotNull(await signature.VerifyAsync(other, Key, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(FixtureSignatures))]
    public void A_canonical_signature_is_untrusted_comment_and_the_signature_line_without_the_trusted_comment(string artifact, string signatureFile, bool prehashed)
    {
        _ = (artifact, prehashed);
        var canonical = ParseSignature(Read(signatureFile)).CanonicalValue.ToArray();
        Assert.Equal(Encoding.ASCII.GetBytes("untrusted comment:\n" + SecondLine(signatureFile)), canonical);

        var reread = ParseSignature(canonical);
        Assert.Null(reread.TrustedComment);
        Assert.Equal(canonical, reread.CanonicalValue.ToArray());
        Assert.True(reread.TryVerify(Read(artifact), Key, out var error), error);
    }

    [Theory]
    [MemberData(nameof(FixtureSignatures))]
    public void Other_content_does_not_verify(string artifact, string signatureFile, bool prehashed)
    {
        var error = VerifyError(ParseSignature(Read(signatureFile)), [.. Read(artifact), (byte)'x'], Key);
        Assert.Contains("failed to verify signature", error, StringComparison.Ordinal);
        Assert.Contains(prehashed ? "(ED)" : "(Ed)", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Signatures_made_in_test_verify_in_both_modes(bool prehashed)
    {
        var key = MinisignTestKey.Create(7, 0x0123456789ABCDEF);
        var message = "a message"u8.ToArray();
        var signature = ParseSignature(key.SignText(message, prehashed));
        Assert.Equal(prehashed, signature.IsPrehashed);
        Assert.Equal("0123456789ABCDEF", signature.KeyIdHex);
        Assert.True(signature.TryVerify(message, ParseKey(key.Text), out var error), error);
    }

    [Fact]
    public void Another_key_does_not_verify_and_the_failure_names_both_key_ids()
    {
        var other = ParseKey(MinisignTestKey.Create(9, 0x1111111111111111).Text);
        var error = VerifyError(ParseSignature(Read("artifact1.txt.minisig")), Read("artifact1.txt"), other);
        Assert.Contains(KeyId, error, StringComparison.Ordinal);
        Assert.Contains("1111111111111111", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Like_Rekor_a_key_id_that_differs_does_not_stop_a_signature_by_the_same_key_verifying()
    {
        var signer = MinisignTestKey.Create(3, 1);
        var sameKeyOtherId = signer with { KeyId = BitConverter.GetBytes(2UL) };
        var message = "m"u8.ToArray();
        Assert.True(ParseSignature(signer.SignText(message, prehashed: true)).TryVerify(message, ParseKey(sameKeyOtherId.Text), out var error), error);
    }

    [Fact]
    public void A_tampered_signature_does_not_verify()
    {
        var text = Read("artifact1.txt.minisig");
        var line = Convert.FromBase64String(SecondLine("artifact1.txt.minisig"));
        line[^1] ^= 1;
        var tampered = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(text).Replace(SecondLine("artifact1.txt.minisig"), Convert.ToBase64String(line), StringComparison.Ordinal));
        VerifyError(ParseSignature(tampered), Read("artifact1.txt"), Key);
    }

    [Fact]
    public void Swapping_the_algorithm_bytes_checks_the_other_mode_and_fails()
    {
        var line = Convert.FromBase64String(SecondLine("artifact1.txt.minisig"));
        line[1] = (byte)'d';
        var swapped = ParseSignature(Encoding.ASCII.GetBytes("untrusted comment:\n" + Convert.ToBase64String(line)));
        Assert.False(swapped.IsPrehashed);
        Assert.Contains("pure Ed25519 (Ed)", VerifyError(swapped, Read("artifact1.txt"), Key), StringComparison.Ordinal);
    }

    [Fact]
    public void Like_Rekor_the_trusted_comment_and_global_signature_are_not_checked()
    {
        var lines = Encoding.ASCII.GetString(Read("artifact1.txt.minisig")).Split('\n');
        lines[2] = "trusted comment: something else";
        lines[3] = Convert.ToBase64String(new byte[64]);
        var signature = ParseSignature(Encoding.ASCII.GetBytes(string.Join('\n', lines)));
        Assert.Equal("trusted comment: something else", signature.TrustedComment);
        Assert.True(signature.TryVerify(Read("artifact1.txt"), Key, out var error), error);
    }

    [Fact]
    public void Carriage_returns_are_ignored_as_Go_ignores_them()
    {
        var crlf = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(Read("artifact1.txt.minisig")).Replace("\n", "\r\n", StringComparison.Ordinal));
        var signature = ParseSignature(crlf);
        Assert.Equal("trusted comment: artifact one", signature.TrustedComment);
        Assert.True(signature.TryVerify(Read("artifact1.txt"), ParseKey(Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(Read("key.pub")).Replace("\n", "\r\n", StringComparison.Ordinal))), out var error), error);
    }

    [Theory]
    [InlineData("", "invalid signature provided: 1 lines detected")]
    [InlineData("garbage", "invalid signature provided: 1 lines detected")]
    [InlineData("a\nb\nc", "invalid signature provided: 3 lines detected")]
    [InlineData("untrusted comment:\n!!!!", "invalid signature provided: base64 decoding failed")]
    [InlineData("untrusted comment:\nRWQ =", "invalid signature provided: base64 decoding failed")]
    [InlineData("untrusted comment:\nRWRvnPqGFi3i0Q==", "invalid signature provided: incorrect size 10 detected")]
    public void Garbage_signatures_are_refused_with_Rekors_reason(string text, string expected)
    {
        Assert.False(MinisignSignature.TryParse(Encoding.ASCII.GetBytes(text), out var signature, out var error));
        Assert.Null(signature);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Every_truncation_of_a_signature_is_refused_or_read_and_never_throws()
    {
        var message = Read("artifact1.txt");
        var signatureText = Read("artifact1.txt.minisig");
        for (var length = 0; length < signatureText.Length; length++)
        {
            if (MinisignSignature.TryParse(signatureText.AsSpan(0, length), out var signature, out _))
            {
                // Cut just after the signature line, the text reads as signify text; whatever reads must verify without throwing.
                signature.TryVerify(message, Key, out _);
            }
        }
    }

    [Fact]
    public void A_legacy_raw_key_that_is_not_a_curve_point_fails_to_verify_without_throwing()
    {
        var notAPoint = Enumerable.Repeat((byte)0xFF, 32).ToArray();
        VerifyError(ParseSignature(Read("artifact1.txt.minisig")), Read("artifact1.txt"), ParseKey(notAPoint));
    }

    [Fact]
    public void A_signature_whose_scalar_is_out_of_range_fails_without_throwing()
    {
        var line = Convert.FromBase64String(SecondLine("artifact1.txt.minisig"));
        Array.Fill(line, (byte)0xFF, 42, 32);
        VerifyError(ParseSignature(Encoding.ASCII.GetBytes("untrusted comment:\n" + Convert.ToBase64String(line))), Read("artifact1.txt"), Key);
    }

    [Fact]
    public void Signify_text_with_its_final_newline_reads_without_a_trusted_comment_and_verifies()
    {
        var key = MinisignTestKey.Create(5, 0xFEDCBA9876543210);
        var message = "signed by signify"u8.ToArray();
        var signatureLine = Encoding.ASCII.GetString(key.SignText(message, prehashed: false)).Split('\n')[1];
        var signature = ParseSignature(Encoding.ASCII.GetBytes($"untrusted comment: verify with test.pub\n{signatureLine}\n\n"));
        Assert.Null(signature.TrustedComment);
        Assert.Equal(Encoding.ASCII.GetBytes("untrusted comment:\n" + signatureLine), signature.CanonicalValue.ToArray());
        Assert.True(signature.TryVerify(message, ParseKey(key.Text), out var error), error);
    }

    [Fact]
    public void A_key_file_is_not_a_signature_and_a_signature_file_is_not_a_key()
    {
        Assert.False(MinisignSignature.TryParse(Read("key.pub"), out _, out var error));
        Assert.Equal("invalid signature provided: incorrect size 42 detected", error);
        Assert.False(MinisignPublicKey.TryParse(Read("artifact1.txt.minisig"), out _, out error));
        Assert.Equal("unable to read minisign public key: Invalid encoded public key", error);
    }
}
