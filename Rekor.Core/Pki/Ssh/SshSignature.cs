using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Rekor.Core.Pki.Ssh;

/// <summary>
/// An armored SSHSIG (OpenSSH <c>PROTOCOL.sshsig</c>, <c>ssh-keygen -Y sign</c>) as Rekor reads it
/// (<c>pkg/pki/ssh</c>): the first PEM <c>SSH SIGNATURE</c> block, holding magic <c>SSHSIG</c>, version 1, the
/// signer's public key, namespace <c>file</c>, a reserved string, hash algorithm <c>sha256</c> or <c>sha512</c>, and
/// the wire signature, with nothing after it.
/// <para>
/// Rekor's canonical form (its <c>Armor</c>) is not the input: it is re-armored with the key re-marshalled, the
/// reserved string emptied and the hash algorithm written as <c>sha512</c> whatever was given; the signature bytes
/// are kept. Rekor then verifies that canonical form, not the input, so it always checks the signature over the
/// SHA-512 of the content. A signature that was made with <c>sha256</c> therefore never verifies (spec §9):
/// <see cref="TryVerify"/> reproduces this, and <see cref="HashAlgorithm"/> tells why.
/// </para>
/// Immutable and safe to share between threads.
/// </summary>
public sealed class SshSignature : IArtifactSignature
{
    /// <summary>The only namespace Rekor accepts.</summary>
    public const string Namespace = "file";

    /// <summary>The hash algorithm Rekor's re-armoring writes and its verification uses.</summary>
    public const string CanonicalHashAlgorithm = "sha512";

    private const string PemType = "SSH SIGNATURE";
    private static ReadOnlySpan<byte> Magic => "SSHSIG"u8;

    private readonly byte[] _canonicalArmored;

    private SshSignature(SshPublicKey publicKey, string hashAlgorithm, string signatureAlgorithm, byte[] signatureBlob, byte[] signatureWire)
    {
        PublicKey = publicKey;
        HashAlgorithm = hashAlgorithm;
        SignatureAlgorithm = signatureAlgorithm;
        SignatureBlob = signatureBlob;
        using var wrapped = new MemoryStream();
        wrapped.Write(Magic);
        wrapped.Write([0, 0, 0, 1]);
        SshWireReader.WriteString(wrapped, publicKey.WireBytes);
        SshWireReader.WriteString(wrapped, "file"u8);
        SshWireReader.WriteString(wrapped, []);
        SshWireReader.WriteString(wrapped, "sha512"u8);
        SshWireReader.WriteString(wrapped, signatureWire);
        _canonicalArmored = Pem.Encode(PemType, wrapped.ToArray());
    }

    /// <summary>The key embedded in the signature.</summary>
    public SshPublicKey PublicKey { get; }

    /// <summary>The hash algorithm the signer used, as written: <c>sha256</c> or <c>sha512</c>.</summary>
    public string HashAlgorithm { get; }

    /// <summary>The wire signature's algorithm, e.g. <c>ssh-ed25519</c>, <c>rsa-sha2-512</c>.</summary>
    public string SignatureAlgorithm { get; }

    /// <summary>The raw signature blob inside the wire signature.</summary>
    public ReadOnlyMemory<byte> SignatureBlob { get; }

    /// <summary>What Rekor stores as the signature: the re-armored SSHSIG with hash algorithm <c>sha512</c>.</summary>
    public ReadOnlySpan<byte> CanonicalArmored => _canonicalArmored;

    SignatureFormat IArtifactSignature.Format => SignatureFormat.Ssh;

    ReadOnlySpan<byte> IArtifactSignature.CanonicalValue => _canonicalArmored;

    bool IArtifactSignature.TryVerify(ReadOnlySpan<byte> message, IArtifactPublicKey key, [NotNullWhen(false)] out string? failure)
    {
        if (key is SshPublicKey ssh)
        {
            return TryVerify(message, ssh, out failure);
        }

        failure = $"cannot verify an ssh signature with a {key.Format.Name()} key";
        return false;
    }

    /// <summary>
    /// Reads an armored signature as Rekor's <c>ssh.Decode</c> does. Fails (never throws) on anything else: no PEM
    /// block, another block type, truncated or trailing bytes, bad magic or version, a namespace other than
    /// <c>file</c>, a hash other than sha256/sha512, or an embedded key of an unsupported type.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> armored, [NotNullWhen(true)] out SshSignature? signature, [NotNullWhen(false)] out string? error)
    {
        signature = null;
        if (!Pem.TryDecode(armored, out var block, out _))
        {
            error = "unable to decode pem file";
            return false;
        }

        if (block.Type != PemType)
        {
            error = $"wrong pem block type: {block.Type}. Expected SSH-SIGNATURE";
            return false;
        }

        var reader = new SshWireReader(block.Bytes);
        if (!reader.TryReadBytes(Magic.Length, out var magic)
            || !reader.TryReadUInt32(out var version)
            || !reader.TryReadString(out var keyWire)
            || !reader.TryReadString(out var ns)
            || !reader.TryReadString(out _)
            || !reader.TryReadString(out var hashBytes)
            || !reader.TryReadString(out var signatureWire))
        {
            error = "ssh: truncated SSHSIG";
            return false;
        }

        if (!reader.IsEmpty)
        {
            error = "ssh: junk at end of SSHSIG";
            return false;
        }

        if (version != 1)
        {
            error = $"unsupported signature version: {version}";
            return false;
        }

        if (!magic.SequenceEqual(Magic))
        {
            error = "invalid magic header";
            return false;
        }

        if (!ns.SequenceEqual("file"u8))
        {
            error = $"invalid signature namespace: {Encoding.UTF8.GetString(ns)}";
            return false;
        }

        var hash = Encoding.UTF8.GetString(hashBytes);
        if (hash is not ("sha256" or "sha512"))
        {
            error = $"unsupported hash algorithm: {hash}";
            return false;
        }

        // Go's ssh.Signature: format, blob, and any further bytes kept verbatim (its "rest" field).
        var signatureReader = new SshWireReader(signatureWire);
        if (!signatureReader.TryReadString(out var format) || !signatureReader.TryReadString(out var blob))
        {
            error = "ssh: truncated signature";
            return false;
        }

        if (!SshPublicKey.TryParseWire(keyWire, out var key, out error))
        {
            return false;
        }

        signature = new SshSignature(key, hash, Encoding.UTF8.GetString(format), blob.ToArray(), signatureWire.ToArray());
        return true;
    }

    /// <summary>
    /// Verifies this signature over <paramref name="message"/> with <paramref name="key"/> as Rekor does: the
    /// embedded key must be <paramref name="key"/> (Rekor itself does not compare them; a signature by another key
    /// fails either way), then the wire signature is checked over the SSHSIG signed data for namespace <c>file</c>
    /// built from the canonical form, i.e. with hash algorithm <c>sha512</c> and the SHA-512 of the message.
    /// </summary>
    public bool TryVerify(ReadOnlySpan<byte> message, SshPublicKey key, [NotNullWhen(false)] out string? error)
    {
        if (!PublicKey.SameKeyAs(key))
        {
            error = $"signature was made by another key ({PublicKey.KeyType}) than the one given ({key.KeyType})";
            return false;
        }

        using var signed = new MemoryStream();
        signed.Write(Magic);
        SshWireReader.WriteString(signed, "file"u8);
        SshWireReader.WriteString(signed, []);
        SshWireReader.WriteString(signed, "sha512"u8);
        SshWireReader.WriteString(signed, SHA512.HashData(message));
        if (key.TryVerify(signed.ToArray(), SignatureAlgorithm, SignatureBlob.Span, out error))
        {
            return true;
        }

        if (HashAlgorithm != CanonicalHashAlgorithm)
        {
            error += $" (the signature uses {HashAlgorithm}; Rekor verifies the re-armored form, which says sha512)";
        }

        return false;
    }
}
