using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rekor.Core.Pki.X509;

namespace Rekor.Core.Pki.Pkcs7;

/// <summary>
/// The key of a PKCS#7 signature as Rekor's <c>pkg/pki/pkcs7</c> takes it: the first certificate carried (every
/// carried certificate must parse, as Go's <c>Certificates.Parse</c> demands). Canonical form: that certificate's DER
/// unchanged as a PEM <c>CERTIFICATE</c> block. Subjects: the subject's emailAddress attributes (lowercased), then
/// the SANs.
/// </summary>
public sealed class Pkcs7PublicKey
{
    private const string EmailAddressOid = "1.2.840.113549.1.9.1";

    private readonly byte[] _canonicalPem;

    private Pkcs7PublicKey(byte[] canonicalPem, IReadOnlyList<string> subjects)
    {
        _canonicalPem = canonicalPem;
        Subjects = subjects;
    }

    /// <summary>PEM <c>CERTIFICATE</c> of the first certificate.</summary>
    public ReadOnlySpan<byte> CanonicalValue => _canonicalPem;

    public IReadOnlyList<string> Subjects { get; }

    public static bool TryFrom(Pkcs7SignedData signedData, [NotNullWhen(true)] out Pkcs7PublicKey? key, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(signedData);
        key = null;
        X509CertificateInfo? first = null;
        foreach (var der in signedData.Certificates)
        {
            if (!X509CertificateInfo.TryParse(der, out var certificate, out error))
            {
                return false;
            }

            first ??= certificate;
        }

        if (first is null)
        {
            error = "unable to extract public key from certificate inside PKCS7 bundle";
            return false;
        }

        List<string> subjects;
        try
        {
            using var loaded = first.Load();
            subjects = EmailAddresses(loaded.SubjectName);
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException)
        {
            error = "pkcs7: malformed certificate subject: " + e.Message;
            return false;
        }

        subjects.AddRange(first.Subjects);
        key = new Pkcs7PublicKey(Pem.Encode("CERTIFICATE", first.Der), subjects);
        error = null;
        return true;
    }

    /// <summary>The string values of every emailAddress attribute of the name, lowercased (Go skips non-string values).</summary>
    private static List<string> EmailAddresses(X500DistinguishedName name)
    {
        List<string> emails = [];
        var rdns = new AsnReader(name.RawData, AsnEncodingRules.BER).ReadSequence();
        while (rdns.HasData)
        {
            var rdn = rdns.ReadSetOf(skipSortOrderValidation: true);
            while (rdn.HasData)
            {
                var attribute = rdn.ReadSequence();
                var type = attribute.ReadObjectIdentifier();
                var valueTag = attribute.PeekTag();
                if (type != EmailAddressOid || valueTag.TagClass != TagClass.Universal)
                {
                    continue;
                }

                if ((UniversalTagNumber)valueTag.TagValue is UniversalTagNumber.IA5String or UniversalTagNumber.UTF8String
                    or UniversalTagNumber.PrintableString or UniversalTagNumber.T61String or UniversalTagNumber.BMPString)
                {
                    emails.Add(attribute.ReadCharacterString((UniversalTagNumber)valueTag.TagValue).ToLowerInvariant());
                }
            }
        }

        return emails;
    }
}
