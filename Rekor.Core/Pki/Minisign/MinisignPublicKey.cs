using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Rekor.Core.Pki.Minisign;

/// <summary>
/// A minisign (or signify) public key as Rekor reads it (<c>pkg/pki/minisign</c>): two algorithm bytes, an 8-byte key
/// ID and a 32-byte Ed25519 key. Like Rekor, the algorithm bytes are kept but not checked (verification is always
/// Ed25519), and the key is not checked to be a point on the curve until a signature is verified with it. Its
/// canonical form is base64(algorithm ‖ key ID ‖ key) with no comment and no newline. Minisign keys carry no
/// subjects. Immutable.
/// </summary>
public sealed class MinisignPublicKey : IArtifactPublicKey
{
    /// <summary>The decoded length of a key line: 2 algorithm bytes, 8 key-ID bytes, 32 key bytes.</summary>
    public const int EncodedLength = 2 + 8 + Ed25519Spki.KeyLength;

    private readonly byte[] _encoded;
    private readonly byte[] _canonical;
    private readonly byte[] _spkiDer;

    private MinisignPublicKey(MinisignKeyForm form, byte[] encoded)
    {
        Form = form;
        _encoded = encoded;
        _canonical = Encoding.ASCII.GetBytes(Convert.ToBase64String(encoded));
        _spkiDer = Ed25519Spki.Encode(Key);
        FingerprintSha256Hex = Convert.ToHexStringLower(SHA256.HashData(_spkiDer));
    }

    public MinisignKeyForm Form { get; }

    SignatureFormat IArtifactPublicKey.Format => SignatureFormat.Minisign;

    /// <summary>The two algorithm bytes as written (<c>Ed</c> for every key minisign makes).</summary>
    public ReadOnlySpan<byte> Algorithm => _encoded.AsSpan(0, 2);

    /// <summary>The key ID as stored: 8 bytes, little-endian. Zero for a <see cref="MinisignKeyForm.LegacyRaw"/> key.</summary>
    public ReadOnlySpan<byte> KeyId => _encoded.AsSpan(2, 8);

    /// <summary>The key ID as minisign prints it: the little-endian number in 16 uppercase hex digits.</summary>
    public string KeyIdHex => KeyIdToHex(KeyId);

    /// <summary>The 32-byte Ed25519 public key.</summary>
    public ReadOnlySpan<byte> Key => _encoded.AsSpan(10);

    /// <summary>What Rekor stores as <c>publicKey.content</c>: ASCII base64 of algorithm ‖ key ID ‖ key, no newline.</summary>
    public ReadOnlySpan<byte> CanonicalValue => _canonical;

    /// <summary>The key as an RFC 8410 SubjectPublicKeyInfo: the raw form of Rekor's identity for this key.</summary>
    public ReadOnlySpan<byte> SubjectPublicKeyInfoDer => _spkiDer;

    /// <summary>Lowercase hex SHA-256 of <see cref="SubjectPublicKeyInfoDer"/>: the fingerprint of Rekor's identity.</summary>
    public string FingerprintSha256Hex { get; }

    /// <summary>Minisign keys name no one: always empty, as in Rekor.</summary>
    public IReadOnlyList<string> Subjects { get; } = [];

    /// <summary>
    /// Reads a key as Rekor's <c>minisign.NewPublicKey</c> does, trying in turn: the key file (everything after the
    /// first line feed must be base64 of 42 bytes), the whole input as base64 of 42 bytes, and exactly 32 raw bytes.
    /// Base64 is Go's: padded, with carriage returns and line feeds ignored anywhere.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> input, [NotNullWhen(true)] out MinisignPublicKey? key, [NotNullWhen(false)] out string? error)
    {
        var newline = input.IndexOf((byte)'\n');
        if (newline >= 0 && GoBase64.TryDecode(input[(newline + 1)..], out var encoded) && encoded.Length == EncodedLength)
        {
            key = new MinisignPublicKey(MinisignKeyForm.Text, encoded);
        }
        else if (GoBase64.TryDecode(input, out encoded) && encoded.Length == EncodedLength)
        {
            key = new MinisignPublicKey(MinisignKeyForm.Base64, encoded);
        }
        else if (input.Length == Ed25519Spki.KeyLength)
        {
            key = new MinisignPublicKey(MinisignKeyForm.LegacyRaw, [(byte)'E', (byte)'d', 0, 0, 0, 0, 0, 0, 0, 0, .. input]);
        }
        else
        {
            key = null;
            error = "unable to read minisign public key: Invalid encoded public key";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>Minisign's way of showing a key ID: the 8 little-endian bytes as a number in 16 uppercase hex digits.</summary>
    internal static string KeyIdToHex(ReadOnlySpan<byte> keyId) =>
        BinaryPrimitives.ReadUInt64LittleEndian(keyId).ToString("X16", CultureInfo.InvariantCulture);
}
