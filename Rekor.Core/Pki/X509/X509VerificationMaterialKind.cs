namespace Rekor.Core.Pki.X509;

/// <summary>What an x509 <c>publicKey.content</c> held.</summary>
public enum X509VerificationMaterialKind
{
    /// <summary>One PEM <c>PUBLIC KEY</c> (PKIX SubjectPublicKeyInfo).</summary>
    PublicKey,

    /// <summary>One PEM <c>CERTIFICATE</c>; its key signs, and it is not checked against anything.</summary>
    Certificate,

    /// <summary>2 to 10 concatenated PEM certificates: the first signs, the last is the root it must chain to.</summary>
    CertificateChain,
}
