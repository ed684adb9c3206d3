using System.Security.Cryptography;
using Rekor.Core.Pki;
using Rekor.Core.Pki.X509;

namespace Rekor.Core.Tests.Pki;

/// <summary>
/// The two ways Rekor checks an x509 signature: over a digest (hashedrekord: ECDSA, RSA PKCS#1 v1.5, Ed25519ph)
/// and over a whole message (rekord: ECDSA and RSA with SHA-256, Ed25519 pure).
/// </summary>
public class SignatureVerificationTests
{
    private static readonly byte[] Artifact = "the artifact that was signed"u8.ToArray();

    private static readonly string[] InvalidSignatureMessages =
    [
        "invalid signature when validating ASN.1 encoded signature",
        "crypto/rsa: verification error",
        "failed to verify signature: ed25519: invalid signature",
    ];

    private static X509Verifier VerifierOf(TestKey key)
    {
        Assert.True(X509Verifier.TryParse(key.PublicKeyPem, out var verifier, out var error), error);
        return verifier;
    }

    [Theory]
    [MemberData(nameof(TestKey.PermittedNames), MemberType = typeof(TestKey))]
    public void A_signature_over_a_digest_verifies_with_the_hash_it_was_made_with(string name)
    {
        var key = TestKey.Get(name);
        var digest = key.PolicyHash.Hash(Artifact);

        var verified = VerifierOf(key).TryVerifyDigest(key.SignDigest(digest, key.PolicyHash), digest, key.PolicyHash, out var error);

        Assert.True(verified, error);
    }

    [Theory]
    [MemberData(nameof(TestKey.PermittedNames), MemberType = typeof(TestKey))]
    public void One_parsed_key_verifies_again_and_from_many_threads_at_once(string name)
    {
        var key = TestKey.Get(name);
        var digest = key.PolicyHash.Hash(Artifact);
        var signature = key.SignDigest(digest, key.PolicyHash);
        var other = key.PolicyHash.Hash("another artifact"u8);
        var verifier = VerifierOf(key);

        var results = new bool[64];
        Parallel.For(0, results.Length, i =>
            results[i] = verifier.TryVerifyDigest(signature, i % 2 == 0 ? digest : other, key.PolicyHash, out _));

        Assert.All(Enumerable.Range(0, results.Length), i => Assert.Equal(i % 2 == 0, results[i]));
    }

    [Theory]
    [MemberData(nameof(TestKey.PermittedNames), MemberType = typeof(TestKey))]
    public void A_signature_over_a_digest_does_not_verify_another_digest(string name)
    {
        var key = TestKey.Get(name);
        var digest = key.PolicyHash.Hash(Artifact);
        var other = key.PolicyHash.Hash("another artifact"u8);

        var verified = VerifierOf(key).TryVerifyDigest(key.SignDigest(digest, key.PolicyHash), other, key.PolicyHash, out var error);

        Assert.False(verified);
        Assert.Contains(error, InvalidSignatureMessages);
    }

    [Theory]
    [MemberData(nameof(TestKey.PermittedNames), MemberType = typeof(TestKey))]
    public void A_detached_signature_over_a_message_verifies_over_that_message_only(string name)
    {
        var key = TestKey.Get(name);
        var verifier = VerifierOf(key);
        var signature = key.SignMessage(Artifact);

        Assert.True(verifier.TryVerifyMessage(signature, Artifact, out var error), error);
        Assert.False(verifier.TryVerifyMessage(signature, [.. Artifact, 0x00], out _));
    }

    [Theory]
    [InlineData("P-256", DigestAlgorithm.Sha384)]
    [InlineData("P-384", DigestAlgorithm.Sha256)]
    [InlineData("P-521", DigestAlgorithm.Sha256)]
    [InlineData("RSA-2048", DigestAlgorithm.Sha512)]
    public void ECDSA_and_RSA_verify_any_hash_the_signer_used(string name, DigestAlgorithm hash)
    {
        // Verification does not police pairings; the algorithm policy does (see SigningAlgorithmPolicyTests).
        var key = TestKey.Get(name);
        var digest = hash.Hash(Artifact);

        Assert.True(VerifierOf(key).TryVerifyDigest(key.SignDigest(digest, hash), digest, hash, out var error), error);
    }

    [Fact]
    public void Ed25519_over_a_digest_is_Ed25519ph_and_needs_SHA_512()
    {
        var key = TestKey.Get("Ed25519");
        var verifier = VerifierOf(key);
        var sha256 = SHA256.HashData(Artifact);
        var sha512 = SHA512.HashData(Artifact);

        Assert.False(verifier.TryVerifyDigest(new byte[64], sha256, DigestAlgorithm.Sha256, out var error));
        Assert.Equal("unsupported hash algorithm: \"SHA-256\" not in [SHA-512]", error);
        // A pure Ed25519 signature of the digest bytes is not an Ed25519ph signature.
        Assert.False(verifier.TryVerifyDigest(key.SignMessage(sha512), sha512, DigestAlgorithm.Sha512, out _));
        Assert.True(verifier.TryVerifyDigest(key.SignDigest(sha512, DigestAlgorithm.Sha512), sha512, DigestAlgorithm.Sha512, out error), error);
    }

    [Fact]
    public void Ed25519_over_a_message_is_pure_Ed25519()
    {
        var key = TestKey.Get("Ed25519");
        var prehashed = key.SignDigest(SHA512.HashData(Artifact), DigestAlgorithm.Sha512);

        Assert.False(VerifierOf(key).TryVerifyMessage(prehashed, Artifact, out _));
    }

    [Fact]
    public void An_Ed25519_certificate_verifies_with_its_key()
    {
        var key = TestKey.Get("Ed25519");
        var certificate = TestCertificates.Leaf(key, TestKey.Get("P-256"), TestCertificates.Email("ed@example.com"));
        Assert.True(X509Verifier.TryParse(TestCertificates.PemOf(certificate), out var verifier, out var parseError), parseError);
        var digest = SHA512.HashData(Artifact);

        Assert.Equal(PublicKeyAlgorithm.Ed25519, verifier.PublicKey.Algorithm);
        Assert.True(verifier.TryVerifyDigest(key.SignDigest(digest, DigestAlgorithm.Sha512), digest, DigestAlgorithm.Sha512, out var error), error);
    }

    [Fact]
    public void RSA_PSS_signatures_do_not_verify()
    {
        var key = TestKey.Get("RSA-2048");
        var digest = SHA256.HashData(Artifact);

        Assert.False(VerifierOf(key).TryVerifyDigest(key.SignDigestWithPss(digest, DigestAlgorithm.Sha256), digest, DigestAlgorithm.Sha256, out var error));
        Assert.Equal("crypto/rsa: verification error", error);
    }

    [Fact]
    public void A_digest_of_the_wrong_length_for_its_hash_is_refused()
    {
        var key = TestKey.Get("P-256");

        Assert.False(VerifierOf(key).TryVerifyDigest(key.SignDigest(new byte[32], DigestAlgorithm.Sha256), new byte[32], DigestAlgorithm.Sha384, out var error));
        Assert.Equal("unexpected length of digest for hash function specified", error);
    }

    [Theory]
    [InlineData(new byte[] { 0x30, 0x00 }, "invalid signature when validating IEEE_P1363 encoded signature")] // not two INTEGERs: read as r ‖ s
    [InlineData(new byte[] { 0x01, 0x02, 0x03 }, "ecdsa: Invalid IEEE_P1363 encoded bytes")] // odd length
    [InlineData(new byte[] { 0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01 }, "invalid signature when validating ASN.1 encoded signature")]
    public void A_malformed_ECDSA_signature_is_an_invalid_signature_with_sigstores_message(byte[] signature, string expected)
    {
        Assert.False(VerifierOf(TestKey.Get("P-256")).TryVerifyDigest(signature, new byte[32], DigestAlgorithm.Sha256, out var error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("P-256")]
    [InlineData("P-384")]
    [InlineData("P-521")]
    public void An_IEEE_P1363_ECDSA_signature_verifies_as_sigstore_verifies_it_since_v1_8_3(string curve)
    {
        // sigstore/sigstore #1686 (2024): ECDSAVerifier reads a signature Go cannot unmarshal as ASN.1 as r ‖ s. Rekor's
        // hashedrekord, rekord, dsse and intoto all verify with it, so they all accept such signatures.
        using var ecdsa = ECDsa.Create(curve switch { "P-256" => ECCurve.NamedCurves.nistP256, "P-384" => ECCurve.NamedCurves.nistP384, _ => ECCurve.NamedCurves.nistP521 });
        Assert.True(X509Verifier.TryParse(Pem.Encode("PUBLIC KEY", ecdsa.ExportSubjectPublicKeyInfo()), out var verifier, out _));
        var digest = SHA256.HashData(Artifact);
        var p1363 = ecdsa.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var overArtifact = ecdsa.SignData(Artifact, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        Assert.True(verifier.TryVerifyDigest(p1363, digest, DigestAlgorithm.Sha256, out var error), error);
        Assert.True(verifier.TryVerifyMessage(overArtifact, Artifact, out error), error);
        Assert.False(verifier.TryVerifyMessage(overArtifact, [.. Artifact, 0], out error));
        Assert.Equal("invalid signature when validating IEEE_P1363 encoded signature", error);
    }

    [Fact]
    public void RSA_keys_shorter_than_Go_accepts_do_not_verify()
    {
        var key = RSA.Create(512);
        Assert.True(X509Verifier.TryParse(Pem.Encode("PUBLIC KEY", key.ExportSubjectPublicKeyInfo()), out var verifier, out _));
        var digest = SHA256.HashData(Artifact);

        Assert.False(verifier.TryVerifyDigest(key.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), digest, DigestAlgorithm.Sha256, out var error));
        Assert.StartsWith("crypto/rsa: 512-bit keys are insecure", error, StringComparison.Ordinal);
    }
}
