using System.Security.Cryptography;
using Rekor.Core.Alpine;
using Rekor.Core.Models;
using Rekor.Core.Pki.X509;
using Rekor.Core.Pki;

namespace Rekor.Core.Types.Alpine.V001;

/// <summary>
/// alpine 0.0.1: an Alpine APK package signed with an RSA key.
/// Its model, schema validation and registration are generated from schemas/alpine/; the behaviour this kind
/// overrides (validation, verification, canonicalization, index keys, building from an artifact) lives here.
/// </summary>
/// <remarks>
/// Follows Rekor's <c>pkg/types/alpine/v0.0.1/entry.go</c> and <c>pkg/types/alpine/apk.go</c> (read by
/// <see cref="ApkPackage"/> under <see cref="EntryLimits.MaxApkMetadataSize"/>). On insert the package content is
/// required, its sha256 must equal <c>package.hash.value</c> if one was sent (exactly, as Rekor compares), the package
/// must read (signature, <c>.PKGINFO</c>, data hash) and its signature verify with the x509 key over the SHA-1 of the
/// control member. The canonical body keeps the canonical PEM of the key, the hash and the <c>.PKGINFO</c> pairs.
/// </remarks>
[EntryType("alpine", "0.0.1")]
public sealed partial class AlpineV001Entry
{
    private const string Sha256Name = "sha256";

    /// <summary>The spec read and checked and the key parsed: once per instance, on first use, and kept.</summary>
    private EntryOutcome<AlpineRecord>? _read;

    /// <summary>The package once read and verified (with its computed hash): once per instance, and kept.</summary>
    private EntryOutcome<VerifiedPackage>? _verified;

    private sealed record AlpineRecord(X509Verifier Key, byte[]? Content, string? HashHex);

    private sealed record VerifiedPackage(X509Verifier Key, string HashHex, IReadOnlyDictionary<string, string> PkgInfo);

    /// <summary>Rekor's <c>validate</c> and <c>Insertable</c>: a key, and the package content.</summary>
    public override EntryOutcome Validate()
    {
        var read = Read();
        if (!read.Succeeded)
        {
            return new(read.Error);
        }

        return read.Value!.Content is null ? EntryOutcome.Fail(EntryErrorKind.InvalidInput, "missing package content") : EntryOutcome.Success;
    }

    /// <summary>Reads and verifies the package, then writes the canonical body without its content.</summary>
    public override ValueTask<EntryOutcome<byte[]>> CanonicalizeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var verified = ReadAndVerify();
        return ValueTask.FromResult(verified.Succeeded
            ? EntryOutcome<byte[]>.Success(Write(verified.Value!.Key, verified.Value.HashHex, verified.Value.PkgInfo))
            : EntryOutcome<byte[]>.Fail(verified.Error!));
    }

    /// <summary>
    /// Re-derives the canonical body of an entry as the log returns it (key, hash and pairs are all in it). For reading
    /// and comparing logged entries only: <see cref="CanonicalizeAsync"/> is the only way an entry may be admitted.
    /// </summary>
    public EntryOutcome<byte[]> CanonicalizeStoredEntry()
    {
        var read = Read();
        if (!read.Succeeded)
        {
            return EntryOutcome<byte[]>.Fail(read.Error!);
        }

        if (read.Value!.HashHex is not { } hash || Spec.Package.Pkginfo is not { } pkginfo)
        {
            return EntryOutcome<byte[]>.Fail(EntryErrorKind.InvalidInput, "a logged alpine entry has package.hash and package.pkginfo");
        }

        return EntryOutcome<byte[]>.Success(Write(read.Value.Key, hash, pkginfo));
    }

    /// <summary>The canonical key's sha256 (bare hex), the key's subjects and <c>sha256:&lt;package hash&gt;</c>, lowercase.</summary>
    public override ValueTask<EntryOutcome<IReadOnlyList<string>>> IndexKeysAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var read = Read();
        if (!read.Succeeded)
        {
            return ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Fail(read.Error!));
        }

        var (key, content, hashHex) = read.Value!;
        List<string> keys = [key.CanonicalPemSha256Hex];
        keys.AddRange(key.Subjects);
        if ((hashHex ?? (content is null ? null : DigestAlgorithms.Sha256Hex(content))) is { } hash)
        {
            keys.Add($"{Sha256Name}:{hash}");
        }

        return ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Success([.. keys.Select(k => k.ToLowerInvariant())]));
    }

    /// <summary>
    /// Verifies the package. A logged alpine body has no package, so verifying one needs it put back
    /// (<see cref="WithPackage"/>); without it the answer is a clear refusal, never a pass.
    /// </summary>
    public override ValueTask<EntryOutcome> VerifyAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(new EntryOutcome(ReadAndVerify().Error));
    }

    /// <summary>This entry with the package put back (keeping the logged hash), so whoever holds the package can verify it.</summary>
    public AlpineV001Entry WithPackage(ReadOnlySpan<byte> apk) =>
        new(new AlpineV001Schema
        {
            PublicKey = Spec.PublicKey,
            Package = new AlpineV001SchemaPackage { Hash = Spec.Package?.Hash, Content = apk.ToArray() },
        })
        { Limits = Limits };

    /// <summary>
    /// Client side (Rekor's <c>CreateFromArtifactProperties</c>): the package (<see cref="ArtifactInput.Artifact"/>) and
    /// exactly one PEM key or certificate. The entry carries the content (the log computes its hash) and is verified
    /// before it is returned.
    /// </summary>
    public static EntryOutcome<EntryImplementation> FromArtifact(ArtifactInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Artifact is not { Length: > 0 } artifact)
        {
            return Invalid("the package's content must be provided");
        }

        if (input.VerificationMaterial is not { Length: > 0 } key || input.VerificationMaterials is { Count: > 0 })
        {
            return Invalid("only one public key must be provided");
        }

        var entry = new AlpineV001Entry(new AlpineV001Schema
        {
            PublicKey = new AlpineV001SchemaPublicKey { Content = key.ToArray() },
            Package = new AlpineV001SchemaPackage { Content = artifact.ToArray() },
        });
        var verified = entry.ReadAndVerify();
        return verified.Succeeded
            ? EntryOutcome<EntryImplementation>.Success(entry)
            : EntryOutcome<EntryImplementation>.Fail(EntryErrorKind.InvalidInput, "error retrieving external entities: " + verified.Error!.Message);

        static EntryOutcome<EntryImplementation> Invalid(string message) => EntryOutcome<EntryImplementation>.Fail(EntryErrorKind.InvalidInput, message);
    }

    private static byte[] Write(X509Verifier key, string hashHex, IReadOnlyDictionary<string, string> pkginfo) =>
        CanonicalEntryJson.Write(KindName, SchemaVersion, spec =>
        {
            spec.WriteStartObject("package");
            spec.WriteStartObject("hash");
            spec.WriteString("algorithm", Sha256Name);
            spec.WriteString("value", hashHex);
            spec.WriteEndObject();
            spec.WriteStartObject("pkginfo");
            foreach (var (name, value) in pkginfo)
            {
                spec.WriteString(name, value);
            }

            spec.WriteEndObject();
            spec.WriteEndObject();
            spec.WriteStartObject("publicKey");
            spec.WriteBase64String("content", key.CanonicalPem);
            spec.WriteEndObject();
        });

    /// <summary>Rekor's <c>fetchExternalEntities</c>: content required, hash matched, package read, signature verified.</summary>
    private EntryOutcome<VerifiedPackage> ReadAndVerify() => _verified ??= ReadAndVerifyOnce();

    private EntryOutcome<VerifiedPackage> ReadAndVerifyOnce()
    {
        var read = Read();
        if (!read.Succeeded)
        {
            return EntryOutcome<VerifiedPackage>.Fail(read.Error!);
        }

        var (key, content, hashHex) = read.Value!;
        if (content is null)
        {
            return Fail("missing package content: an alpine signature is over the package, which the log does not keep, so it can only be verified with spec.package.content");
        }

        var computed = DigestAlgorithms.Sha256Hex(content);
        if (hashHex is not null && hashHex != computed)
        {
            return Fail($"SHA mismatch: {computed} != {hashHex}");
        }

        if (!ApkPackage.TryRead(content, Limits.MaxApkMetadataSize, out var package, out var packageError))
        {
            return Fail(packageError);
        }

        if (!key.PublicKey.TryVerifySha1Digest(package.Signature, package.ControlSha1, out var signatureError))
        {
            return Fail(signatureError);
        }

        return EntryOutcome<VerifiedPackage>.Success(new VerifiedPackage(key, computed, package.PkgInfo));

        static EntryOutcome<VerifiedPackage> Fail(string message) => EntryOutcome<VerifiedPackage>.Fail(EntryErrorKind.InvalidInput, message);
    }

    /// <summary>The spec as <see cref="ReadSpec"/> reads it, read once per instance.</summary>
    private EntryOutcome<AlpineRecord> Read() => _read ??= ReadSpec();

    /// <summary>Rekor's <c>validate</c> with its messages, then the key parsed (Rekor parses it in <c>fetchExternalEntities</c>).</summary>
    private EntryOutcome<AlpineRecord> ReadSpec()
    {
        if (Spec.PublicKey is null)
        {
            return Invalid("missing public key");
        }

        if (Spec.PublicKey.Content is not { Length: > 0 } keyBytes)
        {
            return Invalid("'content' must be specified for publicKey");
        }

        if (Spec.Package is not { } package)
        {
            return Invalid("missing package");
        }

        string? hashHex = null;
        if (package.Hash is { } hash)
        {
            if (hash.Value is not { Length: 64 } value || !value.All(char.IsAsciiHexDigit))
            {
                return Invalid("invalid value for hash");
            }

            hashHex = value;
        }

        var content = package.Content is { Length: > 0 } bytes ? bytes : null;
        if (hashHex is null && content is null)
        {
            return Invalid("'content' must be specified for package");
        }

        if (!X509Verifier.TryParse(keyBytes, out var key, out var keyError))
        {
            return Invalid(keyError);
        }

        return EntryOutcome<AlpineRecord>.Success(new AlpineRecord(key, content, hashHex));
    }

    private static EntryOutcome<AlpineRecord> Invalid(string message) => EntryOutcome<AlpineRecord>.Fail(EntryErrorKind.InvalidInput, message);
}
