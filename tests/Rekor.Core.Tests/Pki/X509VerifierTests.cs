using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;
using Rekor.Core.Pki;
using Rekor.Core.Pki.X509;

namespace Rekor.Core.Tests.Pki;

/// <summary>Reading x509 verification material as Rekor does: a key, a certificate or a chain; canonical PEM; subjects; chains.</summary>
public class X509VerifierTests
{
    private static readonly byte[] Digest = SHA256.HashData("artifact"u8);

    private static X509Verifier Parse(byte[] pem)
    {
        Assert.True(X509Verifier.TryParse(pem, out var verifier, out var error), error);
        return verifier;
    }

    private static string ParseError(byte[] pem)
    {
        Assert.False(X509Verifier.TryParse(pem, out _, out var error));
        return error;
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    [Theory]
    [MemberData(nameof(TestKey.PermittedNames), MemberType = typeof(TestKey))]
    public void A_public_key_is_canonical_as_Go_writes_it_and_hashed_for_the_index(string name)
    {
        var key = TestKey.Get(name);
        var untidy = "\r\n  " + PemEncoding.WriteString("PUBLIC KEY", key.SpkiDer).Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n\r\n";

        var verifier = Parse(Ascii(untidy));

        Assert.Equal(X509VerificationMaterialKind.PublicKey, verifier.Kind);
        Assert.Equal(key.PublicKeyPem, verifier.CanonicalPem.ToArray());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(key.PublicKeyPem)), verifier.CanonicalPemSha256Hex);
        Assert.Empty(verifier.Subjects);
    }

    [Fact]
    public void A_certificate_is_kept_byte_for_byte_in_canonical_PEM()
    {
        var leaf = TestCertificates.Leaf(TestKey.Get("P-256"), TestKey.Get("P-384"), TestCertificates.Email("Alice@Example.com"));
        var untidy = Ascii(PemEncoding.WriteString("CERTIFICATE", leaf).Replace("\n", "\r\n", StringComparison.Ordinal));

        var verifier = Parse(untidy);

        Assert.Equal(X509VerificationMaterialKind.Certificate, verifier.Kind);
        Assert.Equal(TestCertificates.PemOf(leaf), verifier.CanonicalPem.ToArray());
        Assert.Equal(["Alice@Example.com"], verifier.Subjects);
        Assert.Equal(PublicKeyAlgorithm.EcdsaP256, verifier.PublicKey.Algorithm);
    }

    [Fact]
    public void Subjects_are_listed_as_Go_lists_them_whatever_the_order_in_the_certificate()
    {
        var names = TestCertificates.Names(
            "uri:https://github.com/org/repo/.github/workflows/release.yml@refs/tags/v1",
            "email:dev@example.com",
            "ip:2001:db8::1",
            "othername:alice!oidc.example",
            "dns:example.com",
            "ip:192.0.2.7",
            "ip:::ffff:198.51.100.1");

        var verifier = Parse(TestCertificates.PemOf(TestCertificates.Leaf(TestKey.Get("P-256"), TestKey.Get("P-256"), names)));

        Assert.Equal(
            [
                "example.com",
                "dev@example.com",
                "2001:db8::1",
                "192.0.2.7",
                "198.51.100.1",
                "https://github.com/org/repo/.github/workflows/release.yml@refs/tags/v1",
                "alice!oidc.example",
            ],
            verifier.Subjects);
    }

    [Theory]
    [InlineData("othername:alice", "othername:bob")]
    [InlineData("othername:alice", "otheroid:1.2.3.4=bob")]
    [InlineData("otheroid:1.2.3.4=bob")]
    public void Other_names_count_only_when_there_is_exactly_one_Fulcio_username(params string[] otherNames)
    {
        var verifier = Parse(TestCertificates.PemOf(TestCertificates.Leaf(
            TestKey.Get("P-256"), TestKey.Get("P-256"), TestCertificates.Names(["email:dev@example.com", .. otherNames]))));

        Assert.Equal(["dev@example.com"], verifier.Subjects);
    }

    [Fact]
    public void A_chain_is_canonical_certificate_by_certificate_and_names_the_leafs_subjects()
    {
        var (root, intermediate, leaf) = Chain(TestKey.Get("P-256"), TestCertificates.Email("dev@example.com"));
        var untidy = Ascii(string.Join("\n\n", new[] { leaf, intermediate, root }.Select(der => PemEncoding.WriteString("CERTIFICATE", der))));

        var verifier = Parse(untidy);

        Assert.Equal(X509VerificationMaterialKind.CertificateChain, verifier.Kind);
        Assert.Equal(3, verifier.CertificateCount);
        Assert.Equal(TestCertificates.PemOf(leaf, intermediate, root), verifier.CanonicalPem.ToArray());
        Assert.Equal(["dev@example.com"], verifier.Subjects);
        Assert.True(verifier.TryVerifyDigest(TestKey.Get("P-256").SignDigest(Digest, DigestAlgorithm.Sha256), Digest, DigestAlgorithm.Sha256, out var error), error);
    }

    [Fact]
    public void A_chain_verifies_at_the_leafs_start_so_an_expired_leaf_still_verifies()
    {
        // The leaf lived for ten minutes in 2023; the intermediate and root cover that moment only.
        var rootKey = TestKey.Get("P-384");
        var root = TestCertificates.Root(rootKey, notBefore: TestCertificates.LeafNotBefore.AddDays(-1), notAfter: TestCertificates.LeafNotBefore.AddDays(1));
        var intermediate = TestCertificates.Intermediate(TestKey.Get("P-521"), rootKey, notBefore: TestCertificates.LeafNotBefore.AddHours(-1), notAfter: TestCertificates.LeafNotBefore.AddHours(1));
        var leaf = TestCertificates.Leaf(TestKey.Get("P-256"), TestKey.Get("P-521"));

        var verifier = Parse(TestCertificates.PemOf(leaf, intermediate, root));

        Assert.True(verifier.TryVerifyMessage(TestKey.Get("P-256").SignMessage("m"u8.ToArray()), "m"u8, out var error), error);
    }

    [Fact]
    public void A_chain_whose_intermediate_had_expired_when_the_leaf_was_issued_does_not_verify()
    {
        var rootKey = TestKey.Get("P-384");
        var root = TestCertificates.Root(rootKey);
        var intermediate = TestCertificates.Intermediate(TestKey.Get("P-521"), rootKey, notBefore: TestCertificates.LeafNotBefore.AddYears(-2), notAfter: TestCertificates.LeafNotBefore.AddDays(-1));
        var leaf = TestCertificates.Leaf(TestKey.Get("P-256"), TestKey.Get("P-521"));
        var verifier = Parse(TestCertificates.PemOf(leaf, intermediate, root));

        Assert.False(verifier.TryVerifyDigest(TestKey.Get("P-256").SignDigest(Digest, DigestAlgorithm.Sha256), Digest, DigestAlgorithm.Sha256, out var error));
        Assert.StartsWith("x509: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_that_does_not_lead_to_its_last_certificate_does_not_verify()
    {
        var (_, intermediate, leaf) = Chain(TestKey.Get("P-256"), null);
        var otherRoot = TestCertificates.Root(TestKey.Get("RSA-2048"));
        var verifier = Parse(TestCertificates.PemOf(leaf, intermediate, otherRoot));
        var signature = TestKey.Get("P-256").SignDigest(Digest, DigestAlgorithm.Sha256);

        Assert.False(verifier.TryVerifyDigest(signature, Digest, DigestAlgorithm.Sha256, out var error));

        Assert.Equal("x509: certificate signed by unknown authority", error);
    }

    [Fact]
    public void A_chain_may_end_in_an_intermediate_which_is_then_the_trusted_root()
    {
        var (_, intermediate, leaf) = Chain(TestKey.Get("P-256"), null);
        var verifier = Parse(TestCertificates.PemOf(leaf, intermediate));

        Assert.True(verifier.TryVerifyDigest(TestKey.Get("P-256").SignDigest(Digest, DigestAlgorithm.Sha256), Digest, DigestAlgorithm.Sha256, out var error), error);
    }

    [Fact]
    public void A_single_certificate_is_not_checked_against_anything()
    {
        var leaf = TestCertificates.Leaf(TestKey.Get("P-256"), TestKey.Get("RSA-2048"));

        var verifier = Parse(TestCertificates.PemOf(leaf));

        Assert.True(verifier.TryVerifyDigest(TestKey.Get("P-256").SignDigest(Digest, DigestAlgorithm.Sha256), Digest, DigestAlgorithm.Sha256, out var error), error);
    }

    [Fact]
    public void Ten_certificates_are_read_and_eleven_are_too_many()
    {
        var leaf = TestCertificates.Leaf(TestKey.Get("P-256"), TestKey.Get("P-256"));

        Assert.Equal(10, Parse(TestCertificates.PemOf([.. Enumerable.Repeat(leaf, 10)])).CertificateCount);
        Assert.Equal("too many certificates specified in PEM block", ParseError(TestCertificates.PemOf([.. Enumerable.Repeat(leaf, 11)])));
    }

    [Fact]
    public void Anything_but_certificates_after_the_first_block_is_refused()
    {
        var leaf = TestCertificates.PemOf(TestCertificates.Leaf(TestKey.Get("P-256"), TestKey.Get("P-256")));

        Assert.Equal("error during PEM decoding", ParseError([.. leaf, .. "trailing text"u8]));
        Assert.StartsWith("certificate 2 of the chain: x509: ", ParseError([.. leaf, .. TestKey.Get("P-256").PublicKeyPem]), StringComparison.Ordinal);
        Assert.StartsWith("certificate 1 of the chain: x509: ", ParseError([.. TestKey.Get("P-256").PublicKeyPem, .. leaf]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not PEM at all")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----\n")]
    public void Text_without_PEM_is_refused(string text) =>
        Assert.Equal("invalid public key: failure decoding PEM", ParseError(Ascii(text)));

    [Fact]
    public void A_PEM_block_of_another_type_is_refused() =>
        Assert.Equal("invalid public key: cannot handle type EC PRIVATE KEY", ParseError(Pem.Encode("EC PRIVATE KEY", [0x30, 0x00])));

    [Fact]
    public void Malformed_certificates_are_refused()
    {
        var leaf = TestCertificates.Leaf(TestKey.Get("P-256"), TestKey.Get("P-256"));

        Assert.StartsWith("x509: ", ParseError(Pem.Encode("CERTIFICATE", [0x30, 0x03, 0x02, 0x01, 0x01])), StringComparison.Ordinal);
        Assert.Equal("x509: trailing data after the certificate", ParseError(Pem.Encode("CERTIFICATE", [.. leaf, 0x00])));
    }

    public static TheoryData<string, byte[]> MalformedKeys()
    {
        var ecdsa = TestKey.Get("P-256").SpkiDer;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(false);
        var compressed = Spki("1.2.840.10045.2.1", w => w.WriteObjectIdentifier("1.2.840.10045.3.1.7"),
            [(byte)(2 + (parameters.Q.Y![^1] & 1)), .. parameters.Q.X!]);
        var offCurve = (byte[])ecdsa.Clone();
        offCurve[^1] ^= 0x01;
        var rsaWithoutNull = Spki("1.2.840.113549.1.1.1", _ => { }, RsaPublicKey(TestKey.Get("RSA-2048").SpkiDer));
        var ed25519WithParameters = Spki("1.3.101.112", w => w.WriteNull(), new byte[32]);
        var dsa = Spki("1.2.840.10040.4.1", _ => { }, [0x02, 0x01, 0x01]);
        return new()
        {
            { "x509: failed to unmarshal elliptic curve point", compressed },
            { "x509: failed to unmarshal elliptic curve point", offCurve },
            { "x509: RSA key missing NULL parameters", rsaWithoutNull },
            { "x509: Ed25519 key encoded with illegal parameters", ed25519WithParameters },
            { "x509: unknown public key algorithm 1.2.840.10040.4.1", dsa },
            { "x509: malformed public key", [.. ecdsa, 0x00] },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedKeys))]
    public void Keys_Go_would_not_parse_are_refused(string expected, byte[] spki) =>
        Assert.StartsWith(expected, ParseError(Pem.Encode("PUBLIC KEY", spki)), StringComparison.Ordinal);

    [Fact]
    public void A_certificate_may_carry_a_key_no_signature_can_be_checked_with()
    {
        var x25519 = Spki("1.3.101.110", _ => { }, new byte[32]);
        var verifier = Parse(TestCertificates.PemOf(TestCertificates.ForSpki(x25519, TestKey.Get("P-256"))));

        Assert.Equal(PublicKeyAlgorithm.Unsupported, verifier.PublicKey.Algorithm);
        Assert.False(verifier.TryVerifyMessage(new byte[64], "m"u8, out var error));
        Assert.Equal("unsupported public key type: 1.3.101.110", error);
    }

    [Fact]
    public void An_empty_signature_is_refused_before_anything_else() =>
        Assert.False(Parse(TestKey.Get("P-256").PublicKeyPem).TryVerifyMessage([], "m"u8, out _));

    private static (byte[] Root, byte[] Intermediate, byte[] Leaf) Chain(TestKey leafKey, System.Security.Cryptography.X509Certificates.X509Extension? names)
    {
        var rootKey = TestKey.Get("P-384");
        var intermediateKey = TestKey.Get("P-521");
        return (
            TestCertificates.Root(rootKey),
            TestCertificates.Intermediate(intermediateKey, rootKey),
            TestCertificates.Leaf(leafKey, intermediateKey, names));
    }

    private static byte[] Spki(string algorithmOid, Action<AsnWriter> writeParameters, byte[] key)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(algorithmOid);
                writeParameters(writer);
            }

            writer.WriteBitString(key);
        }

        return writer.Encode();
    }

    private static byte[] RsaPublicKey(byte[] spki)
    {
        var reader = new AsnReader(spki, AsnEncodingRules.DER).ReadSequence();
        reader.ReadSequence();
        return reader.ReadBitString(out _);
    }
}
