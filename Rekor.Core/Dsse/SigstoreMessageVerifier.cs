using System.Formats.Asn1;
using System.Security.Cryptography;
using Rekor.Core.Pki.X509;

namespace Rekor.Core.Dsse;

/// <summary>
/// How a verifier from sigstore's <c>signature.LoadVerifier(key, crypto.SHA256)</c> checks a signature over a message,
/// which is what every DSSE path of Rekor uses: RSA PKCS#1 v1.5 and ECDSA over SHA-256 (whatever the curve), Ed25519
/// pure; and an ECDSA signature that Go's <c>asn1.Unmarshal</c> cannot read as <c>SEQUENCE { r, s }</c> is read as
/// IEEE P1363 (<c>r ‖ s</c>, halves of equal length, at most 132 bytes), as sigstore's <c>ECDSAVerifier</c> does.
/// </summary>
public static class SigstoreMessageVerifier
{
    private const int MaxP1363Bytes = 132;

    public static bool Verify(X509PublicKey key, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message)
    {
        ArgumentNullException.ThrowIfNull(key);
        var isEcdsa = key.Algorithm is PublicKeyAlgorithm.EcdsaP256 or PublicKeyAlgorithm.EcdsaP384 or PublicKeyAlgorithm.EcdsaP521;
        if (!isEcdsa || ReadsAsAsn1Signature(signature))
        {
            return key.TryVerifyMessage(signature, message, out _);
        }

        return VerifyP1363(key, signature, message);
    }

    /// <summary>
    /// Go's <c>asn1.Unmarshal(sig, &amp;struct{ R, S *big.Int }{})</c> succeeding: a DER SEQUENCE starting with two
    /// minimally encoded INTEGERs; further elements inside it and bytes after it are ignored, as Go ignores them.
    /// </summary>
    private static bool ReadsAsAsn1Signature(ReadOnlySpan<byte> signature)
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

    private static bool VerifyP1363(X509PublicKey key, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message)
    {
        if (signature.IsEmpty || signature.Length > MaxP1363Bytes || signature.Length % 2 != 0)
        {
            return false;
        }

        var fieldBytes = key.Algorithm switch
        {
            PublicKeyAlgorithm.EcdsaP256 => 32,
            PublicKeyAlgorithm.EcdsaP384 => 48,
            _ => 66,
        };

        // Go reads each half as a big-endian integer of any length; .NET wants both at the curve's field size.
        var fixedWidth = new byte[fieldBytes * 2];
        var half = signature.Length / 2;
        if (!TryFit(signature[..half], fixedWidth.AsSpan(0, fieldBytes)) || !TryFit(signature[half..], fixedWidth.AsSpan(fieldBytes)))
        {
            return false;
        }

        using var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportSubjectPublicKeyInfo(key.SpkiDer, out _);
            return ecdsa.VerifyData(message, fixedWidth, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }

        static bool TryFit(ReadOnlySpan<byte> integer, Span<byte> field)
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
}
