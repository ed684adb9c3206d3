using Rekor.Core.Models;
using Rekor.Core.Pki.Pgp;
using Rekor.Core.Pki;

namespace Rekor.Core.Types.Rpm.V001;

/// <summary>
/// rpm 0.0.1: an RPM package whose header carries a PGP signature.
/// Its model, schema validation and registration are generated from schemas/rpm/; the behaviour this kind
/// overrides (validation, verification, canonicalization, index keys, building from an artifact) lives here.
/// </summary>
/// <remarks>
/// Follows Rekor's <c>pkg/types/rpm/v0.0.1/entry.go</c> and the reader it uses, go-rpmutils v0.4.0
/// (<see cref="RpmPackage"/>). On insert the package is required; its SHA-256 must equal <c>package.hash.value</c> if
/// one was sent (compared exactly, so only lowercase hex can match); every PGP signature in its signature header must
/// verify with the key sent, and there must be at least one. The canonical body keeps the canonical key, the hash and
/// the headers Rekor writes (NEVRA and, if present, <c>RPMSIGTAG_MD5</c>), never the package.
/// </remarks>
[EntryType("rpm", "0.0.1")]
public sealed partial class RpmV001Entry
{
    private const string Sha256Name = "sha256";

    /// <summary>The spec read and checked and the key parsed: done once per instance, on first use, and kept.</summary>
    private EntryOutcome<ReadSpec>? _read;

    /// <summary>The package verified and its hash computed, kept after the first successful verification.</summary>
    private EntryOutcome<VerifiedPackage>? _verified;

    /// <summary>What the spec gives: the key, the package bytes if sent, the hash if sent (checked well-formed).</summary>
    private readonly record struct ReadSpec(PgpPublicKey Key, byte[]? Content, string? HashHex);

    /// <summary>A package whose signatures verified with the key: its hash and the headers the canonical body keeps.</summary>
    private readonly record struct VerifiedPackage(PgpPublicKey Key, string HashHex, IReadOnlyDictionary<string, string> Headers);

    /// <summary>Insert-time rules: a readable key, and the package or a well-formed SHA-256.</summary>
    public override EntryOutcome Validate()
    {
        var read = Read();
        return new(read.Error);
    }

    /// <summary>Checks the package against the hash sent, verifies its signatures, then writes the canonical body without it.</summary>
    public override ValueTask<EntryOutcome<byte[]>> CanonicalizeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var verified = Verify();
        return ValueTask.FromResult(verified.Succeeded
            ? EntryOutcome<byte[]>.Success(Write(verified.Value.Key, verified.Value.HashHex, verified.Value.Headers))
            : EntryOutcome<byte[]>.Fail(verified.Error!));
    }

    /// <summary>
    /// Re-derives the canonical body of an entry as the log returns it (package gone, hash and headers kept): the key is
    /// re-encoded, the hash and headers kept as logged. For reading logged entries only: <see cref="CanonicalizeAsync"/>
    /// is the only way an entry may be admitted.
    /// </summary>
    public EntryOutcome<byte[]> CanonicalizeStoredEntry()
    {
        var read = Read();
        if (!read.Succeeded)
        {
            return EntryOutcome<byte[]>.Fail(read.Error!);
        }

        if (read.Value.HashHex is not { } hashHex)
        {
            return EntryOutcome<byte[]>.Fail(EntryErrorKind.InvalidInput, "missing package hash");
        }

        var headers = Spec.Package.Headers ?? new Dictionary<string, string>();
        return EntryOutcome<byte[]>.Success(Write(read.Value.Key, hashHex, headers));
    }

    /// <summary>The canonical key's SHA-256 (hex, no prefix), the key's UID emails and <c>sha256:&lt;hash&gt;</c> if the hash is known, lowercase.</summary>
    public override ValueTask<EntryOutcome<IReadOnlyList<string>>> IndexKeysAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var read = Read();
        if (!read.Succeeded)
        {
            return ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Fail(read.Error!));
        }

        // Rekor indexes the hash in the model, which its canonicalization fills in when the client sent none.
        var hashHex = _verified is { Succeeded: true } verified ? verified.Value.HashHex : read.Value.HashHex;
        List<string> keys = [DigestAlgorithms.Sha256Hex(read.Value.Key.CanonicalValue)];
        keys.AddRange(read.Value.Key.Subjects.Select(s => s.ToLowerInvariant()));
        if (hashHex is not null)
        {
            keys.Add($"{Sha256Name}:{hashHex}".ToLowerInvariant());
        }

        return ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Success(keys));
    }

    /// <summary>
    /// Verifies the package's signatures. A logged rpm body has no package, so verifying one needs the package put back
    /// (<see cref="WithPackage"/>); without it the answer is a clear refusal, never a pass.
    /// </summary>
    public override ValueTask<EntryOutcome> VerifyAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(new EntryOutcome(Verify().Error));
    }

    /// <summary>
    /// Client side (Rekor's <c>CreateFromArtifactProperties</c>): the package's bytes and one PGP public key. The entry
    /// carries the package (the log computes its hash) and is verified before it is returned.
    /// </summary>
    public static EntryOutcome<EntryImplementation> FromArtifact(ArtifactInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Artifact is not { } artifact)
        {
            return Invalid("path to artifact file must be specified");
        }

        if (input.VerificationMaterial is not { Length: > 0 } key)
        {
            return Invalid("only one public key must be provided to verify RPM signature");
        }

        var entry = new RpmV001Entry(new RpmV001Schema
        {
            PublicKey = new RpmV001SchemaPublicKey { Content = key.ToArray() },
            Package = new RpmV001SchemaPackage { Content = artifact.ToArray() },
        });
        var verified = entry.Verify();
        return verified.Succeeded
            ? EntryOutcome<EntryImplementation>.Success(entry)
            : Invalid("error retrieving external entities: " + verified.Error!.Message);

        static EntryOutcome<EntryImplementation> Invalid(string message) => EntryOutcome<EntryImplementation>.Fail(EntryErrorKind.InvalidInput, message);
    }

    /// <summary>This entry with the package put back (keeping the logged hash), so that whoever holds the package can verify a logged entry.</summary>
    public RpmV001Entry WithPackage(ReadOnlySpan<byte> content) =>
        new(new RpmV001Schema
        {
            PublicKey = Spec.PublicKey,
            Package = new RpmV001SchemaPackage { Hash = Spec.Package?.Hash, Content = content.ToArray() },
        });

    private static byte[] Write(PgpPublicKey key, string hashHex, IReadOnlyDictionary<string, string> headers) =>
        CanonicalEntryJson.Write(KindName, SchemaVersion, spec =>
        {
            spec.WriteStartObject("package");
            spec.WriteStartObject("hash");
            spec.WriteString("algorithm", Sha256Name);
            spec.WriteString("value", hashHex);
            spec.WriteEndObject();
            spec.WriteStartObject("headers");
            foreach (var (name, value) in headers)
            {
                spec.WriteString(name, value);
            }

            spec.WriteEndObject();
            spec.WriteEndObject();
            spec.WriteStartObject("publicKey");
            spec.WriteBase64String("content", key.CanonicalValue);
            spec.WriteEndObject();
        });

    /// <summary>Rekor's <c>fetchExternalEntities</c>: package required, hash matched, signatures verified; then the headers Rekor keeps.</summary>
    private EntryOutcome<VerifiedPackage> Verify()
    {
        if (_verified is { } done)
        {
            return done;
        }

        var read = Read();
        if (!read.Succeeded)
        {
            return EntryOutcome<VerifiedPackage>.Fail(read.Error!);
        }

        var (key, content, hashHex) = read.Value;
        content ??= [];
        var computed = DigestAlgorithms.Sha256Hex(content);
        if (hashHex is not null && hashHex != computed)
        {
            return Invalid($"SHA mismatch: {computed} != {hashHex}");
        }

        if (!RpmPackage.TryRead(content, out var package, out var error)
            || !package.TryVerify(key, out var signatureCount, out error))
        {
            return Invalid(error);
        }

        if (signatureCount == 0)
        {
            return Invalid("no supported PGP signature found in RPM");
        }

        if (!package.TryGetNevra(out var nevra, out error))
        {
            return Invalid(error);
        }

        var headers = new Dictionary<string, string>
        {
            ["Name"] = nevra.Name,
            ["Epoch"] = nevra.Epoch,
            ["Version"] = nevra.Version,
            ["Release"] = nevra.Release,
            ["Architecture"] = nevra.Architecture,
        };
        if (package.Md5 is { } md5)
        {
            headers["RPMSIGTAG_MD5"] = Convert.ToHexStringLower(md5);
        }

        _verified = EntryOutcome<VerifiedPackage>.Success(new VerifiedPackage(key, computed, headers));
        return _verified.Value;

        static EntryOutcome<VerifiedPackage> Invalid(string message) => EntryOutcome<VerifiedPackage>.Fail(EntryErrorKind.InvalidInput, message);
    }

    /// <summary>The spec as <see cref="ReadSpecOnce"/> reads it, read once per instance.</summary>
    private EntryOutcome<ReadSpec> Read() => _read ??= ReadSpecOnce();

    /// <summary>Rekor's <c>validate</c> with its messages, then the key parsed; the package may be absent (a logged entry).</summary>
    private EntryOutcome<ReadSpec> ReadSpecOnce()
    {
        if (Spec.PublicKey is not { } publicKey)
        {
            return Invalid("missing public key");
        }

        if (publicKey.Content is not { Length: > 0 } keyBytes)
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
            // Rekor checks the length and that it decodes as hex; the exact comparison later means only lowercase can match.
            if (hash.Value is not { Length: 64 } value || !value.All(char.IsAsciiHexDigit))
            {
                return Invalid("invalid value for hash");
            }

            hashHex = value;
        }
        else if (package.Content is not { Length: > 0 })
        {
            return Invalid("'content' must be specified for package");
        }

        if (!PgpPublicKey.TryParse(keyBytes, out var key, out var keyError))
        {
            return Invalid(keyError);
        }

        return EntryOutcome<ReadSpec>.Success(new ReadSpec(key, package.Content is { Length: > 0 } content ? content : null, hashHex));

        static EntryOutcome<ReadSpec> Invalid(string message) => EntryOutcome<ReadSpec>.Fail(EntryErrorKind.InvalidInput, message);
    }
}
