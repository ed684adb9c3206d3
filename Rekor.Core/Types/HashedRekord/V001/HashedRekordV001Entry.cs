using Rekor.Core.Models;
using Rekor.Core.Pki;
using Rekor.Core.Pki.X509;

namespace Rekor.Core.Types.HashedRekord.V001;

/// <summary>
/// hashedrekord 0.0.1: a signature over an artifact's digest, with the key or certificate that made it.
/// Its model, schema validation and registration are generated from schemas/hashedrekord/; the behaviour this kind
/// overrides (validation, verification, canonicalization, index keys, building from an artifact) lives here.
/// </summary>
/// <remarks>
/// Follows Rekor's <c>pkg/types/hashedrekord/v0.0.1</c>: the signature is checked over the digest as given (never
/// over content, which this kind does not carry; a <c>data.content</c> member is dropped when the spec is read,
/// as Rekor drops it), with x509 material only; Ed25519 keys verify as Ed25519ph. The canonical body keeps the
/// signature bytes and the hash (value in the case it was sent) and replaces the key with its canonical PEM.
/// </remarks>
[EntryType("hashedrekord", "0.0.1")]
public sealed partial class HashedRekordV001Entry
{
    /// <summary>
    /// The spec read and checked, key parsed, digest decoded: done once per instance, on first use, and kept (an
    /// instance serves one request at a time), so validation, the algorithm policy, canonicalization and the index
    /// keys all share one reading and one parsed key.
    /// </summary>
    private EntryOutcome<SignedDigest>? _read;

    /// <summary>The fields every operation needs, each checked once: a present signature, key, hash and digest.</summary>
    private readonly record struct SignedDigest(byte[] Signature, X509Verifier Verifier, DigestAlgorithm Algorithm, string ValueHex, byte[] Digest);

    /// <summary>Signature and key present and non-empty, the hash's value the right length and hex for its algorithm, the key readable.</summary>
    public override EntryOutcome Validate() => new(Read().Error);

    /// <summary>Rekor's algorithm policy, applied to the signing key and the digest algorithm (before verification, as Rekor does).</summary>
    public override EntryOutcome CheckSigningAlgorithms(SigningAlgorithmPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var read = Read();
        if (!read.Succeeded)
        {
            return new(read.Error);
        }

        return policy.IsPermitted(read.Value.Verifier.PublicKey, read.Value.Algorithm)
            ? EntryOutcome.Success
            : EntryOutcome.Fail(EntryErrorKind.InvalidInput, "entry algorithms are not allowed");
    }

    /// <summary>Verifies the signature over the digest, then writes the canonical body with the key's canonical PEM.</summary>
    public override ValueTask<EntryOutcome<byte[]>> CanonicalizeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var verified = ReadAndVerify();
        if (!verified.Succeeded)
        {
            return ValueTask.FromResult(EntryOutcome<byte[]>.Fail(verified.Error!));
        }

        var (signature, verifier, algorithm, valueHex, _) = verified.Value;
        var body = CanonicalEntryJson.Write(KindName, SchemaVersion, spec =>
        {
            spec.WriteStartObject("data");
            spec.WriteStartObject("hash");
            spec.WriteString("algorithm", algorithm.Name());
            spec.WriteString("value", valueHex);
            spec.WriteEndObject();
            spec.WriteEndObject();
            spec.WriteStartObject("signature");
            spec.WriteBase64String("content", signature);
            spec.WriteStartObject("publicKey");
            spec.WriteBase64String("content", verifier.CanonicalPem);
            spec.WriteEndObject();
            spec.WriteEndObject();
        });
        return ValueTask.FromResult(EntryOutcome<byte[]>.Success(body));
    }

    /// <summary>
    /// The canonical key's SHA-256 (hex, no prefix), the signing certificate's subjects and <c>&lt;algorithm&gt;:&lt;value&gt;</c>,
    /// all lowercase. Reads the key but does not verify the signature.
    /// </summary>
    public override ValueTask<EntryOutcome<IReadOnlyList<string>>> IndexKeysAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var read = Read();
        if (!read.Succeeded)
        {
            return ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Fail(read.Error!));
        }

        var (_, verifier, algorithm, valueHex, _) = read.Value;
        List<string> keys = [verifier.CanonicalPemSha256Hex];
        keys.AddRange(verifier.Subjects.Select(s => s.ToLowerInvariant()));
        keys.Add($"{algorithm.Name()}:{valueHex}".ToLowerInvariant());
        return ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Success(keys));
    }

    /// <summary>Verifies a stored entry: everything it needs (digest, signature, key) is in its canonical body.</summary>
    public override ValueTask<EntryOutcome> VerifyAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(new EntryOutcome(ReadAndVerify().Error));
    }

    /// <summary>
    /// Client side (Rekor's <c>CreateFromArtifactProperties</c>): the digest, or the artifact to hash, with
    /// <see cref="ArtifactInput.DigestAlgorithm"/> (default: guessed from the digest's length, or sha256 when hashing),
    /// the signature and the PEM key or certificate(s). The entry is verified before it is returned.
    /// </summary>
    public static EntryOutcome<EntryImplementation> FromArtifact(ArtifactInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.SignatureFormat is not (null or "x509"))
        {
            return Invalid("hashedrekord entries can only be created for artifacts signed with x509-based PKI");
        }

        if (input.Signature is not { Length: > 0 } signature)
        {
            return Invalid("a detached signature must be provided");
        }

        if (input.VerificationMaterial is not { Length: > 0 } material)
        {
            return Invalid("a public key or certificate must be provided");
        }

        DigestAlgorithm algorithm;
        byte[] digest;
        if (input.ArtifactDigest is { } given)
        {
            if (input.DigestAlgorithm is { } name ? !DigestAlgorithms.TryParse(name, out algorithm) : !DigestAlgorithms.TryFromSize(given.Length, out algorithm))
            {
                return Invalid($"unsupported digest algorithm {input.DigestAlgorithm ?? $"for a {given.Length}-byte digest"}; sha256, sha384 and sha512 are");
            }

            digest = given.ToArray();
        }
        else if (input.Artifact is { } artifact)
        {
            algorithm = DigestAlgorithm.Sha256;
            if (input.DigestAlgorithm is { } name && !DigestAlgorithms.TryParse(name, out algorithm))
            {
                return Invalid($"unsupported digest algorithm {name}; sha256, sha384 and sha512 are");
            }

            digest = algorithm.Hash(artifact.Span);
        }
        else
        {
            return Invalid("the artifact or its digest must be provided");
        }

        var entry = new HashedRekordV001Entry(new HashedrekordV001Schema
        {
            Data = new HashedrekordV001SchemaData
            {
                Hash = new HashedrekordV001SchemaDataHash { Algorithm = algorithm.Name(), Value = Convert.ToHexStringLower(digest) },
            },
            Signature = new HashedrekordV001SchemaSignature
            {
                Content = signature.ToArray(),
                PublicKey = new HashedrekordV001SchemaSignaturePublicKey { Content = material.ToArray() },
            },
        });
        var verified = entry.ReadAndVerify();
        return verified.Succeeded ? EntryOutcome<EntryImplementation>.Success(entry) : EntryOutcome<EntryImplementation>.Fail(verified.Error!);

        static EntryOutcome<EntryImplementation> Invalid(string message) => EntryOutcome<EntryImplementation>.Fail(EntryErrorKind.InvalidInput, message);
    }

    private EntryOutcome<SignedDigest> ReadAndVerify()
    {
        var read = Read();
        if (!read.Succeeded)
        {
            return read;
        }

        var (signature, verifier, algorithm, _, digest) = read.Value;
        return verifier.TryVerifyDigest(signature, digest, algorithm, out var error)
            ? read
            : Invalid("verifying signature: " + error);
    }

    /// <summary>The spec as <see cref="ReadSpec"/> reads it, read once per instance.</summary>
    private EntryOutcome<SignedDigest> Read() => _read ??= ReadSpec();

    /// <summary>Rekor's cross-field validation, in its order, with its messages; the key is parsed here.</summary>
    private EntryOutcome<SignedDigest> ReadSpec()
    {
        if (Spec.Signature is not { } signature)
        {
            return Invalid("missing signature");
        }

        if (signature.Content is not { Length: > 0 } signatureBytes)
        {
            return Invalid("missing signature content");
        }

        if (signature.PublicKey is not { } publicKey)
        {
            return Invalid("missing public key");
        }

        if (publicKey.Content is not { Length: > 0 } keyBytes)
        {
            return Invalid("missing publicKey content");
        }

        if (!X509Verifier.TryParse(keyBytes, out var verifier, out var keyError))
        {
            return Invalid(keyError);
        }

        if (Spec.Data is not { } data)
        {
            return Invalid("missing data");
        }

        if (data.Hash is not { } hash)
        {
            return Invalid("missing hash");
        }

        if (string.IsNullOrEmpty(hash.Value))
        {
            return Invalid("missing hash value");
        }

        if (!DigestAlgorithms.TryParse(hash.Algorithm, out var algorithm))
        {
            return Invalid($"unsupported hash algorithm \"{hash.Algorithm}\"; sha256, sha384 and sha512 are");
        }

        if (hash.Value.Length != algorithm.SizeBytes() * 2)
        {
            return Invalid("invalid value for hash");
        }

        byte[] digest;
        try
        {
            digest = Convert.FromHexString(hash.Value);
        }
        catch (FormatException)
        {
            return Invalid("invalid value for hash: not hexadecimal");
        }

        return EntryOutcome<SignedDigest>.Success(new SignedDigest(signatureBytes, verifier, algorithm, hash.Value, digest));
    }

    private static EntryOutcome<SignedDigest> Invalid(string message) => EntryOutcome<SignedDigest>.Fail(EntryErrorKind.InvalidInput, message);
}
