using System.Globalization;
using System.Text.Json;
using Rekor.Core.Pki.X509;
using Rekor.Core.Signing;

namespace Rekor.Server.Signing.Vault;

/// <summary>
/// One version of a transit key as read from <c>GET /v1/&lt;mount&gt;/keys/&lt;name&gt;</c>, and how to ask Vault to
/// sign with it so the result is what <see cref="ILogSigner"/> promises.
/// Invariants: <see cref="PublicKey"/>'s algorithm matches the key's <c>type</c>; ECDSA and RSA send the SHA-256 digest
/// of the message (<c>prehashed</c>, URL suffix <c>/sha2-256</c>; RSA with <c>pkcs1v15</c>), since <see cref="LogKey.Verify"/>
/// checks every ECDSA curve over SHA-256; Ed25519 sends the message itself, unhashed, for pure Ed25519. (Sigstore's
/// hashivault signer instead sends Ed25519 keys the SHA-256 digest as the message, which no Ed25519 verifier of the
/// message accepts; this signer keeps <see cref="ILogSigner"/>'s rule.)
/// </summary>
internal sealed record VaultTransitKey(string Name, string Type, int Version, LogKey PublicKey)
{
    /// <summary>The hash named in the sign URL and body, or null (Ed25519 signs the message itself).</summary>
    public string? HashAlgorithm => IsEd25519 ? null : "sha2-256";

    /// <summary>Whether the input sent is the SHA-256 digest (not the message).</summary>
    public bool Prehashed => !IsEd25519;

    /// <summary>The RSA padding Rekor's signatures use; null for other key types (Vault ignores it for them).</summary>
    public string? SignatureAlgorithm => PublicKey.Algorithm == PublicKeyAlgorithm.Rsa ? "pkcs1v15" : null;

    private bool IsEd25519 => PublicKey.Algorithm == PublicKeyAlgorithm.Ed25519;

    /// <summary>The DER of an Ed25519 SPKI up to the 32 key bytes (RFC 8410 §4).</summary>
    private static ReadOnlySpan<byte> Ed25519SpkiPrefix => [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

    /// <summary>The key types a log can sign with, and the public-key algorithm each must have.</summary>
    private static PublicKeyAlgorithm? ExpectedAlgorithm(string type) => type switch
    {
        "ecdsa-p256" => PublicKeyAlgorithm.EcdsaP256,
        "ecdsa-p384" => PublicKeyAlgorithm.EcdsaP384,
        "ecdsa-p521" => PublicKeyAlgorithm.EcdsaP521,
        "rsa-2048" or "rsa-3072" or "rsa-4096" => PublicKeyAlgorithm.Rsa,
        "ed25519" => PublicKeyAlgorithm.Ed25519,
        _ => null,
    };

    /// <summary>
    /// The latest version of the key described by <paramref name="data"/> (the <c>data</c> member of a key read).
    /// </summary>
    /// <exception cref="InvalidOperationException">The type cannot sign for a log, or the answer is malformed.</exception>
    public static VaultTransitKey FromKeyRead(string name, JsonElement data)
    {
        var doing = $"reading Vault transit key '{name}'";
        if (!data.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            throw new InvalidOperationException($"{doing}: the answer has no 'type'");
        }

        var type = typeElement.GetString()!;
        var expected = ExpectedAlgorithm(type)
            ?? throw new InvalidOperationException(
                $"{doing}: key type '{type}' cannot sign a log (supported: ecdsa-p256, ecdsa-p384, ecdsa-p521, rsa-2048, rsa-3072, rsa-4096, ed25519)");

        if (!data.TryGetProperty("latest_version", out var latest) || latest.ValueKind != JsonValueKind.Number
            || !latest.TryGetInt32(out var version) || version < 1)
        {
            throw new InvalidOperationException($"{doing}: 'latest_version' is missing or not a positive number");
        }

        var versionKey = version.ToString(CultureInfo.InvariantCulture);
        if (!data.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Object
            || !keys.TryGetProperty(versionKey, out var entry) || entry.ValueKind != JsonValueKind.Object
            || !entry.TryGetProperty("public_key", out var publicKeyElement) || publicKeyElement.ValueKind != JsonValueKind.String)
        {
            throw new InvalidOperationException($"{doing}: the answer has no public key for version {versionKey}");
        }

        var publicKey = ReadPublicKey(publicKeyElement.GetString()!, expected, $"{doing}, version {versionKey}");
        if (publicKey.Algorithm != expected)
        {
            throw new InvalidOperationException($"{doing}: type '{type}' but version {versionKey}'s public key is {publicKey.Algorithm}");
        }

        return new VaultTransitKey(name, type, version, publicKey);
    }

    /// <summary>PEM for ECDSA and RSA; plain base64 of the 32 key bytes for Ed25519 (as Vault serves them).</summary>
    private static LogKey ReadPublicKey(string text, PublicKeyAlgorithm expected, string doing)
    {
        try
        {
            if (expected != PublicKeyAlgorithm.Ed25519 || text.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                return LogKey.FromPem(text);
            }

            var raw = Convert.FromBase64String(text.Trim());
            if (raw.Length != 32)
            {
                throw new FormatException($"an Ed25519 public key is 32 bytes, not {raw.Length}");
            }

            return LogKey.FromSpki([.. Ed25519SpkiPrefix, .. raw]);
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"{doing}: the public key cannot be read ({e.Message})", e);
        }
    }
}
