using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;

namespace Rekor.Core.Pki.Pkcs7;

/// <summary>
/// A PKCS#7 (CMS) <c>SignedData</c> as Rekor reads it through relic's <c>lib/pkcs7</c>: PEM <c>PKCS7</c> or DER,
/// strict DER structure, nothing but zero bytes after it. Keeps the received DER (to verify) and the detached form
/// (to log). Immutable; holds no OS handle.
/// </summary>
public sealed class Pkcs7SignedData
{
    private const string PemType = "PKCS7";
    /// <summary>The content type of a PKCS#7 signedData.</summary>
    public const string SignedDataOid = "1.2.840.113549.1.7.2";

    private const string TimeStampTokenOid = "1.2.840.113549.1.9.16.2.14";
    private const string SpcTimeStampTokenOid = "1.3.6.1.4.1.311.3.3.1";

    private readonly byte[] _der;
    private readonly byte[] _detachedDer;

    private Pkcs7SignedData(byte[] der, byte[] detachedDer, IReadOnlyList<byte[]> certificates, bool hasContent, int signerCount, string contentType)
    {
        ContentType = contentType;
        _der = der;
        _detachedDer = detachedDer;
        Certificates = certificates;
        HasContent = hasContent;
        SignerCount = signerCount;
    }

    /// <summary>
    /// The detached form as relic's <c>Detach</c> then <c>Marshal</c> write it: the encapsulated content removed
    /// (its type kept), the outer structure re-encoded in DER, certificates and signer infos copied byte for byte.
    /// </summary>
    public ReadOnlySpan<byte> DetachedDer => _detachedDer;

    /// <summary>Rekor's canonical signature: <see cref="DetachedDer"/> as a PEM <c>PKCS7</c> block.</summary>
    public byte[] CanonicalPem() => Pem.Encode(PemType, _detachedDer);

    /// <summary>The DER of each certificate carried, in the order sent (not parsed here).</summary>
    public IReadOnlyList<byte[]> Certificates { get; }

    /// <summary>Whether the encapsulated content is inside the structure (an attached signature).</summary>
    public bool HasContent { get; }

    public int SignerCount { get; }

    /// <summary>The outer content type (signedData, 1.2.840.113549.1.7.2, for any signature).</summary>
    public string ContentType { get; }

    /// <summary>
    /// Reads PEM (the first block, which must be <c>PKCS7</c>) or, when there is no PEM block, DER.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> input, [NotNullWhen(true)] out Pkcs7SignedData? signedData, [NotNullWhen(false)] out string? error)
    {
        signedData = null;
        byte[] der;
        if (Pem.TryDecode(input, out var block, out _))
        {
            if (block.Type != PemType)
            {
                error = $"unknown PEM block type {block.Type} found during PKCS7 parsing";
                return false;
            }

            der = block.Bytes;
        }
        else
        {
            der = input.ToArray();
        }

        return TryParseDer(der, out signedData, out error);
    }

    /// <summary>Reads DER only (a structure embedded in another, such as a timestamp token).</summary>
    public static bool TryParseDer(byte[] der, [NotNullWhen(true)] out Pkcs7SignedData? signedData, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(der);
        try
        {
            return TryRead(der, out signedData, out error);
        }
        catch (AsnContentException e)
        {
            signedData = null;
            error = "pkcs7: malformed signed data: " + e.Message;
            return false;
        }
    }

    /// <summary>
    /// Verifies every signer info (relic's <c>SignedData.Verify</c> with no chain): the message digest attribute
    /// against the content and the signature with the carried certificate it names. <paramref name="externalContent"/>
    /// is the content of a detached signature; with an attached one it must be null or equal to the content inside.
    /// </summary>
    public bool TryVerify(ReadOnlyMemory<byte>? externalContent, [NotNullWhen(false)] out string? error)
    {
        if (SignerCount == 0)
        {
            error = "pkcs7: not signed";
            return false;
        }

        try
        {
            SignedCms cms;
            if (HasContent)
            {
                cms = new SignedCms();
                cms.Decode(_der);
                if (externalContent is { } external && !external.Span.SequenceEqual(cms.ContentInfo.Content))
                {
                    error = "pkcs7: internal and external content were both provided but are not equal";
                    return false;
                }
            }
            else
            {
                if (externalContent is not { } external)
                {
                    error = "pkcs7: missing content";
                    return false;
                }

                cms = new SignedCms(new ContentInfo(external.ToArray()), detached: true);
                cms.Decode(_der);
            }

            cms.CheckSignature(verifySignatureOnly: true);
            error = null;
            return true;
        }
        catch (CryptographicException e)
        {
            error = "pkcs7: " + e.Message;
            return false;
        }
    }

    /// <summary>
    /// Verifies the timestamps signers carry as unsigned attributes (relic's <c>VerifyOptionalTimestamp</c>): an
    /// RFC 3161 token (or Microsoft's SPC form of it) must be a valid token over the signer's signature, with its
    /// signer among its own or this structure's certificates; a PKCS#9 countersignature must verify. No chain.
    /// </summary>
    public bool TryVerifyTimestamps([NotNullWhen(false)] out string? error)
    {
        try
        {
            var cms = new SignedCms(new ContentInfo([]), detached: !HasContent);
            cms.Decode(_der);
            foreach (var signer in cms.SignerInfos)
            {
                foreach (var attribute in signer.UnsignedAttributes)
                {
                    if (attribute.Oid.Value is not (TimeStampTokenOid or SpcTimeStampTokenOid))
                    {
                        continue;
                    }

                    foreach (var value in attribute.Values)
                    {
                        if (!Rfc3161TimestampToken.TryDecode(value.RawData, out var token, out _)
                            || !token.VerifySignatureForSignerInfo(signer, out _, cms.Certificates))
                        {
                            error = "pkcs7: the signer's timestamp token does not verify";
                            return false;
                        }
                    }
                }

                foreach (var counterSigner in signer.CounterSignerInfos)
                {
                    counterSigner.CheckSignature(verifySignatureOnly: true);
                }
            }

            error = null;
            return true;
        }
        catch (CryptographicException e)
        {
            error = "pkcs7: timestamp: " + e.Message;
            return false;
        }
    }

    private static bool TryRead(byte[] der, [NotNullWhen(true)] out Pkcs7SignedData? signedData, [NotNullWhen(false)] out string? error)
    {
        signedData = null;
        AsnDecoder.ReadEncodedValue(der, AsnEncodingRules.DER, out _, out _, out var consumed);
        var contentInfo = new AsnReader(der.AsMemory(0, consumed), AsnEncodingRules.DER).ReadSequence();
        if (der.AsSpan(consumed).IndexOfAnyExcept((byte)0) >= 0)
        {
            error = "pkcs7: trailing garbage after PKCS#7 structure";
            return false;
        }

        var contentType = contentInfo.ReadObjectIdentifier();
        if (!contentInfo.HasData)
        {
            error = "pkcs7: missing signed data";
            return false;
        }

        var explicitContent = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
        contentInfo.ThrowIfNotEmpty();
        var sd = explicitContent.ReadSequence();
        explicitContent.ThrowIfNotEmpty();

        var version = sd.ReadInteger();
        var digestAlgorithms = ReadElements(sd.ReadSetOf());
        var encapsulated = sd.ReadSequence();
        var encapsulatedType = encapsulated.ReadObjectIdentifier();
        var hasContent = encapsulated.HasData;
        if (hasContent)
        {
            var explicitValue = encapsulated.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
            explicitValue.ReadEncodedValue();
            explicitValue.ThrowIfNotEmpty();
            encapsulated.ThrowIfNotEmpty();
        }

        List<byte[]> certificates = [];
        ReadOnlyMemory<byte>? certificatesContent = null;
        if (sd.HasData && sd.PeekTag() == new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true))
        {
            certificatesContent = sd.PeekContentBytes().ToArray();
            var certificateSet = sd.ReadSetOf(skipSortOrderValidation: true, new Asn1Tag(TagClass.ContextSpecific, 0));
            while (certificateSet.HasData)
            {
                certificates.Add(certificateSet.ReadEncodedValue().ToArray());
            }
        }

        ReadOnlyMemory<byte>? crlsContent = null;
        if (sd.HasData && sd.PeekTag() == new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true))
        {
            crlsContent = sd.PeekContentBytes().ToArray();
            sd.ReadEncodedValue();
        }

        var signerInfos = ReadElements(sd.ReadSetOf(skipSortOrderValidation: true));
        sd.ThrowIfNotEmpty();

        // relic's Marshal: version, the digest algorithms and signer infos as DER SETs (sorted), the content info
        // with its type only, the certificates and CRLs as they came.
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(contentType);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
            using (writer.PushSequence())
            {
                writer.WriteInteger(version);
                using (writer.PushSetOf())
                {
                    digestAlgorithms.ForEach(element => writer.WriteEncodedValue(element));
                }

                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(encapsulatedType);
                }

                WriteImplicit(writer, 0, certificatesContent);
                WriteImplicit(writer, 1, crlsContent);
                using (writer.PushSetOf())
                {
                    signerInfos.ForEach(element => writer.WriteEncodedValue(element));
                }
            }
        }

        signedData = new Pkcs7SignedData(der, writer.Encode(), certificates, hasContent, signerInfos.Count, contentType);
        error = null;
        return true;
    }

    private static List<byte[]> ReadElements(AsnReader set)
    {
        List<byte[]> elements = [];
        while (set.HasData)
        {
            elements.Add(set.ReadEncodedValue().ToArray());
        }

        return elements;
    }

    /// <summary>Writes a constructed context-specific element holding <paramref name="content"/> unchanged, if present.</summary>
    private static void WriteImplicit(AsnWriter writer, int tag, ReadOnlyMemory<byte>? content)
    {
        if (content is not { } bytes)
        {
            return;
        }

        // The content is a concatenation of whole DER elements, so it can be written as one raw value per element.
        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, tag, isConstructed: true)))
        {
            var reader = new AsnReader(bytes, AsnEncodingRules.DER);
            while (reader.HasData)
            {
                writer.WriteEncodedValue(reader.ReadEncodedValue().Span);
            }
        }
    }
}
