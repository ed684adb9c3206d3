using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Numerics;
using Rekor.Core.Pki.Pkcs7;

namespace Rekor.Core.Pki.Rfc3161;

/// <summary>
/// An RFC 3161 <c>TimeStampResp</c> as relic's <c>pkcs9.TimeStampResp</c> reads it with Go's <c>encoding/asn1</c>:
/// a status (an integer; the status strings and failure bits are read past) and an optional token, which must have
/// the shape of a PKCS#7 <c>SignedData</c>. Bytes after the response are ignored, as Go's <c>asn1.Unmarshal</c> does.
/// </summary>
public sealed class TimeStampResponse
{
    /// <summary>PKIStatus granted (0) and grantedWithMods (1): the two statuses that carry a token.</summary>
    public const int StatusGranted = 0;
    public const int StatusGrantedWithMods = 1;

    private TimeStampResponse(BigInteger status, Pkcs7SignedData? token)
    {
        Status = status;
        Token = token;
    }

    public BigInteger Status { get; }

    /// <summary>The timeStampToken, null when the response has none.</summary>
    public Pkcs7SignedData? Token { get; }

    public static bool TryParse(ReadOnlyMemory<byte> der, [NotNullWhen(true)] out TimeStampResponse? response, [NotNullWhen(false)] out string? error)
    {
        response = null;
        try
        {
            var sequence = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            var statusInfo = sequence.ReadSequence();
            var status = statusInfo.ReadInteger();
            if (statusInfo.HasData && statusInfo.PeekTag() == Asn1Tag.Sequence)
            {
                statusInfo.ReadSequence();
            }

            if (statusInfo.HasData && statusInfo.PeekTag() == Asn1Tag.PrimitiveBitString)
            {
                statusInfo.ReadBitString(out _);
            }

            statusInfo.ThrowIfNotEmpty();
            Pkcs7SignedData? token = null;
            if (sequence.HasData)
            {
                if (!Pkcs7SignedData.TryParseDer(sequence.ReadEncodedValue().ToArray(), out token, out error))
                {
                    return false;
                }
            }

            sequence.ThrowIfNotEmpty();
            response = new TimeStampResponse(status, token);
            error = null;
            return true;
        }
        catch (AsnContentException e)
        {
            error = "asn1: malformed TimeStampResp: " + e.Message;
            return false;
        }
    }
}
