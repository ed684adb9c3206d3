namespace Rekor.Core.Pki;

/// <summary>
/// A key type and hash pairing a log may permit for client signatures: sigstore's <c>PublicKeyDetails</c> as its
/// algorithm registry knows them. The policy compares only the key (type, RSA size, curve) and the hash, so an RSA
/// PSS entry permits the same pairs as its PKCS#1 v1.5 twin.
/// </summary>
public enum SigningAlgorithm
{
    RsaPkcs1V15Bits2048Sha256,
    RsaPkcs1V15Bits3072Sha256,
    RsaPkcs1V15Bits4096Sha256,
    RsaPssBits2048Sha256,
    RsaPssBits3072Sha256,
    RsaPssBits4096Sha256,
    EcdsaP256Sha256,
    EcdsaP384Sha384,
    EcdsaP521Sha512,

    /// <summary>Pure Ed25519, which signs the message itself: it never matches a digest, so it never permits an entry.</summary>
    Ed25519,

    /// <summary>Ed25519ph over a SHA-512 digest.</summary>
    Ed25519ph,
}
