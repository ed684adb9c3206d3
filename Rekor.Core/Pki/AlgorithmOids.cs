namespace Rekor.Core.Pki;

/// <summary>The object identifiers that name key algorithms and curves in SPKI and PKCS#8 structures.</summary>
internal static class AlgorithmOids
{
    /// <summary>id-ecPublicKey (RFC 5480); its parameter is the named curve.</summary>
    public const string EcPublicKey = "1.2.840.10045.2.1";

    public const string P256 = "1.2.840.10045.3.1.7";
    public const string P384 = "1.3.132.0.34";
    public const string P521 = "1.3.132.0.35";

    /// <summary>rsaEncryption (RFC 8017); its parameter is NULL.</summary>
    public const string Rsa = "1.2.840.113549.1.1.1";

    /// <summary>id-Ed25519 (RFC 8410); it has no parameter.</summary>
    public const string Ed25519 = "1.3.101.112";
}
