using System.Diagnostics.CodeAnalysis;

namespace Rekor.Core.Pki.X509;

/// <summary>
/// A raw x509-format signature (Rekor's <c>pkg/pki/x509.Signature</c>): the bytes as sent, DER for ECDSA, which are
/// also its canonical form. Verified over a whole message with an <see cref="X509Verifier"/>. Immutable.
/// </summary>
public sealed class X509Signature : IArtifactSignature
{
    private readonly byte[] _bytes;

    private X509Signature(byte[] bytes) => _bytes = bytes;

    public SignatureFormat Format => SignatureFormat.X509;

    public ReadOnlySpan<byte> CanonicalValue => _bytes;

    /// <summary>Takes the bytes as they are; only an empty signature is refused (it could never verify).</summary>
    public static bool TryParse(ReadOnlySpan<byte> content, [NotNullWhen(true)] out X509Signature? signature, [NotNullWhen(false)] out string? error)
    {
        signature = null;
        if (content.IsEmpty)
        {
            error = "invalid signature: empty";
            return false;
        }

        signature = new X509Signature(content.ToArray());
        error = null;
        return true;
    }

    /// <summary>Checks the chain, then the signature over the message (ECDSA and RSA over SHA-256, Ed25519 pure).</summary>
    public bool TryVerify(ReadOnlySpan<byte> message, IArtifactPublicKey key, [NotNullWhen(false)] out string? failure)
    {
        if (key is not X509Verifier verifier)
        {
            failure = $"cannot verify an x509 signature with a {key.Format.Name()} key";
            return false;
        }

        return verifier.TryVerifyMessage(_bytes, message, out failure);
    }
}
