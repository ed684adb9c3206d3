namespace Rekor.Core.Pki;

/// <summary>The RFC 8410 SubjectPublicKeyInfo of an Ed25519 key: a fixed 12-byte prefix, then the 32 key bytes.</summary>
internal static class Ed25519Spki
{
    public const int KeyLength = 32;

    /// <summary>The DER of an Ed25519 SPKI up to the 32 key bytes (RFC 8410 §4).</summary>
    public static ReadOnlySpan<byte> Prefix => [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

    public static byte[] Encode(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != KeyLength)
        {
            throw new ArgumentException($"an Ed25519 public key is {KeyLength} bytes, not {publicKey.Length}", nameof(publicKey));
        }

        return [.. Prefix, .. publicKey];
    }
}
