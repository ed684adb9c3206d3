using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Rekor.Core.Pki.Jar;

/// <summary>
/// relic's <c>hashFile</c>: checks every <c>&lt;ALG&gt;-Digest&lt;suffix&gt;</c> attribute of a section against
/// content. A section with no such attribute fails (<see cref="NoDigests"/>), and so does an algorithm that is not
/// known (MD5, SHA1, SHA-256, SHA-384, SHA-512; relic also knows SHA-224, which .NET does not provide).
/// </summary>
public static class JarDigests
{
    public const string NoDigests = "no recognized digests found";

    /// <summary>
    /// Hashes what <paramref name="readContent"/> streams with each algorithm the section names and compares the
    /// standard base64 of each result with the attribute's value.
    /// </summary>
    /// <param name="attributes">The section whose digests are checked.</param>
    /// <param name="suffix">What follows <c>-Digest</c> in the attribute names (<c>-Manifest</c>, or empty for a file).</param>
    /// <param name="readContent">Streams the content to the given sink; returns an error or null.</param>
    /// <param name="error">Why the content does not match, or null.</param>
    public static bool TryCheck(
        JarAttributes attributes, string suffix, Func<Action<ReadOnlySpan<byte>>, string?> readContent, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(readContent);
        var keySuffix = "-Digest" + suffix;
        List<(string Key, string Expected, IncrementalHash Hash)> digesters = [];
        try
        {
            foreach (var (key, value) in attributes.All)
            {
                if (!key.EndsWith(keySuffix, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var hashName = key[..^keySuffix.Length].ToUpperInvariant();
                if (AlgorithmOf(hashName) is not { } algorithm)
                {
                    error = $"unknown digest key in manifest: {hashName}";
                    return false;
                }

                digesters.Add((key, value, IncrementalHash.CreateHash(algorithm)));
            }

            if (digesters.Count == 0)
            {
                error = NoDigests;
                return false;
            }

            if (readContent(chunk =>
                {
                    foreach (var digester in digesters)
                    {
                        digester.Hash.AppendData(chunk);
                    }
                }) is { } readError)
            {
                error = readError;
                return false;
            }

            foreach (var (key, expected, hash) in digesters)
            {
                var calculated = Convert.ToBase64String(hash.GetHashAndReset());
                if (calculated != expected)
                {
                    error = $"{key} mismatch: manifest {expected} != calculated {calculated}";
                    return false;
                }
            }

            error = null;
            return true;
        }
        finally
        {
            digesters.ForEach(d => d.Hash.Dispose());
        }
    }

    /// <summary>Checks in-memory content.</summary>
    public static bool TryCheck(JarAttributes attributes, string suffix, ReadOnlyMemory<byte> content, [NotNullWhen(false)] out string? error) =>
        TryCheck(attributes, suffix, sink =>
        {
            sink(content.Span);
            return null;
        }, out error);

    /// <summary>relic's <c>HashByName</c>: lower case, the first hyphen dropped.</summary>
    private static HashAlgorithmName? AlgorithmOf(string upperName)
    {
        var hyphen = upperName.IndexOf('-', StringComparison.Ordinal);
        var normal = (hyphen < 0 ? upperName : upperName.Remove(hyphen, 1)).ToLowerInvariant();
        return normal switch
        {
            "md5" => HashAlgorithmName.MD5,
            "sha1" => HashAlgorithmName.SHA1,
            "sha256" => HashAlgorithmName.SHA256,
            "sha384" => HashAlgorithmName.SHA384,
            "sha512" => HashAlgorithmName.SHA512,
            _ => null,
        };
    }
}
