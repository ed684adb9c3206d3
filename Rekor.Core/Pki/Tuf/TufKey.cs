using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json;
using Rekor.Core.Pki.X509;

namespace Rekor.Core.Pki.Tuf;

/// <summary>
/// A key of a TUF root, read as go-tuf v0.7's <c>keys.GetVerifier</c> reads it: <c>ed25519</c> (hex of the 32 bytes),
/// <c>ecdsa</c> and <c>ecdsa-sha2-nistp256</c> (PEM PKIX, or for the latter the legacy hex point), <c>rsa</c> (PEM PKIX,
/// RSASSA-PSS with SHA-256, any salt length). Verifies a signature over a message as go-tuf does.
/// </summary>
internal sealed class TufKey
{
    private readonly string _type;
    private readonly byte[] _ed25519;
    private readonly X509PublicKey? _pkix;

    private TufKey(string type, byte[] ed25519, X509PublicKey? pkix, string identity)
    {
        _type = type;
        _ed25519 = ed25519;
        _pkix = pkix;
        Identity = identity;
    }

    /// <summary>The key material as text: two key IDs naming the same key count once toward a threshold.</summary>
    public string Identity { get; }

    public static bool TryRead(JsonElement key, [NotNullWhen(true)] out TufKey? read, [NotNullWhen(false)] out string? error)
    {
        read = null;
        if (key.ValueKind != JsonValueKind.Object
            || !key.TryGetProperty("keytype", out var typeElement) || typeElement.ValueKind != JsonValueKind.String
            || !key.TryGetProperty("keyval", out var value) || value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("public", out var publicElement) || publicElement.ValueKind != JsonValueKind.String)
        {
            error = "tuf: invalid key";
            return false;
        }

        var type = typeElement.GetString()!;
        var text = publicElement.GetString()!;
        switch (type)
        {
            case "ed25519":
                if (!TryHex(text, out var raw))
                {
                    error = "tuf: error unmarshalling key: tuf: invalid JSON hex bytes";
                    return false;
                }

                if (raw.Length != 32)
                {
                    error = $"tuf: error unmarshalling key: tuf: unexpected public key length for ed25519 key, expected 32, got {raw.Length}";
                    return false;
                }

                read = new TufKey(type, raw, null, "ed25519:" + Convert.ToHexStringLower(raw));
                error = null;
                return true;
            case "ecdsa":
            case "ecdsa-sha2-nistp256":
            case "rsa":
                X509PublicKey? pkix;
                if (type == "ecdsa-sha2-nistp256" && !text.Contains("-----BEGIN", StringComparison.Ordinal) && TryHex(text, out var point))
                {
                    if (!TryP256Point(point, out pkix))
                    {
                        error = "tuf: error unmarshalling key: tuf: invalid ecdsa public key point";
                        return false;
                    }
                }
                else if (!TryPkix(text, out pkix, out error))
                {
                    error = "tuf: error unmarshalling key: " + error;
                    return false;
                }

                var wanted = type == "rsa" ? PublicKeyAlgorithm.Rsa : PublicKeyAlgorithm.EcdsaP256;
                if (pkix.Algorithm != wanted)
                {
                    error = "tuf: error unmarshalling key: invalid public key";
                    return false;
                }

                read = new TufKey(type, [], pkix, "pkix:" + Convert.ToHexStringLower(pkix.SpkiDer));
                error = null;
                return true;
            default:
                error = "tuf: invalid key";
                return false;
        }
    }

    /// <summary>go-tuf's verifiers: Ed25519 over the message; ECDSA (ASN.1) and RSASSA-PSS (any salt length) over its SHA-256.</summary>
    public bool Verify(byte[] message, byte[] signature)
    {
        if (_pkix is null)
        {
            return signature.Length == 64 && Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Verify(signature, 0, _ed25519, 0, message, 0, message.Length);
        }

        return _type == "rsa"
            ? RsaPssAnySalt.Verify(_pkix.SpkiDer, message, signature)
            : _pkix.TryVerifyMessage(signature, message, out _) && !IsFixedWidth(signature);
    }

    /// <summary>go-tuf reads ECDSA signatures as ASN.1 only; the shared verifier also takes IEEE P1363, which go-tuf refuses.</summary>
    private static bool IsFixedWidth(byte[] signature) => !EcdsaSignatureForm.ReadsAsAsn1(signature);

    private static bool TryPkix(string pem, [NotNullWhen(true)] out X509PublicKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        if (!Pem.TryDecode(System.Text.Encoding.UTF8.GetBytes(pem), out var block, out _))
        {
            error = "invalid PEM value";
            return false;
        }

        if (block.Type != "PUBLIC KEY")
        {
            error = $"invalid block type: {block.Type}";
            return false;
        }

        return X509PublicKey.TryParse(block.Bytes, allowUnsupported: false, out key, out error);
    }

    private static bool TryP256Point(byte[] point, [NotNullWhen(true)] out X509PublicKey? key)
    {
        key = null;
        if (point.Length != 65 || point[0] != 4)
        {
            return false;
        }

        try
        {
            using var ecdsa = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = point[1..33], Y = point[33..] },
            });
            return X509PublicKey.TryParse(ecdsa.ExportSubjectPublicKeyInfo(), allowUnsupported: false, out key, out _);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    internal static bool TryHex(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length % 2 != 0 || !text.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        bytes = Convert.FromHexString(text);
        return true;
    }
}
