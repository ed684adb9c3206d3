using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Rekor.Core.Pki.X509;

/// <summary>
/// What Rekor needs of one certificate: its DER exactly as received (the canonical form re-encodes it unchanged,
/// as Go's <c>cert.Raw</c>), its public key, its subject alternative names and the start of its validity (the time
/// a chain is verified at). Immutable; holds no OS handle.
/// </summary>
internal sealed class X509CertificateInfo
{
    private readonly byte[] _der;

    private X509CertificateInfo(byte[] der, X509PublicKey publicKey, IReadOnlyList<string> subjects, DateTime notBefore)
    {
        _der = der;
        PublicKey = publicKey;
        Subjects = subjects;
        NotBefore = notBefore;
    }

    public ReadOnlySpan<byte> Der => _der;

    public X509PublicKey PublicKey { get; }

    /// <summary>The SANs in Go's order (see <see cref="SubjectAlternativeNames"/>), with the case they were written in.</summary>
    public IReadOnlyList<string> Subjects { get; }

    public DateTime NotBefore { get; }

    /// <summary>Loads a new .NET certificate object from <see cref="Der"/>; the caller disposes it.</summary>
    public X509Certificate2 Load() => X509CertificateLoader.LoadCertificate(_der);

    /// <summary>Reads one DER certificate (nothing may follow it).</summary>
    public static bool TryParse(byte[] der, [NotNullWhen(true)] out X509CertificateInfo? certificate, [NotNullWhen(false)] out string? error)
    {
        certificate = null;
        try
        {
            AsnDecoder.ReadEncodedValue(der, AsnEncodingRules.DER, out _, out _, out var consumed);
            if (consumed != der.Length)
            {
                error = "x509: trailing data after the certificate";
                return false;
            }
        }
        catch (AsnContentException e)
        {
            error = "x509: malformed certificate: " + e.Message;
            return false;
        }

        X509Certificate2 loaded;
        try
        {
            loaded = X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException e)
        {
            error = "x509: malformed certificate: " + e.Message;
            return false;
        }

        // The platform decodes parts of a certificate only when they are read (validity dates, extensions, the key):
        // a certificate that loaded can still throw here, and is malformed like one that did not load.
        try
        {
            using (loaded)
            {
                if (!X509PublicKey.TryParse(loaded.PublicKey.ExportSubjectPublicKeyInfo(), allowUnsupported: true, out var publicKey, out error))
                {
                    return false;
                }

                List<string> subjects = [];
                var sanExtensions = 0;
                foreach (var extension in loaded.Extensions)
                {
                    if (extension.Oid?.Value != SubjectAlternativeNames.ExtensionOid)
                    {
                        continue;
                    }

                    if (++sanExtensions > 1)
                    {
                        error = "x509: certificate contains duplicate extensions";
                        return false;
                    }

                    if (!SubjectAlternativeNames.TryRead(extension.RawData, out var names, out error))
                    {
                        return false;
                    }

                    subjects = names;
                }

                certificate = new X509CertificateInfo(der, publicKey, subjects, loaded.NotBefore);
                error = null;
                return true;
            }
        }
        catch (CryptographicException e)
        {
            error = "x509: malformed certificate: " + e.Message;
            certificate = null;
            return false;
        }
    }
}
