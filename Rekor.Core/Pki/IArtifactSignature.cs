using System.Diagnostics.CodeAnalysis;

namespace Rekor.Core.Pki;

/// <summary>
/// A detached signature of one <see cref="SignatureFormat"/> over a whole message (Rekor's <c>pki.Signature</c>),
/// parsed and immutable.
/// </summary>
public interface IArtifactSignature
{
    SignatureFormat Format { get; }

    /// <summary>The signature as a log stores it (Rekor's <c>CanonicalValue</c>).</summary>
    ReadOnlySpan<byte> CanonicalValue { get; }

    /// <summary>
    /// Verifies the signature over <paramref name="message"/> with <paramref name="key"/> as Rekor does. A key of
    /// another format never verifies. On failure, <paramref name="failure"/> says why, for the submitter.
    /// </summary>
    bool TryVerify(ReadOnlySpan<byte> message, IArtifactPublicKey key, [NotNullWhen(false)] out string? failure);
}
