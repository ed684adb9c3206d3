namespace Rekor.Core.Signing;

/// <summary>
/// The key types a Rekor v1 log signs with. How each signs is fixed by Rekor's signers (pkg/signer): ECDSA signs
/// SHA-256 of the message whatever the curve (ASN.1 DER signature), RSA is PKCS#1 v1.5 over SHA-256, Ed25519 signs
/// the message itself.
/// </summary>
public enum LogKeyAlgorithm
{
    EcdsaP256,
    EcdsaP384,
    EcdsaP521,
    Rsa,
    Ed25519,
}
