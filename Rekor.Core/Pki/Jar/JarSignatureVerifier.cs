using System.Diagnostics.CodeAnalysis;
using System.IO.Compression;
using Rekor.Core.Pki.Pkcs7;

namespace Rekor.Core.Pki.Jar;

/// <summary>
/// relic's <c>signjar.Verify</c> (with digests checked), which Rekor's jar type relies on: every
/// <c>META-INF/*.SF</c> must have a PKCS#7 block of the same base name (<c>.RSA</c>, <c>.DSA</c>, <c>.EC</c> or
/// <c>SIG-*</c>) whose signers verify over the <c>.SF</c> (no chain), with any RFC 3161 timestamp verified too; the
/// <c>.SF</c> must digest the manifest (whole, or else its main attributes and each section it names); and every
/// section of the manifest must digest its file. Files the manifest does not name are not checked, as in relic.
/// </summary>
public static class JarSignatureVerifier
{
    /// <summary>
    /// Verifies the signed JAR and returns how many signature files it has. The caller has already checked the sizes
    /// of the META-INF files this reads (<see cref="IsMetadata"/>).
    /// </summary>
    public static bool TryVerify(JarArchive archive, out int signatureCount, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(archive);
        signatureCount = 0;
        byte[]? manifest = null;
        SortedDictionary<string, byte[]> signatureFiles = new(StringComparer.Ordinal);
        Dictionary<string, byte[]> signatureBlocks = new(StringComparer.Ordinal);
        foreach (var entry in archive.Entries)
        {
            if (!IsMetadata(entry.FullName, out var upperName))
            {
                continue;
            }

            if (!archive.TryReadAll(entry, out var contents, out error))
            {
                return false;
            }

            var dot = upperName.LastIndexOf('.');
            var (baseName, extension) = (upperName[..dot], upperName[dot..]);
            if (upperName == "MANIFEST.MF")
            {
                manifest = contents;
            }
            else if (extension == ".SF")
            {
                signatureFiles[baseName] = contents;
            }
            else if (IsSignatureBlockName(upperName))
            {
                signatureBlocks[baseName] = contents;
            }
        }

        if (manifest is null)
        {
            error = "JAR contains no META-INF/MANIFEST.MF";
            return false;
        }

        if (signatureFiles.Count == 0)
        {
            error = "JAR contains no signatures";
            return false;
        }

        foreach (var (baseName, signatureFile) in signatureFiles)
        {
            if (!signatureBlocks.TryGetValue(baseName, out var block))
            {
                error = $"JAR contains sigfile META-INF/{baseName}.SF with no matching signature";
                return false;
            }

            if (!Pkcs7SignedData.TryParseDer(block, out var signedData, out error)
                || !signedData.TryVerify(signatureFile, out error)
                || !signedData.TryVerifyTimestamps(out error)
                || !TryVerifySignatureFile(signatureFile, manifest, out error))
            {
                return false;
            }
        }

        if (!TryVerifyManifest(archive, manifest, out error))
        {
            return false;
        }

        signatureCount = signatureFiles.Count;
        return true;
    }

    /// <summary>
    /// The first PKCS#7 block in zip order (Rekor's <c>extractPKCS7SignatureFromJAR</c>), read whole.
    /// </summary>
    public static bool TryReadFirstSignatureBlock(JarArchive archive, [NotNullWhen(true)] out byte[]? block, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(archive);
        foreach (var entry in archive.Entries)
        {
            if (IsMetadata(entry.FullName, out var upperName) && IsSignatureBlockName(upperName))
            {
                return archive.TryReadAll(entry, out block, out error);
            }
        }

        block = null;
        error = "unable to locate signature in JAR file";
        return false;
    }

    /// <summary>
    /// Whether a zip entry is one relic reads into memory: directly in <c>META-INF/</c> (compared in upper case)
    /// with a dot in its name. <paramref name="upperName"/> is the upper-cased file name without the directory.
    /// </summary>
    public static bool IsMetadata(string entryName, out string upperName)
    {
        ArgumentNullException.ThrowIfNull(entryName);
        var upper = entryName.ToUpperInvariant();
        var slash = upper.LastIndexOf('/');
        upperName = upper[(slash + 1)..];
        return slash >= 0 && upper[..(slash + 1)] == "META-INF/" && upperName.Length > 0 && upperName.Contains('.', StringComparison.Ordinal);
    }

    private static bool IsSignatureBlockName(string upperName) =>
        upperName[upperName.LastIndexOf('.')..] is ".RSA" or ".DSA" or ".EC" || upperName.StartsWith("SIG-", StringComparison.Ordinal);

    /// <summary>relic's <c>verifySigFile</c>: the whole-manifest digest if there is one, else main attributes and each named section.</summary>
    private static bool TryVerifySignatureFile(byte[] signatureFile, byte[] manifest, [NotNullWhen(false)] out string? error)
    {
        if (!JarManifest.TryParse(signatureFile, out var parsed, out error))
        {
            return false;
        }

        if (JarDigests.TryCheck(parsed.Main, "-Manifest", manifest, out error))
        {
            return true;
        }

        if (error != JarDigests.NoDigests)
        {
            error = "manifest signature: " + error;
            return false;
        }

        var sections = JarManifest.Split(manifest, out var malformed);
        if (malformed)
        {
            error = JarManifest.MalformedLineEndings;
            return false;
        }

        Dictionary<string, byte[]> byName = new(StringComparer.Ordinal);
        for (var i = 0; i < sections.Count; i++)
        {
            if (i == 0)
            {
                if (!JarDigests.TryCheck(parsed.Main, "-Manifest-Main-Attributes", sections[0], out error))
                {
                    error = "manifest main attributes signature: " + error;
                    return false;
                }

                continue;
            }

            if (!JarAttributes.TryParse(sections[i], out var attributes, out error))
            {
                return false;
            }

            if (attributes.Get("Name") is not { Length: > 0 } name)
            {
                error = "manifest has section with no \"Name\" attribute";
                return false;
            }

            byName[name] = sections[i];
        }

        foreach (var (name, attributes) in parsed.Files)
        {
            if (!byName.TryGetValue(name, out var section))
            {
                error = $"manifest is missing signed section \"{name}\"";
                return false;
            }

            if (!JarDigests.TryCheck(attributes, string.Empty, section, out error))
            {
                error = $"manifest signature over section \"{name}\": {error}";
                return false;
            }
        }

        return true;
    }

    /// <summary>relic's <c>verifyManifest</c>: each named section's digest over the zip entry of that exact name (the last one, if repeated).</summary>
    private static bool TryVerifyManifest(JarArchive archive, byte[] manifest, [NotNullWhen(false)] out string? error)
    {
        if (!JarManifest.TryParse(manifest, out var parsed, out error))
        {
            return false;
        }

        Dictionary<string, ZipArchiveEntry> byName = new(StringComparer.Ordinal);
        foreach (var entry in archive.Entries)
        {
            byName[entry.FullName] = entry;
        }

        foreach (var (name, attributes) in parsed.Files)
        {
            if (attributes.Get("Magic") is { Length: > 0 })
            {
                continue;
            }

            if (!byName.TryGetValue(name, out var entry))
            {
                error = $"file {name} is in manifest but not JAR";
                return false;
            }

            if (!JarDigests.TryCheck(attributes, string.Empty, sink => archive.TryRead(entry, sink, out var readError) ? null : readError, out error))
            {
                error = $"file \"{name}\" in MANIFEST.MF: {error}";
                return false;
            }
        }

        return true;
    }
}
