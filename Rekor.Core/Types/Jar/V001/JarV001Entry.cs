using System.Diagnostics.CodeAnalysis;
using Rekor.Core.Models;
using Rekor.Core.Pki;
using Rekor.Core.Pki.Jar;
using Rekor.Core.Pki.Pkcs7;
using Rekor.Core.Pki.X509;

namespace Rekor.Core.Types.Jar.V001;

/// <summary>
/// jar 0.0.1: a JAR file signed with a PKCS#7 signature inside it.
/// Its model, schema validation and registration are generated from schemas/jar/; the behaviour this kind
/// overrides (validation, verification, canonicalization, index keys, building from an artifact) lives here.
/// </summary>
/// <remarks>
/// Follows Rekor's <c>pkg/types/jar/v0.0.1/entry.go</c>. On insert the archive's SHA-256 must equal a hash sent;
/// no <c>META-INF/</c> file relic reads may declare more than <see cref="EntryLimits.MaxJarMetadataSize"/>
/// uncompressed bytes; the JAR must verify as relic's <c>signjar.Verify</c> verifies it
/// (<see cref="JarSignatureVerifier"/>) and have exactly one signer. The canonical body keeps the first PKCS#7 block
/// in its detached form (PEM <c>PKCS7</c>), its first certificate (PEM) and the archive's hash, never the archive.
/// Index keys, as Rekor: the hex SHA-256 of the canonical <b>signature</b> PEM (not of the key, unlike every other
/// kind: Rekor's quirk, kept so that searches agree) and <c>sha256:&lt;archive hash&gt;</c>.
/// </remarks>
[EntryType("jar", "0.0.1")]
public sealed partial class JarV001Entry
{
    private const string Sha256Name = "sha256";

    /// <summary>The verified, canonical parts; computed once per instance by the first operation that needs them.</summary>
    private EntryOutcome<CanonicalParts>? _verified;

    /// <summary>What the canonical body holds: the PEM PKCS7 signature, the PEM certificate and the archive's SHA-256.</summary>
    private sealed record CanonicalParts(byte[] SignaturePem, byte[] CertificatePem, string HashHex);

    /// <summary>Rekor's <c>validate</c> (the archive, a well-formed hash), and the archive's content, which insertion needs.</summary>
    public override EntryOutcome Validate()
    {
        if (Spec.Archive is not { } archive)
        {
            return Invalid("missing package");
        }

        if (archive.Content is not { Length: > 0 })
        {
            return Invalid(Spec.Signature?.Content is null ? "'content' must be specified for package" : "missing archive content");
        }

        return archive.Hash is { } hash && !IsSha256Hex(hash.Value) ? Invalid("invalid value for hash") : EntryOutcome.Success;
    }

    /// <summary>Verifies the JAR (Rekor's <c>fetchExternalEntities</c>) and writes the canonical body without the archive.</summary>
    public override ValueTask<EntryOutcome<byte[]>> CanonicalizeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var verified = Verified();
        return ValueTask.FromResult(verified.Succeeded
            ? EntryOutcome<byte[]>.Success(Write(verified.Value!))
            : EntryOutcome<byte[]>.Fail(verified.Error!));
    }

    /// <summary>
    /// Re-derives the canonical body of an entry as the log returns it (no archive, so nothing to verify): the
    /// signature re-detached, the certificate re-encoded, the hash kept. For reading logged entries only.
    /// </summary>
    public EntryOutcome<byte[]> CanonicalizeStoredEntry()
    {
        if (Spec.Archive?.Hash is not { } hash || !IsSha256Hex(hash.Value))
        {
            return EntryOutcome<byte[]>.Fail(EntryErrorKind.InvalidInput, "missing or invalid archive hash");
        }

        if (Spec.Signature is not { } signature)
        {
            return EntryOutcome<byte[]>.Fail(EntryErrorKind.InvalidInput, "missing signature");
        }

        if (!Pkcs7SignedData.TryParse(signature.Content, out var signedData, out var error)
            || !TryCanonicalCertificate(signature.PublicKey?.Content, out var certificatePem, out error))
        {
            return EntryOutcome<byte[]>.Fail(EntryErrorKind.InvalidInput, error);
        }

        return EntryOutcome<byte[]>.Success(Write(new CanonicalParts(signedData.CanonicalPem(), certificatePem, hash.Value)));
    }

    /// <summary>
    /// Rekor's <c>IndexKeys</c>: the hex SHA-256 of the canonical PKCS7 signature PEM (a quirk: the signature, not the
    /// key) when there is a signature, and <c>&lt;algorithm&gt;:&lt;hash&gt;</c>, lowercase. After canonicalization
    /// these are the verified signature and computed hash; on a logged entry, those it holds.
    /// </summary>
    public override ValueTask<EntryOutcome<IReadOnlyList<string>>> IndexKeysAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        List<string> keys = [];
        byte[]? signaturePem = null;
        string? hashKey = null;
        if (_verified is { Succeeded: true, Value: { } parts })
        {
            signaturePem = parts.SignaturePem;
            hashKey = $"{Sha256Name}:{parts.HashHex}";
        }
        else
        {
            if (Spec.Signature?.Content is { Length: > 0 } content)
            {
                if (!Pkcs7SignedData.TryParse(content, out var signedData, out var error))
                {
                    return ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Fail(EntryErrorKind.InvalidInput, error));
                }

                signaturePem = signedData.CanonicalPem();
            }

            if (Spec.Archive?.Hash is { Algorithm: { Length: > 0 } algorithm, Value: { Length: > 0 } value })
            {
                hashKey = $"{algorithm}:{value}";
            }
        }

        if (signaturePem is not null)
        {
            keys.Add(DigestAlgorithms.Sha256Hex(signaturePem));
        }

        if (hashKey is not null)
        {
            keys.Add(hashKey.ToLowerInvariant());
        }

        return ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Success(keys));
    }

    /// <summary>
    /// Verifies the JAR in <c>archive.content</c>. A logged jar body has no archive, so verifying one needs the JAR put
    /// back (<see cref="WithArchive"/>); without it the answer is a clear refusal, never a pass.
    /// </summary>
    public override ValueTask<EntryOutcome> VerifyAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(new EntryOutcome(Verified().Error));
    }

    /// <summary>
    /// Client side (Rekor's <c>CreateFromArtifactProperties</c>): the artifact is the signed JAR, which carries its
    /// own signature and certificate. The entry carries the archive only (the log computes its hash) and is verified
    /// before it is returned.
    /// </summary>
    public static EntryOutcome<EntryImplementation> FromArtifact(ArtifactInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Artifact is not { Length: > 0 } artifact)
        {
            return EntryOutcome<EntryImplementation>.Fail(EntryErrorKind.InvalidInput, "the JAR file must be provided");
        }

        var entry = new JarV001Entry(new JarV001Schema { Archive = new JarV001SchemaArchive { Content = artifact.ToArray() } });
        var verified = entry.Verified();
        return verified.Succeeded ? EntryOutcome<EntryImplementation>.Success(entry) : EntryOutcome<EntryImplementation>.Fail(verified.Error!);
    }

    /// <summary>This entry with the JAR put back (keeping the logged hash, which it must match), to verify a logged entry.</summary>
    public JarV001Entry WithArchive(ReadOnlySpan<byte> content) =>
        new(new JarV001Schema { Signature = Spec.Signature, Archive = new JarV001SchemaArchive { Hash = Spec.Archive?.Hash, Content = content.ToArray() } })
        {
            Limits = Limits,
        };

    private EntryOutcome<CanonicalParts> Verified() => _verified ??= Verify();

    /// <summary>Rekor's <c>fetchExternalEntities</c>, step by step, with its messages.</summary>
    private EntryOutcome<CanonicalParts> Verify()
    {
        if (Validate().Error is { } invalid)
        {
            return EntryOutcome<CanonicalParts>.Fail(invalid);
        }

        var content = Spec.Archive.Content!;
        var computed = DigestAlgorithms.Sha256Hex(content);
        if (Spec.Archive.Hash?.Value is { } sent && sent != computed)
        {
            return Fail($"SHA mismatch: {computed} != {sent}");
        }

        if (!JarArchive.TryOpen(content, out var archive, out var error))
        {
            return Fail(error);
        }

        using (archive)
        {
            // Before anything is read into memory: the declared size of every file relic will read whole.
            var limit = Limits.MaxJarMetadataSize;
            foreach (var entry in archive.Entries)
            {
                if (JarSignatureVerifier.IsMetadata(entry.FullName, out _) && limit > 0 && entry.Length > limit)
                {
                    return Fail($"uncompressed jar metadata of size {entry.Length} exceeds max allowed size {limit}");
                }
            }

            if (!JarSignatureVerifier.TryVerify(archive, out var signatureCount, out error))
            {
                return Fail(error);
            }

            switch (signatureCount)
            {
                case 0:
                    return Fail("no signatures detected in JAR archive");
                case > 1:
                    return Fail("multiple signatures detected in JAR; unable to process");
            }

            if (!JarSignatureVerifier.TryReadFirstSignatureBlock(archive, out var block, out error)
                || !Pkcs7SignedData.TryParse(block, out var signedData, out error)
                || !Pkcs7PublicKey.TryFrom(signedData, out var key, out error))
            {
                return Fail(error);
            }

            return EntryOutcome<CanonicalParts>.Success(new CanonicalParts(signedData.CanonicalPem(), key.CanonicalValue.ToArray(), computed));
        }
    }

    /// <summary>A logged certificate (PEM <c>CERTIFICATE</c>, as the canonical body writes it) re-encoded.</summary>
    private static bool TryCanonicalCertificate(byte[]? pem, [NotNullWhen(true)] out byte[]? canonical, [NotNullWhen(false)] out string? error)
    {
        canonical = null;
        if (pem is null || !Pem.TryDecode(pem, out var block, out _) || block.Type != "CERTIFICATE")
        {
            error = "signature.publicKey.content is not a PEM certificate";
            return false;
        }

        if (!X509CertificateInfo.TryParse(block.Bytes, out var certificate, out error))
        {
            return false;
        }

        canonical = Pem.Encode("CERTIFICATE", certificate.Der);
        return true;
    }

    private static byte[] Write(CanonicalParts parts) =>
        CanonicalEntryJson.Write(KindName, SchemaVersion, spec =>
        {
            spec.WriteStartObject("archive");
            spec.WriteStartObject("hash");
            spec.WriteString("algorithm", Sha256Name);
            spec.WriteString("value", parts.HashHex);
            spec.WriteEndObject();
            spec.WriteEndObject();
            spec.WriteStartObject("signature");
            spec.WriteBase64String("content", parts.SignaturePem);
            spec.WriteStartObject("publicKey");
            spec.WriteBase64String("content", parts.CertificatePem);
            spec.WriteEndObject();
            spec.WriteEndObject();
        });

    private static bool IsSha256Hex(string? value) => value is { Length: 64 } && value.All(char.IsAsciiHexDigit);

    private static EntryOutcome Invalid(string message) => EntryOutcome.Fail(EntryErrorKind.InvalidInput, message);

    private static EntryOutcome<CanonicalParts> Fail(string message) => EntryOutcome<CanonicalParts>.Fail(EntryErrorKind.InvalidInput, message);
}
