using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Rekor.Core.Pki.X509;

namespace Rekor.Core.Dsse;

/// <summary>
/// go-securesystemslib's <c>SHA256KeyID</c>: the key id a DSSE verifier derives from its public key when it has none,
/// which is the key's SSH SHA-256 fingerprint (<c>SHA256:</c> + unpadded base64 of the SHA-256 of the SSH wire
/// encoding). A signature whose non-empty <c>keyid</c> differs from it is skipped by verifiers that know their key
/// (Rekor's intoto 0.0.1).
/// </summary>
public static class DsseKeyId
{
    /// <summary>The fingerprint, or null for a key SSH cannot encode (then the library checks no key ids).</summary>
    public static string? Sha256Fingerprint(X509PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var wire = new List<byte>();
        switch (key.Algorithm)
        {
            case PublicKeyAlgorithm.Rsa:
                using (var rsa = RSA.Create())
                {
                    rsa.ImportSubjectPublicKeyInfo(key.SpkiDer, out _);
                    var parameters = rsa.ExportParameters(includePrivateParameters: false);
                    AppendString(wire, "ssh-rsa"u8);
                    AppendMpint(wire, parameters.Exponent!);
                    AppendMpint(wire, parameters.Modulus!);
                }

                break;
            case PublicKeyAlgorithm.EcdsaP256 or PublicKeyAlgorithm.EcdsaP384 or PublicKeyAlgorithm.EcdsaP521:
                using (var ecdsa = ECDsa.Create())
                {
                    ecdsa.ImportSubjectPublicKeyInfo(key.SpkiDer, out _);
                    var point = ecdsa.ExportParameters(includePrivateParameters: false).Q;
                    var curve = key.Algorithm switch
                    {
                        PublicKeyAlgorithm.EcdsaP256 => "nistp256",
                        PublicKeyAlgorithm.EcdsaP384 => "nistp384",
                        _ => "nistp521",
                    };
                    AppendString(wire, Encoding.ASCII.GetBytes("ecdsa-sha2-" + curve));
                    AppendString(wire, Encoding.ASCII.GetBytes(curve));
                    AppendString(wire, [0x04, .. point.X!, .. point.Y!]);
                }

                break;
            case PublicKeyAlgorithm.Ed25519:
                // An Ed25519 SubjectPublicKeyInfo ends with the 32 key bytes.
                AppendString(wire, "ssh-ed25519"u8);
                AppendString(wire, key.SpkiDer[^32..]);
                break;
            default:
                return null;
        }

        return "SHA256:" + Convert.ToBase64String(SHA256.HashData([.. wire])).TrimEnd('=');
    }

    private static void AppendString(List<byte> wire, ReadOnlySpan<byte> value)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, value.Length);
        wire.AddRange(length);
        wire.AddRange(value);
    }

    /// <summary>An SSH mpint of a positive big-endian integer: no leading zeros, one zero byte if the top bit is set.</summary>
    private static void AppendMpint(List<byte> wire, byte[] magnitude)
    {
        var trimmed = magnitude.AsSpan().TrimStart((byte)0);
        AppendString(wire, trimmed.Length > 0 && trimmed[0] >= 0x80 ? [0, .. trimmed] : trimmed);
    }
}
