using System.Security.Cryptography;

namespace Rekor.Server.Tests.Signing.Gcp;

/// <summary>
/// One CryptoKeyVersion held by <see cref="FakeCloudKms"/>: its state, algorithm, public key PEM and how it signs a
/// digest (a real key, or a fixed answer for the shared test vector).
/// </summary>
internal sealed class FakeKeyVersion
{
    public required string Name { get; init; }

    public required string State { get; set; }

    public required string Algorithm { get; init; }

    public required string PublicKeyPem { get; init; }

    /// <summary>Signs a digest (ASN.1 DER for ECDSA), as Cloud KMS does.</summary>
    public required Func<byte[], byte[]> SignDigest { get; init; }

    /// <summary>The JSON field of the Digest message this version's algorithm takes.</summary>
    public string DigestField => Algorithm.EndsWith("SHA384", StringComparison.Ordinal) ? "sha384"
        : Algorithm.EndsWith("SHA512", StringComparison.Ordinal) ? "sha512" : "sha256";

    /// <summary>A version backed by a real ECDSA key (the fake keeps it; tests only see the public half).</summary>
    public static FakeKeyVersion Ecdsa(string name, string state, ECCurve curve, string algorithm)
    {
        var key = ECDsa.Create(curve);
        return new FakeKeyVersion
        {
            Name = name,
            State = state,
            Algorithm = algorithm,
            PublicKeyPem = key.ExportSubjectPublicKeyInfoPem() + "\n",
            SignDigest = digest => key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence),
        };
    }
}
