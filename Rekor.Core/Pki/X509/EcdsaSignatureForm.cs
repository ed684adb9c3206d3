using System.Formats.Asn1;

namespace Rekor.Core.Pki.X509;

/// <summary>
/// How sigstore's <c>ECDSAVerifier</c> (sigstore/sigstore since v1.8.3, which every Rekor x509 path uses: hashedrekord,
/// rekord, dsse, intoto) reads an ECDSA signature: as ASN.1 <c>SEQUENCE { r, s }</c> when Go's <c>asn1.Unmarshal</c>
/// can read it that way, otherwise as IEEE P1363 <c>r ‖ s</c> (even length, at most 132 bytes, halves read as
/// big-endian integers of any width). Only the form is decided here; the key verifies.
/// </summary>
internal static class EcdsaSignatureForm
{
    public const string AsnMismatch = "invalid signature when validating ASN.1 encoded signature";
    public const string P1363Mismatch = "invalid signature when validating IEEE_P1363 encoded signature";
    public const string P1363Malformed = "ecdsa: Invalid IEEE_P1363 encoded bytes";

    private const int MaxP1363Bytes = 132;

    /// <summary>
    /// Go's <c>asn1.Unmarshal(sig, &amp;struct{ R, S *big.Int }{})</c> succeeding: a DER SEQUENCE starting with two
    /// minimally encoded INTEGERs; further elements inside it and bytes after it are ignored, as Go ignores them.
    /// (Verification itself is then strict DER, as Go's <c>VerifyASN1</c> is.)
    /// </summary>
    public static bool ReadsAsAsn1(ReadOnlySpan<byte> signature)
    {
        try
        {
            var reader = new AsnReader(signature.ToArray(), AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            sequence.ReadIntegerBytes();
            sequence.ReadIntegerBytes();
            return true;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>
    /// The P1363 signature at the curve's field width (<paramref name="fieldBytes"/> per half), as .NET verifies it;
    /// false when sigstore refuses its length, or when a half is wider than the field (no such signature verifies).
    /// </summary>
    public static bool TryFixedWidth(ReadOnlySpan<byte> signature, int fieldBytes, out byte[] fixedWidth, out bool malformed)
    {
        fixedWidth = [];
        malformed = signature.IsEmpty || signature.Length > MaxP1363Bytes || signature.Length % 2 != 0;
        if (malformed)
        {
            return false;
        }

        var field = new byte[fieldBytes * 2];
        var half = signature.Length / 2;
        if (!TryFit(signature[..half], field.AsSpan(0, fieldBytes)) || !TryFit(signature[half..], field.AsSpan(fieldBytes)))
        {
            return false;
        }

        fixedWidth = field;
        return true;
    }

    private static bool TryFit(ReadOnlySpan<byte> integer, Span<byte> field)
    {
        var significant = integer.TrimStart((byte)0);
        if (significant.Length > field.Length)
        {
            return false;
        }

        significant.CopyTo(field[(field.Length - significant.Length)..]);
        return true;
    }
}
