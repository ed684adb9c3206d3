using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Rekor.Core.Pki;

/// <summary>The digest algorithms an artifact's hash may be given in (Rekor's <c>sha256</c>, <c>sha384</c>, <c>sha512</c>).</summary>
public enum DigestAlgorithm
{
    Sha256,
    Sha384,
    Sha512,
}

/// <summary>Names, sizes and hashing of <see cref="DigestAlgorithm"/>.</summary>
public static class DigestAlgorithms
{
    /// <summary>The lowercase name Rekor writes in <c>data.hash.algorithm</c> and in index keys.</summary>
    public static string Name(this DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Sha256 => "sha256",
        DigestAlgorithm.Sha384 => "sha384",
        DigestAlgorithm.Sha512 => "sha512",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };

    /// <summary>The name Go's <c>crypto.Hash.String()</c> gives it, as Rekor's error messages show it.</summary>
    public static string GoName(this DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Sha256 => "SHA-256",
        DigestAlgorithm.Sha384 => "SHA-384",
        DigestAlgorithm.Sha512 => "SHA-512",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };

    /// <summary>The digest length in bytes (a hex digest is twice as long).</summary>
    public static int SizeBytes(this DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Sha256 => SHA256.HashSizeInBytes,
        DigestAlgorithm.Sha384 => SHA384.HashSizeInBytes,
        DigestAlgorithm.Sha512 => SHA512.HashSizeInBytes,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };

    public static HashAlgorithmName HashAlgorithmName(this DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Sha256 => System.Security.Cryptography.HashAlgorithmName.SHA256,
        DigestAlgorithm.Sha384 => System.Security.Cryptography.HashAlgorithmName.SHA384,
        DigestAlgorithm.Sha512 => System.Security.Cryptography.HashAlgorithmName.SHA512,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };

    /// <summary>
    /// Lowercase hex SHA-256 of <paramref name="data"/>: how Rekor writes every hash it computes (artifact, payload and
    /// envelope hashes, and the key hash that indexes an entry by its key).
    /// </summary>
    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>The digest of <paramref name="data"/>.</summary>
    public static byte[] Hash(this DigestAlgorithm algorithm, ReadOnlySpan<byte> data) => algorithm switch
    {
        DigestAlgorithm.Sha256 => SHA256.HashData(data),
        DigestAlgorithm.Sha384 => SHA384.HashData(data),
        DigestAlgorithm.Sha512 => SHA512.HashData(data),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };

    /// <summary>Reads a name as Rekor's schemas spell it (lowercase, exactly).</summary>
    public static bool TryParse([NotNullWhen(true)] string? name, out DigestAlgorithm algorithm)
    {
        (var known, algorithm) = name switch
        {
            "sha256" => (true, DigestAlgorithm.Sha256),
            "sha384" => (true, DigestAlgorithm.Sha384),
            "sha512" => (true, DigestAlgorithm.Sha512),
            _ => (false, default),
        };
        return known;
    }

    /// <summary>The algorithm whose digests are <paramref name="sizeBytes"/> long, as Rekor's clients guess it.</summary>
    public static bool TryFromSize(int sizeBytes, out DigestAlgorithm algorithm)
    {
        (var known, algorithm) = sizeBytes switch
        {
            SHA256.HashSizeInBytes => (true, DigestAlgorithm.Sha256),
            SHA384.HashSizeInBytes => (true, DigestAlgorithm.Sha384),
            SHA512.HashSizeInBytes => (true, DigestAlgorithm.Sha512),
            _ => (false, default),
        };
        return known;
    }
}
