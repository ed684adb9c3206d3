using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Rekor.Core.Pki.X509;

/// <summary>
/// The verification material of an x509 signature as Rekor reads it (<c>pkg/pki/x509</c>): a PEM <c>PUBLIC KEY</c>,
/// one <c>CERTIFICATE</c>, or a concatenated chain of up to ten certificates. It knows its canonical form (PEM
/// re-encoded as Go writes it: the key in Go's DER, certificates byte for byte), the search-index hash of that form,
/// the signer's subjects, and how to verify a signature. A chain is verified, on every verification, with its last
/// certificate as the only trusted root, at the first certificate's NotBefore, so expired certificates still
/// verify. Immutable and safe to share between threads.
/// </summary>
public sealed class X509Verifier : IArtifactPublicKey
{
    /// <summary>Rekor stops reading a chain after this many certificates.</summary>
    public const int MaxChainLength = 10;

    private const string PublicKeyPemType = "PUBLIC KEY";
    private const string CertificatePemType = "CERTIFICATE";

    private readonly byte[] _canonicalPem;
    private readonly IReadOnlyList<X509CertificateInfo> _certificates;

    private X509Verifier(X509VerificationMaterialKind kind, X509PublicKey publicKey, IReadOnlyList<X509CertificateInfo> certificates, byte[] canonicalPem)
    {
        Kind = kind;
        PublicKey = publicKey;
        _certificates = certificates;
        _canonicalPem = canonicalPem;
        CanonicalPemSha256Hex = Convert.ToHexStringLower(SHA256.HashData(canonicalPem));
        Subjects = certificates.Count > 0 ? certificates[0].Subjects : [];
    }

    public X509VerificationMaterialKind Kind { get; }

    /// <summary>The key that made the signature: the PEM key, or the (first) certificate's key.</summary>
    public X509PublicKey PublicKey { get; }

    /// <summary>How many certificates were given (0 for a bare key).</summary>
    public int CertificateCount => _certificates.Count;

    /// <summary>The canonical PEM: what Rekor stores as <c>publicKey.content</c>. 64-column lines, a final newline.</summary>
    public ReadOnlySpan<byte> CanonicalPem => _canonicalPem;

    SignatureFormat IArtifactPublicKey.Format => SignatureFormat.X509;

    ReadOnlySpan<byte> IArtifactPublicKey.CanonicalValue => _canonicalPem;

    /// <summary>Lowercase hex SHA-256 of <see cref="CanonicalPem"/>: Rekor's public-key index key (no prefix).</summary>
    public string CanonicalPemSha256Hex { get; }

    /// <summary>
    /// The signing certificate's subject alternative names (DNS, email, IP, URI, Fulcio OtherName) with the case they
    /// were written in; empty for a bare key.
    /// </summary>
    public IReadOnlyList<string> Subjects { get; }

    /// <summary>
    /// Reads verification material as Rekor's <c>x509.NewPublicKey</c> does: leading and trailing whitespace is
    /// ignored; if anything follows the first PEM block, every block must be a certificate (at most ten).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> pem, [NotNullWhen(true)] out X509Verifier? verifier, [NotNullWhen(false)] out string? error)
    {
        verifier = null;
        var trimmed = pem.Trim(" \t\r\n\v\f"u8);
        if (!Pem.TryDecode(trimmed, out var first, out var rest))
        {
            error = "invalid public key: failure decoding PEM";
            return false;
        }

        if (!rest.IsEmpty)
        {
            return TryParseChain(trimmed, out verifier, out error);
        }

        switch (first.Type)
        {
            case PublicKeyPemType:
                if (!X509PublicKey.TryParse(first.Bytes, allowUnsupported: false, out var key, out error))
                {
                    return false;
                }

                verifier = new X509Verifier(X509VerificationMaterialKind.PublicKey, key, [], Pem.Encode(PublicKeyPemType, key.SpkiDer));
                return true;
            case CertificatePemType:
                if (!X509CertificateInfo.TryParse(first.Bytes, out var certificate, out error))
                {
                    return false;
                }

                verifier = new X509Verifier(
                    X509VerificationMaterialKind.Certificate, certificate.PublicKey, [certificate], Pem.Encode(CertificatePemType, certificate.Der));
                return true;
            default:
                error = $"invalid public key: cannot handle type {first.Type}";
                return false;
        }
    }

    /// <summary>
    /// Verifies a signature over a precomputed digest (hashedrekord): checks the chain, then the signature with
    /// <see cref="X509PublicKey.TryVerifyDigest"/> (Ed25519 keys as Ed25519ph, which needs SHA-512).
    /// </summary>
    public bool TryVerifyDigest(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> digest, DigestAlgorithm hash, [NotNullWhen(false)] out string? error) =>
        TryVerifyChain(signature, out error) && PublicKey.TryVerifyDigest(signature, digest, hash, out error);

    /// <summary>
    /// Verifies a detached signature over a whole message (rekord x509): checks the chain, then the signature with
    /// <see cref="X509PublicKey.TryVerifyMessage"/> (ECDSA and RSA over SHA-256, Ed25519 pure).
    /// </summary>
    public bool TryVerifyMessage(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, [NotNullWhen(false)] out string? error) =>
        TryVerifyChain(signature, out error) && PublicKey.TryVerifyMessage(signature, message, out error);

    private static bool TryParseChain(ReadOnlySpan<byte> pem, out X509Verifier? verifier, out string? error)
    {
        verifier = null;
        var certificates = new List<X509CertificateInfo>();
        using var canonical = new MemoryStream(pem.Length);
        var remaining = pem;
        while (!remaining.IsEmpty)
        {
            if (certificates.Count == MaxChainLength)
            {
                error = "too many certificates specified in PEM block";
                return false;
            }

            if (!Pem.TryDecode(remaining, out var block, out remaining))
            {
                error = "error during PEM decoding";
                return false;
            }

            // Like Rekor, every block of a chain is read as a certificate whatever its type says.
            if (!X509CertificateInfo.TryParse(block.Bytes, out var certificate, out error))
            {
                error = $"certificate {certificates.Count + 1} of the chain: {error}";
                return false;
            }

            certificates.Add(certificate);
            Pem.Append(canonical, CertificatePemType, certificate.Der);
        }

        verifier = new X509Verifier(X509VerificationMaterialKind.CertificateChain, certificates[0].PublicKey, certificates, canonical.ToArray());
        error = null;
        return true;
    }

    /// <summary>
    /// Rekor's <c>verifyCertChain</c>: nothing to check for a key or a single certificate; a chain must lead from the
    /// first certificate through the ones between to the last, trusted as the root, at the first one's NotBefore,
    /// with any extended key usage. No revocation, no downloads, no system trust store.
    /// </summary>
    private bool TryVerifyChain(ReadOnlySpan<byte> signature, [NotNullWhen(false)] out string? error)
    {
        if (signature.IsEmpty)
        {
            error = "X509 signature has not been initialized";
            return false;
        }

        if (Kind != X509VerificationMaterialKind.CertificateChain)
        {
            error = null;
            return true;
        }

        var loaded = _certificates.Select(c => c.Load()).ToList();
        using var chain = new X509Chain();
        try
        {
            var policy = chain.ChainPolicy;
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            policy.CustomTrustStore.Add(loaded[^1]);
            for (var i = 1; i < loaded.Count - 1; i++)
            {
                policy.ExtraStore.Add(loaded[i]);
            }

            policy.RevocationMode = X509RevocationMode.NoCheck;
            policy.DisableCertificateDownloads = true;
            policy.VerificationFlags = X509VerificationFlags.NoFlag;
            policy.VerificationTime = _certificates[0].NotBefore;
            policy.VerificationTimeIgnored = false;

            if (chain.Build(loaded[0]))
            {
                error = null;
                return true;
            }

            var problems = chain.ChainStatus.Select(s => s.Status).Aggregate(X509ChainStatusFlags.NoError, (all, one) => all | one);

            // Go trusts whatever is in its root pool, self-signed or not; .NET stops at a root that is not
            // self-signed and calls the chain partial. A chain that reached the given root with no other fault
            // is what Go accepts.
            var reachedRoot = chain.ChainElements.Count > 0 && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(_certificates[^1].Der);
            if (reachedRoot && (problems & ~X509ChainStatusFlags.PartialChain) == X509ChainStatusFlags.NoError)
            {
                error = null;
                return true;
            }

            error = !reachedRoot || (problems & (X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.UntrustedRoot)) != 0
                ? "x509: certificate signed by unknown authority"
                : "x509: certificate chain does not verify: " + string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Distinct());
            return false;
        }
        finally
        {
            foreach (var element in chain.ChainElements)
            {
                element.Certificate.Dispose();
            }

            foreach (var certificate in loaded)
            {
                certificate.Dispose();
            }
        }
    }
}
