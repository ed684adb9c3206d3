using System.Text;
using Org.BouncyCastle.Bcpg;
using Rekor.Core.Pki;
using Rekor.Core.Pki.Pgp;

namespace Rekor.Core.Tests.Pki.Pgp;

/// <summary>Keys and detached signatures made by the real gpg, read, canonicalized and verified as Rekor does.</summary>
public sealed class PgpGpgTests(GpgKeys keys) : IClassFixture<GpgKeys>
{
    public static TheoryData<string> Signers => ["ed25519", "rsa3072", "nistp256", "Dave"];

    private static byte[] Content => GpgKeys.Content;

    private static PgpPublicKey Key(byte[] input)
    {
        Assert.True(PgpPublicKey.TryParse(input, out var key, out var error), error);
        return key;
    }

    private static PgpSignature Signature(byte[] input)
    {
        Assert.True(PgpSignature.TryParse(input, out var signature, out var error), error);
        return signature;
    }

    private static string VerifyError(PgpSignature signature, byte[] content, PgpPublicKey key)
    {
        Assert.False(signature.TryVerify(content, key, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
        return error;
    }

    [Theory]
    [MemberData(nameof(Signers))]
    public void Armored_and_binary_signatures_verify_with_armored_and_binary_keys(string name)
    {
        var made = keys[name];
        foreach (var key in new[] { Key(made.ArmoredKey), Key(made.BinaryKey) })
        {
            foreach (var signature in new[] { Signature(made.ArmoredSignature), Signature(made.BinarySignature) })
            {
                Assert.True(signature.TryVerify(Content, key, out var error), $"{name}: {error}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Signers))]
    public void Verification_through_the_format_neutral_view_and_the_factory_agrees(string name)
    {
        var made = keys[name];
        Assert.True(SignatureFormats.TryParsePublicKey(SignatureFormat.Pgp, made.BinaryKey, out var key, out var error), error);
        Assert.True(SignatureFormats.TryParseSignature(SignatureFormat.Pgp, made.ArmoredSignature, out var signature, out error), error);
        Assert.Equal(SignatureFormat.Pgp, key.Format);
        Assert.Equal(SignatureFormat.Pgp, signature.Format);
        Assert.True(signature.TryVerify(Content, key, out error), error);
    }

    [Theory]
    [MemberData(nameof(Signers))]
    public void Other_content_is_refused_with_the_algorithms_verification_failure(string name)
    {
        var made = keys[name];
        var error = VerifyError(Signature(made.BinarySignature), Encoding.UTF8.GetBytes("other content\n"), Key(made.ArmoredKey));
        Assert.StartsWith("openpgp: invalid signature: ", error, StringComparison.Ordinal);
        Assert.EndsWith("verification failure", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signature_by_another_key_is_refused_as_made_by_an_unknown_entity()
    {
        var error = VerifyError(Signature(keys.Rsa.ArmoredSignature), Content, Key(keys.Ed25519.ArmoredKey));
        Assert.Equal("openpgp: signature made by unknown entity", error);
    }

    [Theory]
    [MemberData(nameof(Signers))]
    public void A_key_ring_of_several_keys_finds_the_signer(string name)
    {
        var made = keys[name];
        var ring = Key(keys.ArmoredKeyRing);
        Assert.Equal(3, ring.Fingerprints.Count);
        var expected = name != "Dave";
        Assert.Equal(expected, Signature(made.ArmoredSignature).TryVerify(Content, ring, out var error));
        Assert.True(expected || error == "openpgp: signature made by unknown entity", error);
        Assert.True(Signature(made.BinarySignature).TryVerify(Content, Key(keys.BinaryKeyRing), out _) == expected);
    }

    [Fact]
    public void Several_armored_blocks_one_after_another_are_one_key_ring()
    {
        byte[] concatenated = [.. keys.Rsa.ArmoredKey, .. "\n"u8, .. keys.Subkey.ArmoredKey, .. keys.Ecdsa.ArmoredKey];
        var ring = Key(concatenated);
        Assert.Equal([keys.Rsa.Fingerprint.ToLowerInvariant(), keys.Subkey.Fingerprint.ToLowerInvariant(), keys.Ecdsa.Fingerprint.ToLowerInvariant()], ring.Fingerprints);
        Assert.True(Signature(keys.Subkey.BinarySignature).TryVerify(Content, ring, out var error), error);
        Assert.Equal(["bob@example.com", "dave@example.com", "carol@example.com"], ring.Subjects);
    }

    [Fact]
    public void A_signature_made_after_the_key_expired_is_refused()
    {
        var key = Key(keys.Expired.BinaryKey);
        Assert.Equal("openpgp: key expired", VerifyError(Signature(keys.Expired.ArmoredSignature), Content, key));
        Assert.Equal("openpgp: key expired", VerifyError(Signature(keys.Expired.BinarySignature), Content, key));
    }

    [Fact]
    public void The_signing_subkey_of_a_certify_only_key_is_found_by_its_key_ID()
    {
        var key = Key(keys.Subkey.BinaryKey);
        var entity = Assert.Single(key.Entities);
        var subkey = Assert.Single(entity.Subkeys);
        Assert.Equal(keys.SubkeyFingerprint, Convert.ToHexString(subkey.Key.GetFingerprint()));
        Assert.True(Signature(keys.Subkey.ArmoredSignature).TryVerify(Content, key, out var error), error);
    }

    [Theory]
    [MemberData(nameof(Signers))]
    public void The_canonical_key_is_the_same_for_armored_and_binary_input_and_is_Gos_re_serialization(string name)
    {
        var made = keys[name];
        var fromArmored = Key(made.ArmoredKey).CanonicalValue.ToArray();
        Assert.Equal(fromArmored, Key(made.BinaryKey).CanonicalValue.ToArray());

        var text = Encoding.ASCII.GetString(fromArmored);
        Assert.StartsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\n-----END PGP PUBLIC KEY BLOCK-----", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Version", text, StringComparison.Ordinal);
        var lines = text.Split('\n');
        var body = lines[2..^2];
        Assert.All(body[..^1], line => Assert.Equal(64, line.Length));
        Assert.InRange(body[^1].Length, 1, 64);
        Assert.Matches("^=[A-Za-z0-9+/]{4}$", lines[^2]);

        // BouncyCastle's armor reader checks the CRC-24; the packets are gpg's with new-format headers.
        Assert.Equal(PacketReframing.ToNewFormatHeaders(made.BinaryKey), BouncyCastleDearmor(fromArmored));
    }

    [Fact]
    public void The_canonical_key_of_a_private_key_block_is_its_public_key()
    {
        var key = Key(keys.ArmoredSecretEd25519);
        Assert.Equal(Key(keys.Ed25519.BinaryKey).CanonicalValue.ToArray(), key.CanonicalValue.ToArray());
        Assert.True(Signature(keys.Ed25519.BinarySignature).TryVerify(Content, key, out var error), error);
    }

    [Theory]
    [MemberData(nameof(Signers))]
    public void The_canonical_signature_keeps_armored_input_and_armors_binary_input_as_gpg_and_Go_do(string name)
    {
        var made = keys[name];
        var armored = Signature(made.ArmoredSignature);
        var binary = Signature(made.BinarySignature);
        Assert.True(armored.IsArmored);
        Assert.False(binary.IsArmored);
        Assert.Equal(made.ArmoredSignature, armored.CanonicalValue.ToArray());

        // gpg armors without headers in 64 columns as Go does, but ends with a newline; Go does not.
        var canonical = Encoding.ASCII.GetString(binary.CanonicalValue);
        Assert.Equal(made.BinarySignature, binary.Packets.ToArray());
        Assert.Equal(made.BinarySignature, BouncyCastleDearmor(binary.CanonicalValue.ToArray()));
        Assert.StartsWith("-----BEGIN PGP SIGNATURE-----\n\n", canonical, StringComparison.Ordinal);
        Assert.EndsWith("\n-----END PGP SIGNATURE-----", canonical, StringComparison.Ordinal);
        Assert.True(Signature(binary.CanonicalValue.ToArray()).TryVerify(Content, Key(made.BinaryKey), out var error), error);
    }

    [Fact]
    public void The_canonical_form_of_gpgs_binary_signature_is_gpgs_own_armor_without_the_final_newline()
    {
        foreach (var made in keys.SigningKeys)
        {
            var packetsGpgArmored = Signature(made.ArmoredSignature).Packets.ToArray();
            var armoredByUs = Signature(packetsGpgArmored).CanonicalValue.ToArray();
            Assert.Equal(made.ArmoredSignature.AsSpan().TrimEnd("\n"u8).ToArray(), armoredByUs);
        }
    }

    [Fact]
    public void A_signature_made_after_the_key_was_revoked_is_refused()
    {
        var key = Key(keys.Revoked.ArmoredKey);
        Assert.Equal("openpgp: signature made by revoked key", VerifyError(Signature(keys.Revoked.BinarySignature), Content, key));
    }

    [Fact]
    public void Quirk_a_signature_made_before_the_newest_self_signature_is_refused_as_expired()
    {
        // go-crypto checks that the primary self-signature is not "expired" at the signature's time, and a self-signature
        // made later counts as expired then: renewing a key's expiry makes Rekor refuse its older signatures.
        var key = Key(keys.Renewed.BinaryKey);
        Assert.Equal("openpgp: signature expired", VerifyError(Signature(keys.Renewed.BinarySignature), Content, key));
    }

    [Fact]
    public void A_text_mode_signature_verifies_over_the_text_with_its_line_feeds()
    {
        var key = Key(keys.Renewed.ArmoredKey);
        Assert.True(Signature(keys.TextModeSignature).TryVerify(GpgKeys.TextContent, key, out var error), error);
        var crlf = Encoding.UTF8.GetBytes("line one\r\nline two\r\n");
        Assert.True(Signature(keys.TextModeSignature).TryVerify(crlf, key, out error), error);
        Assert.False(Signature(keys.TextModeSignature).TryVerify(Content, key, out _));
    }

    [Fact]
    public void Quirk_a_private_key_block_whose_every_entity_has_a_secret_encryption_subkey_is_refused()
    {
        // Rekor's test is len(entities) == len(DecryptionKeys()), meant for "no keys at all".
        Assert.False(PgpPublicKey.TryParse(keys.ArmoredSecretWithEncryptionSubkey, out _, out var error));
        Assert.Equal("no PGP public keys could be read", error);

        var key = Key(keys.Encrypting.BinaryKey);
        Assert.Single(Assert.Single(key.Entities).Subkeys);
        Assert.True(Signature(keys.Encrypting.ArmoredSignature).TryVerify(Content, key, out error), error);
    }

    [Fact]
    public void Every_user_ID_with_an_email_address_is_a_subject_in_order()
    {
        var key = Key(keys.Encrypting.ArmoredKey);
        Assert.Equal(["eve@example.com", "eve@work.example"], key.Subjects);
        Assert.Equal(key.CanonicalValue.ToArray(), Key(keys.Encrypting.BinaryKey).CanonicalValue.ToArray());

        // Go keeps user IDs in a map, so Rekor writes them in a random order; ours is the input's, gpg's.
        Assert.Equal(PacketReframing.ToNewFormatHeaders(keys.Encrypting.BinaryKey), BouncyCastleDearmor(key.CanonicalValue.ToArray()));
    }

    [Fact]
    public void The_user_ID_emails_are_the_subjects()
    {
        Assert.Equal(["alice@example.com"], Key(keys.Ed25519.ArmoredKey).Subjects);
        Assert.Equal(["alice@example.com", "bob@example.com", "carol@example.com"], Key(keys.ArmoredKeyRing).Subjects);
    }

    private static byte[] BouncyCastleDearmor(byte[] armored)
    {
        using var input = new ArmoredInputStream(new MemoryStream(armored));
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
