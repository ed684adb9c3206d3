using Rekor.Core.Models;
using Rekor.Core.Pki;

namespace Rekor.Core.Types.Rekord.V001;

/// <summary>
/// rekord 0.0.1: a detached signature (x509, pgp, minisign or ssh) over artifact content sent inline.
/// Its model, schema validation and registration are generated from schemas/rekord/; the behaviour this kind
/// overrides (validation, verification, canonicalization, index keys, building from an artifact) lives here.
/// </summary>
/// <remarks>
/// Follows Rekor's <c>pkg/types/rekord/v0.0.1</c>. The signature and key are read by their format's parser
/// (<see cref="SignatureFormats"/>; this kind knows nothing of any format). On insert the content is required, its
/// SHA-256 must equal <c>data.hash.value</c> if one was sent (compared as Rekor does, exactly, so only lowercase hex
/// can match), and the signature is verified over the content. The canonical body keeps the format, replaces the
/// signature and key with their canonical forms, drops the content and keeps the hash.
/// </remarks>
[EntryType("rekord", "0.0.1")]
public sealed partial class RekordV001Entry
{
    private const string Sha256Name = "sha256";

    /// <summary>
    /// The spec read and checked and the key parsed: done once per instance, on first use, and kept (an instance
    /// serves one request at a time). After a successful verification it also holds the content's computed hash.
    /// </summary>
    private EntryOutcome<SignedArtifact>? _read;

    /// <summary>What every operation needs: the signature, the key, the content if sent and the hash if sent, each checked.</summary>
    private readonly record struct SignedArtifact(IArtifactSignature Signature, IArtifactPublicKey Key, byte[]? Content, string? HashHex);

    /// <summary>Insert-time rules: a readable signature and key of the format named, the content, and a well-formed SHA-256 if a hash is sent.</summary>
    public override EntryOutcome Validate()
    {
        var read = Read();
        if (!read.Succeeded)
        {
            return new(read.Error);
        }

        return read.Value.Content is null ? EntryOutcome.Fail(EntryErrorKind.InvalidInput, "missing data content") : EntryOutcome.Success;
    }

    /// <summary>Checks the content against the hash sent, verifies the signature over it, then writes the canonical body without it.</summary>
    public override ValueTask<EntryOutcome<byte[]>> CanonicalizeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var verified = ReadAndVerify();
        return ValueTask.FromResult(verified.Succeeded
            ? EntryOutcome<byte[]>.Success(Write(verified.Value.Signature, verified.Value.Key, verified.Value.HashHex!))
            : EntryOutcome<byte[]>.Fail(verified.Error!));
    }

    /// <summary>
    /// Re-derives the canonical body of an entry as the log returns it: its content is gone, so its signature
    /// cannot be checked; the key is re-encoded and the hash kept. For reading and comparing logged entries only:
    /// <see cref="CanonicalizeAsync"/> is the only way an entry may be admitted.
    /// </summary>
    public EntryOutcome<byte[]> CanonicalizeStoredEntry()
    {
        var read = Read();
        if (!read.Succeeded)
        {
            return EntryOutcome<byte[]>.Fail(read.Error!);
        }

        var hashHex = read.Value.HashHex ?? (read.Value.Content is { } content ? DigestAlgorithms.Sha256Hex(content) : null);
        return hashHex is null
            ? EntryOutcome<byte[]>.Fail(EntryErrorKind.InvalidInput, "missing data hash")
            : EntryOutcome<byte[]>.Success(Write(read.Value.Signature, read.Value.Key, hashHex));
    }

    /// <summary>The canonical key's SHA-256 (hex, no prefix), the key's subjects and <c>sha256:&lt;hash&gt;</c>, lowercase.</summary>
    public override ValueTask<EntryOutcome<IReadOnlyList<string>>> IndexKeysAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var read = Read();
        if (!read.Succeeded)
        {
            return ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Fail(read.Error!));
        }

        var (_, key, content, hashHex) = read.Value;
        List<string> keys = [DigestAlgorithms.Sha256Hex(key.CanonicalValue)];
        keys.AddRange(key.Subjects.Select(s => s.ToLowerInvariant()));
        if ((hashHex ?? (content is null ? null : DigestAlgorithms.Sha256Hex(content))) is { } hash)
        {
            keys.Add($"{Sha256Name}:{hash}".ToLowerInvariant());
        }

        return ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Success(keys));
    }

    /// <summary>
    /// Verifies the signature over <c>data.content</c>. A logged rekord body has no content, so verifying one needs
    /// the artifact put back (<see cref="WithArtifact"/>); without it the answer is a clear refusal, never a pass.
    /// </summary>
    public override ValueTask<EntryOutcome> VerifyAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(new EntryOutcome(ReadAndVerify().Error));
    }

    /// <summary>
    /// Client side (Rekor's <c>CreateFromArtifactProperties</c>): the artifact's bytes, the detached signature and the
    /// key (or certificates) in <see cref="ArtifactInput.SignatureFormat"/>, x509 by default. The entry carries the
    /// content (the log computes its hash) and is verified before it is returned.
    /// </summary>
    public static EntryOutcome<EntryImplementation> FromArtifact(ArtifactInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var formatName = input.SignatureFormat ?? SignatureFormat.X509.Name();
        if (!SignatureFormats.TryParseName(formatName, out _))
        {
            return Invalid($"unexpected format of public key: {formatName}");
        }

        if (input.Artifact is not { } artifact)
        {
            return Invalid("the artifact's content must be provided");
        }

        if (input.Signature is not { Length: > 0 } signature)
        {
            return Invalid("a detached signature must be provided");
        }

        if (input.VerificationMaterial is not { Length: > 0 } material)
        {
            return Invalid("a public key or certificate must be provided");
        }

        // Content only: Rekor's client also sends the hash it computed, but the schema's oneOf (hash or content)
        // refuses both, and the server computes the same hash anyway.
        var entry = new RekordV001Entry(new RekordV001Schema
        {
            Data = new RekordV001SchemaData { Content = artifact.ToArray() },
            Signature = new RekordV001SchemaSignature
            {
                Format = formatName,
                Content = signature.ToArray(),
                PublicKey = new RekordV001SchemaSignaturePublicKey { Content = material.ToArray() },
            },
        });
        var verified = entry.ReadAndVerify();
        return verified.Succeeded ? EntryOutcome<EntryImplementation>.Success(entry) : EntryOutcome<EntryImplementation>.Fail(verified.Error!);

        static EntryOutcome<EntryImplementation> Invalid(string message) => EntryOutcome<EntryImplementation>.Fail(EntryErrorKind.InvalidInput, message);
    }

    /// <summary>
    /// This entry with the artifact's content put back (keeping the logged hash), so that a logged entry can be
    /// verified by whoever holds the artifact: <see cref="VerifyAsync"/> then checks the content against the hash and
    /// the signature over the content.
    /// </summary>
    public RekordV001Entry WithArtifact(ReadOnlySpan<byte> content) =>
        new(new RekordV001Schema
        {
            Signature = Spec.Signature,
            Data = new RekordV001SchemaData { Hash = Spec.Data?.Hash, Content = content.ToArray() },
        });

    private static byte[] Write(IArtifactSignature signature, IArtifactPublicKey key, string hashHex) =>
        CanonicalEntryJson.Write(KindName, SchemaVersion, spec =>
        {
            spec.WriteStartObject("data");
            spec.WriteStartObject("hash");
            spec.WriteString("algorithm", Sha256Name);
            spec.WriteString("value", hashHex);
            spec.WriteEndObject();
            spec.WriteEndObject();
            spec.WriteStartObject("signature");
            spec.WriteBase64String("content", signature.CanonicalValue);
            spec.WriteString("format", signature.Format.Name());
            spec.WriteStartObject("publicKey");
            spec.WriteBase64String("content", key.CanonicalValue);
            spec.WriteEndObject();
            spec.WriteEndObject();
        });

    /// <summary>Rekor's <c>fetchExternalEntities</c> and <c>Verify</c>: content required, hash matched, signature verified over the content.</summary>
    private EntryOutcome<SignedArtifact> ReadAndVerify()
    {
        var read = Read();
        if (!read.Succeeded)
        {
            return read;
        }

        var (signature, key, content, hashHex) = read.Value;
        if (content is null)
        {
            return Invalid("missing data content: a rekord signature is over the artifact, which the log does not keep, so it can only be verified with spec.data.content");
        }

        var computed = DigestAlgorithms.Sha256Hex(content);
        if (hashHex is not null && hashHex != computed)
        {
            return Invalid($"SHA mismatch: {computed} != {hashHex}");
        }

        if (!signature.TryVerify(content, key, out var error))
        {
            return Invalid(error);
        }

        // The hash sent was absent or equal to the computed one: keeping it saves hashing the content again.
        _read = EntryOutcome<SignedArtifact>.Success(read.Value with { HashHex = computed });
        return _read.Value;
    }

    /// <summary>The spec as <see cref="ReadSpec"/> reads it, read once per instance.</summary>
    private EntryOutcome<SignedArtifact> Read() => _read ??= ReadSpec();

    /// <summary>Rekor's cross-field validation with its messages; content may be absent (a logged entry). The key is parsed here.</summary>
    private EntryOutcome<SignedArtifact> ReadSpec()
    {
        if (Spec.Signature is not { } signature)
        {
            return Invalid("missing signature");
        }

        if (string.IsNullOrEmpty(signature.Format))
        {
            return Invalid("missing signature format");
        }

        if (!SignatureFormats.TryParseName(signature.Format, out var format))
        {
            return Invalid($"unexpected format of public key: {signature.Format}");
        }

        if (signature.Content is not { Length: > 0 } signatureBytes)
        {
            return Invalid("'content' must be specified for signature");
        }

        if (signature.PublicKey?.Content is not { Length: > 0 } keyBytes)
        {
            return Invalid("'content' must be specified for publicKey");
        }

        if (Spec.Data is not { } data)
        {
            return Invalid("missing data");
        }

        string? hashHex = null;
        if (data.Hash is { } hash)
        {
            if (hash.Algorithm != Sha256Name)
            {
                return Invalid($"unsupported hash algorithm \"{hash.Algorithm}\"; rekord 0.0.1 takes sha256");
            }

            if (hash.Value is not { Length: 64 } value || !IsHex(value))
            {
                return Invalid("invalid value for hash");
            }

            hashHex = value;
        }

        var content = data.Content is { Length: > 0 } bytes ? bytes : null;
        if (hashHex is null && content is null)
        {
            return Invalid("'content' must be specified for data");
        }

        // Rekor reads the signature before the key, so a request with both broken is refused for its signature.
        if (!SignatureFormats.TryParseSignature(format, signatureBytes, out var parsedSignature, out var signatureError))
        {
            return Invalid(signatureError);
        }

        if (!SignatureFormats.TryParsePublicKey(format, keyBytes, out var key, out var keyError))
        {
            return Invalid(keyError);
        }

        return EntryOutcome<SignedArtifact>.Success(new SignedArtifact(parsedSignature, key, content, hashHex));
    }

    private static bool IsHex(string value) => value.All(char.IsAsciiHexDigit);

    private static EntryOutcome<SignedArtifact> Invalid(string message) => EntryOutcome<SignedArtifact>.Fail(EntryErrorKind.InvalidInput, message);
}
