namespace Rekor.Core.Pki.X509;

/// <summary>The algorithm of a public key, with the curve for ECDSA: what verification and the algorithm policy need.</summary>
public enum PublicKeyAlgorithm
{
    /// <summary>A key a certificate may carry but no signature here can be checked with (DSA, P-224, X25519, …).</summary>
    Unsupported,

    Rsa,

    EcdsaP256,

    EcdsaP384,

    EcdsaP521,

    Ed25519,
}
