using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rekor.Core.Pki;

namespace Rekor.Core.Tests.Pki;

/// <summary>
/// Certificates for tests, shaped like Fulcio's: a self-signed root, an intermediate and a short-lived leaf with
/// the signer's identity in its subject alternative names. Returned as DER; <see cref="PemOf"/> concatenates PEM.
/// </summary>
public static class TestCertificates
{
    private const string FulcioUsernameOid = "1.3.6.1.4.1.57264.1.7";

    public static readonly DateTimeOffset LeafNotBefore = new(2023, 7, 12, 15, 56, 35, TimeSpan.Zero);

    public static byte[] PemOf(params byte[][] certificates) =>
        [.. certificates.SelectMany(der => Pem.Encode("CERTIFICATE", der))];

    /// <summary>A self-signed CA certificate valid for <paramref name="notBefore"/> … <paramref name="notAfter"/>.</summary>
    public static byte[] Root(TestKey key, string name = "sigstore", DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null) =>
        Issue(key, $"CN={name}", key, $"CN={name}", isCa: true, notBefore ?? LeafNotBefore.AddYears(-2), notAfter ?? LeafNotBefore.AddYears(10), []);

    /// <summary>A CA certificate for <paramref name="key"/> signed by <paramref name="issuer"/>.</summary>
    public static byte[] Intermediate(TestKey key, TestKey issuer, string issuerName = "sigstore", DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null) =>
        Issue(key, "CN=sigstore-intermediate", issuer, $"CN={issuerName}", isCa: true, notBefore ?? LeafNotBefore.AddYears(-1), notAfter ?? LeafNotBefore.AddYears(5), []);

    /// <summary>A ten-minute leaf for <paramref name="key"/> signed by <paramref name="issuer"/>, with the given SAN extension.</summary>
    public static byte[] Leaf(TestKey key, TestKey issuer, X509Extension? subjectAlternativeNames = null, string issuerName = "CN=sigstore-intermediate") =>
        Issue(key, "CN=", issuer, issuerName, isCa: false, LeafNotBefore, LeafNotBefore.AddMinutes(10),
            subjectAlternativeNames is null ? [] : [subjectAlternativeNames]);

    /// <summary>A SAN extension with one email address, as Fulcio writes for an OIDC email identity.</summary>
    public static X509Extension Email(string email)
    {
        var builder = new SubjectAlternativeNameBuilder();
        builder.AddEmailAddress(email);
        return builder.Build(critical: true);
    }

    /// <summary>A SAN extension written name by name, in the order given: <c>dns:</c>, <c>email:</c>, <c>ip:</c>, <c>uri:</c>, <c>othername:</c> (Fulcio username) or <c>otheroid:&lt;oid&gt;=</c>.</summary>
    public static X509Extension Names(params string[] names)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var name in names)
            {
                var (form, value) = (name[..name.IndexOf(':', StringComparison.Ordinal)], name[(name.IndexOf(':', StringComparison.Ordinal) + 1)..]);
                switch (form)
                {
                    case "email":
                        writer.WriteCharacterString(UniversalTagNumber.IA5String, value, new Asn1Tag(TagClass.ContextSpecific, 1));
                        break;
                    case "dns":
                        writer.WriteCharacterString(UniversalTagNumber.IA5String, value, new Asn1Tag(TagClass.ContextSpecific, 2));
                        break;
                    case "uri":
                        writer.WriteCharacterString(UniversalTagNumber.IA5String, value, new Asn1Tag(TagClass.ContextSpecific, 6));
                        break;
                    case "ip":
                        writer.WriteOctetString(IPAddress.Parse(value).GetAddressBytes(), new Asn1Tag(TagClass.ContextSpecific, 7));
                        break;
                    case "othername":
                        WriteOtherName(writer, FulcioUsernameOid, value);
                        break;
                    case "otheroid":
                        var equals = value.IndexOf('=', StringComparison.Ordinal);
                        WriteOtherName(writer, value[..equals], value[(equals + 1)..]);
                        break;
                    default:
                        throw new ArgumentException($"unknown name form '{form}'", nameof(names));
                }
            }
        }

        return new X509Extension("2.5.29.17", writer.Encode(), critical: true);
    }

    private static void WriteOtherName(AsnWriter writer, string oid, string value)
    {
        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
        {
            writer.WriteObjectIdentifier(oid);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            {
                writer.WriteCharacterString(UniversalTagNumber.UTF8String, value);
            }
        }
    }

    /// <summary>A certificate for an arbitrary SubjectPublicKeyInfo (any algorithm), signed by <paramref name="issuer"/>.</summary>
    public static byte[] ForSpki(byte[] spkiDer, TestKey issuer)
    {
        var request = new CertificateRequest(new X500DistinguishedName("CN="), PublicKey.CreateFromSubjectPublicKeyInfo(spkiDer, out _), HashAlgorithmName.SHA256);
        using var certificate = request.Create(new X500DistinguishedName("CN=sigstore-intermediate"), issuer.CertificateSigner!, LeafNotBefore, LeafNotBefore.AddMinutes(10), [1, 2, 3]);
        return certificate.RawData;
    }

    private static byte[] Issue(TestKey subject, string subjectName, TestKey issuer, string issuerName, bool isCa, DateTimeOffset notBefore, DateTimeOffset notAfter, X509Extension[] extensions)
    {
        var request = new CertificateRequest(new X500DistinguishedName(subjectName), subject.PublicKey, HashAlgorithmName.SHA256);
        if (isCa)
        {
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        }
        else
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        }

        foreach (var extension in extensions)
        {
            request.CertificateExtensions.Add(extension);
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        var signer = issuer.CertificateSigner ?? throw new ArgumentException($"{issuer} cannot sign certificates", nameof(issuer));
        using var certificate = request.Create(new X500DistinguishedName(issuerName), signer, notBefore, notAfter, serial);
        return certificate.RawData;
    }
}
