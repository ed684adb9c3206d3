using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Bc = Org.BouncyCastle.Math.EC.Rfc8032;

namespace Rekor.Core.Pki.Minisign;

/// <summary>
/// A minisign (or signify) signature as Rekor reads it (<c>pkg/pki/minisign</c>): two algorithm bytes, the signer's
/// 8-byte key ID and a 64-byte Ed25519 signature. What Rekor checks is only that signature: algorithm byte 2 = <c>D</c>
/// means prehashed (Ed25519 over the BLAKE2b-512 of the message, minisign's default <c>ED</c>), anything else means
/// pure Ed25519 over the message (<c>Ed</c>, minisign <c>-l</c>). The trusted comment and its global signature are
/// read but never verified, and Rekor does not compare key IDs; neither is this type's verification. The canonical
/// form drops both comments and the global signature. Immutable.
/// </summary>
public sealed class MinisignSignature : IArtifactSignature
{
    /// <summary>The decoded length of a signature line: 2 algorithm bytes, 8 key-ID bytes, 64 signature bytes.</summary>
    public const int EncodedLength = 2 + 8 + Ed25519SignatureLength;

    private const int Ed25519SignatureLength = 64;
    private const int GlobalSignatureLength = Ed25519SignatureLength;
    private const int Blake2b512Length = 64;
    private const int StreamBufferLength = 64 * 1024;

    private readonly byte[] _encoded;
    private readonly byte[] _canonical;

    private MinisignSignature(byte[] encoded, string? trustedComment)
    {
        _encoded = encoded;
        TrustedComment = trustedComment;
        _canonical = Encoding.ASCII.GetBytes("untrusted comment:\n" + Convert.ToBase64String(encoded));
    }

    /// <summary>The two algorithm bytes as written: <c>ED</c> (prehashed) or <c>Ed</c> (legacy) from minisign.</summary>
    public ReadOnlySpan<byte> Algorithm => _encoded.AsSpan(0, 2);

    /// <summary>Whether the signature is over the BLAKE2b-512 of the message: Rekor's test, the second algorithm byte is <c>D</c>.</summary>
    public bool IsPrehashed => _encoded[1] == (byte)'D';

    /// <summary>The signer's key ID as stored: 8 bytes, little-endian.</summary>
    public ReadOnlySpan<byte> KeyId => _encoded.AsSpan(2, 8);

    /// <summary>The key ID as minisign prints it (16 uppercase hex digits).</summary>
    public string KeyIdHex => MinisignPublicKey.KeyIdToHex(KeyId);

    /// <summary>The 64-byte Ed25519 signature.</summary>
    public ReadOnlySpan<byte> Signature => _encoded.AsSpan(10);

    /// <summary>The third line of a four-line minisign signature, carriage return trimmed; null for two-line (signify) text. Never verified.</summary>
    public string? TrustedComment { get; }

    /// <summary>What Rekor stores as <c>signature.content</c>: <c>untrusted comment:\n</c> and base64(algorithm ‖ key ID ‖ signature), no final newline.</summary>
    public ReadOnlySpan<byte> CanonicalValue => _canonical;

    /// <summary>
    /// Reads a signature as Rekor's <c>minisign.NewSignature</c> does: first as minisign text (at least four lines;
    /// the second base64 of 74 bytes, everything after the third base64 of 64 bytes), otherwise as signify text (exactly
    /// two lines once trailing line feeds are dropped, the second base64 of 74 bytes). Base64 is Go's: padded, with
    /// carriage returns and line feeds ignored.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> input, [NotNullWhen(true)] out MinisignSignature? signature, [NotNullWhen(false)] out string? error)
    {
        signature = null;
        if (TryParseMinisign(input, out signature))
        {
            error = null;
            return true;
        }

        var trimmed = input.TrimEnd((byte)'\n');
        var lines = trimmed.Count((byte)'\n') + 1;
        if (lines != 2)
        {
            error = $"invalid signature provided: {lines} lines detected";
            return false;
        }

        if (!GoBase64.TryDecode(trimmed[(trimmed.IndexOf((byte)'\n') + 1)..], out var encoded))
        {
            error = "invalid signature provided: base64 decoding failed";
            return false;
        }

        if (encoded.Length != EncodedLength)
        {
            error = $"invalid signature provided: incorrect size {encoded.Length} detected";
            return false;
        }

        signature = new MinisignSignature(encoded, trustedComment: null);
        error = null;
        return true;
    }

    SignatureFormat IArtifactSignature.Format => SignatureFormat.Minisign;

    bool IArtifactSignature.TryVerify(ReadOnlySpan<byte> message, IArtifactPublicKey key, [NotNullWhen(false)] out string? failure)
    {
        if (key is MinisignPublicKey minisign)
        {
            return TryVerify(message, minisign, out failure);
        }

        failure = $"cannot verify a minisign signature with a {key.Format.Name()} key";
        return false;
    }

    /// <summary>
    /// Verifies this signature over <paramref name="message"/> with <paramref name="key"/>'s Ed25519 key, as Rekor does.
    /// On failure, <paramref name="error"/> says which mode was checked and, when the key IDs differ, that too.
    /// </summary>
    public bool TryVerify(ReadOnlySpan<byte> message, MinisignPublicKey key, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!IsPrehashed)
        {
            return Check(message.ToArray(), message.Length, key, out error);
        }

        var digest = new Blake2bDigest(Blake2b512Length * 8);
        var chunk = ArrayPool<byte>.Shared.Rent(Math.Min(message.Length, StreamBufferLength));
        try
        {
            for (var offset = 0; offset < message.Length; offset += chunk.Length)
            {
                var part = message.Slice(offset, Math.Min(chunk.Length, message.Length - offset));
                part.CopyTo(chunk);
                digest.BlockUpdate(chunk, 0, part.Length);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return CheckDigest(digest, key, out error);
    }

    /// <summary>
    /// Verifies this signature over everything left in <paramref name="message"/>. Prehashed signatures stream the
    /// message through BLAKE2b-512; legacy (pure) ones need the whole message in memory, as Ed25519 does.
    /// Returns null when the signature verifies, otherwise why not. I/O failures of the stream are thrown.
    /// </summary>
    public async Task<string?> VerifyAsync(Stream message, MinisignPublicKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(key);
        string? error;
        if (!IsPrehashed)
        {
            using var whole = new MemoryStream();
            await message.CopyToAsync(whole, cancellationToken).ConfigureAwait(false);
            Check(whole.GetBuffer(), (int)whole.Length, key, out error);
            return error;
        }

        var digest = new Blake2bDigest(Blake2b512Length * 8);
        var buffer = ArrayPool<byte>.Shared.Rent(StreamBufferLength);
        try
        {
            int read;
            while ((read = await message.ReadAsync(buffer.AsMemory(0, StreamBufferLength), cancellationToken).ConfigureAwait(false)) > 0)
            {
                digest.BlockUpdate(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        CheckDigest(digest, key, out error);
        return error;
    }

    private static bool TryParseMinisign(ReadOnlySpan<byte> input, [NotNullWhen(true)] out MinisignSignature? signature)
    {
        // Go's strings.SplitN(in, "\n", 4): three line feeds split off the first three lines; the fourth is the rest.
        signature = null;
        Span<Range> lines = stackalloc Range[4];
        var start = 0;
        for (var i = 0; i < 3; i++)
        {
            var end = input[start..].IndexOf((byte)'\n');
            if (end < 0)
            {
                return false;
            }

            lines[i] = start..(start + end);
            start += end + 1;
        }

        lines[3] = start..input.Length;
        if (!GoBase64.TryDecode(input[lines[1]], out var encoded) || encoded.Length != EncodedLength
            || !GoBase64.TryDecode(input[lines[3]], out var global) || global.Length != GlobalSignatureLength)
        {
            return false;
        }

        var trustedComment = Encoding.UTF8.GetString(input[lines[2]].TrimEnd((byte)'\r'));
        signature = new MinisignSignature(encoded, trustedComment);
        return true;
    }

    private bool CheckDigest(Blake2bDigest digest, MinisignPublicKey key, [NotNullWhen(false)] out string? error)
    {
        var hash = new byte[Blake2b512Length];
        digest.DoFinal(hash, 0);
        return Check(hash, hash.Length, key, out error);
    }

    private bool Check(byte[] data, int length, MinisignPublicKey key, [NotNullWhen(false)] out string? error)
    {
        if (Bc.Ed25519.Verify(_encoded, 10, key.Key.ToArray(), 0, data, 0, length))
        {
            error = null;
            return true;
        }

        var mode = IsPrehashed ? "prehashed Ed25519 over BLAKE2b-512 (ED)" : "pure Ed25519 (Ed)";
        var keyIds = KeyId.SequenceEqual(key.KeyId) || !key.KeyId.ContainsAnyExcept((byte)0)
            ? string.Empty
            : $"; the signature names key ID {KeyIdHex}, the key is {key.KeyIdHex}";
        error = $"failed to verify signature: {mode} signature does not verify with this key{keyIds}";
        return false;
    }
}
