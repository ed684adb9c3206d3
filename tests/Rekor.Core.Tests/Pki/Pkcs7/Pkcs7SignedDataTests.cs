using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Rekor.Core.Pki;
using Rekor.Core.Pki.Pkcs7;

namespace Rekor.Core.Tests.Pki.Pkcs7;

/// <summary>
/// The pkcs7 format as Rekor's <c>pkg/pki/pkcs7</c> reads it (spec §9): PEM <c>PKCS7</c> or DER, the detached form as
/// the canonical signature, the first certificate as the canonical key, subjects from the emailAddress attribute and
/// the SANs. Signatures are made here by .NET's SignedCms, attached and detached.
/// </summary>
public class Pkcs7SignedDataTests
{
    private static readonly byte[] Content = "content signed with PKCS#7"u8.ToArray();

    [Fact]
    public void An_attached_signature_verifies_by_itself_and_its_canonical_form_is_detached()
    {
        using var certificate = SelfSigned();
        var attached = Sign(certificate, detached: false);

        Assert.True(Pkcs7SignedData.TryParse(attached, out var signedData, out var error), error);
        Assert.True(signedData.HasContent);
        Assert.True(signedData.TryVerify(null, out error), error);
        Assert.False(signedData.TryVerify("other content"u8.ToArray(), out error));
        Assert.Equal("pkcs7: internal and external content were both provided but are not equal", error);

        Assert.True(Pkcs7SignedData.TryParse(signedData.CanonicalPem(), out var canonical, out error), error);
        Assert.False(canonical.HasContent);
        Assert.Equal(signedData.DetachedDer.ToArray(), canonical.DetachedDer.ToArray());
        Assert.True(canonical.TryVerify(Content, out error), error);
    }

    [Fact]
    public void A_detached_signature_is_its_own_canonical_form_and_needs_its_content()
    {
        using var certificate = SelfSigned();
        var detached = Sign(certificate, detached: true);

        Assert.True(Pkcs7SignedData.TryParse(detached, out var signedData, out var error), error);

        Assert.Equal(detached, signedData.DetachedDer.ToArray());
        Assert.Equal(Pem.Encode("PKCS7", detached), signedData.CanonicalPem());
        Assert.False(signedData.TryVerify(null, out error));
        Assert.Equal("pkcs7: missing content", error);
        Assert.False(signedData.TryVerify("tampered"u8.ToArray(), out _));
        Assert.True(signedData.TryVerify(Content, out error), error);
    }

    [Fact]
    public void The_key_is_the_first_certificate_as_PEM_with_the_subject_email_then_the_SANs()
    {
        using var certificate = SelfSigned();
        Assert.True(Pkcs7SignedData.TryParse(Sign(certificate, detached: true), out var signedData, out var error), error);

        Assert.True(Pkcs7PublicKey.TryFrom(signedData, out var key, out error), error);

        Assert.Equal(Pem.Encode("CERTIFICATE", certificate.RawData), key.CanonicalValue.ToArray());
        Assert.Equal(["subject@example.com", "san@example.com"], key.Subjects);
    }

    [Fact]
    public void Other_PEM_blocks_trailing_garbage_and_BER_are_refused()
    {
        using var certificate = SelfSigned();
        var detached = Sign(certificate, detached: true);

        Assert.False(Pkcs7SignedData.TryParse(Pem.Encode("CERTIFICATE", certificate.RawData), out _, out var error));
        Assert.Equal("unknown PEM block type CERTIFICATE found during PKCS7 parsing", error);
        Assert.False(Pkcs7SignedData.TryParse([.. detached, 1, 2], out _, out error));
        Assert.Equal("pkcs7: trailing garbage after PKCS#7 structure", error);
        Assert.True(Pkcs7SignedData.TryParse([.. detached, 0, 0], out _, out error), error); // relic trims trailing zeros

        // The same structure with an indefinite length outside: BER, which Go's asn1 refuses.
        var reader = new AsnReader(detached, AsnEncodingRules.DER).ReadSequence();
        byte[] ber = [0x30, 0x80, .. reader.ReadEncodedValue().ToArray(), .. reader.ReadEncodedValue().ToArray(), 0, 0];
        Assert.False(Pkcs7SignedData.TryParse(ber, out _, out _));
    }

    [Fact]
    public void A_signature_without_certificates_has_no_key()
    {
        using var certificate = SelfSigned();
        var cms = new SignedCms(new ContentInfo(Content), detached: true);
        cms.ComputeSignature(new CmsSigner(certificate) { IncludeOption = X509IncludeOption.None });

        Assert.True(Pkcs7SignedData.TryParse(cms.Encode(), out var signedData, out var error), error);

        Assert.False(Pkcs7PublicKey.TryFrom(signedData, out _, out error));
        Assert.Equal("unable to extract public key from certificate inside PKCS7 bundle", error);
        Assert.False(signedData.TryVerify(Content, out _));
    }

    [Fact]
    public void A_signers_RFC_3161_timestamp_from_openssl_is_verified_and_one_over_another_signature_is_refused()
    {
        using var tsa = new Rfc3161.OpensslTsa("rsa");
        using var certificate = SelfSigned();
        var cms = new SignedCms(new ContentInfo(Content), detached: true);
        cms.ComputeSignature(new CmsSigner(certificate));
        var signer = cms.SignerInfos[0];

        var good = WithTimestamp(cms, tsa.TimestampDigest(SHA256.HashData(signer.GetSignature())));
        var wrong = WithTimestamp(cms, tsa.TimestampDigest(SHA256.HashData("some other signature"u8)));

        Assert.True(Pkcs7SignedData.TryParse(good, out var stamped, out var error), error);
        Assert.True(stamped.TryVerify(Content, out error), error);
        Assert.True(stamped.TryVerifyTimestamps(out error), error);
        Assert.True(Pkcs7SignedData.TryParse(wrong, out var misstamped, out error), error);
        Assert.True(misstamped.TryVerify(Content, out error), error);
        Assert.False(misstamped.TryVerifyTimestamps(out error));
        Assert.Equal("pkcs7: the signer's timestamp token does not verify", error);
    }

    /// <summary>The signature with the response's token added to its signer as the RFC 3161 unsigned attribute.</summary>
    private static byte[] WithTimestamp(SignedCms signed, byte[] timeStampResponse)
    {
        var copy = new SignedCms(new ContentInfo(Content), detached: true);
        copy.Decode(signed.Encode());
        var response = new AsnReader(timeStampResponse, AsnEncodingRules.DER).ReadSequence();
        response.ReadSequence(); // status
        var token = response.ReadEncodedValue().ToArray();
        copy.SignerInfos[0].AddUnsignedAttribute(new AsnEncodedData("1.2.840.113549.1.9.16.2.14", token));
        return copy.Encode();
    }

    private static byte[] Sign(X509Certificate2 certificate, bool detached)
    {
        var cms = new SignedCms(new ContentInfo(Content), detached);
        cms.ComputeSignature(new CmsSigner(certificate) { IncludeOption = X509IncludeOption.EndCertOnly });
        return cms.Encode();
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=pkcs7 test, E=Subject@Example.com", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddEmailAddress("san@example.com");
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
