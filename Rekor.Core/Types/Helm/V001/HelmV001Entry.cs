using Rekor.Core.Models;
using Rekor.Core.Pki.Pgp;
using Rekor.Core.Pki;

namespace Rekor.Core.Types.Helm.V001;

/// <summary>
/// helm 0.0.1: a Helm chart provenance file, PGP clear-signed.
/// Its model, schema validation and registration are generated from schemas/helm/; the behaviour this kind
/// overrides (validation, verification, canonicalization, index keys, building from an artifact) lives here.
/// </summary>
/// <remarks>
/// Follows Rekor's <c>pkg/types/helm/v0.0.1/entry.go</c> and <c>pkg/types/helm/provenance.go</c>. On insert the provenance
/// file is required; its clear signature is verified with the key sent (as Rekor's pgp <c>Verify</c>: key validity judged
/// at the signature's creation). The canonical body keeps the canonical key, the chart's digest as the provenance's
/// <c>files</c> section names it (algorithm and value as written, unchecked) and the signature armored the Go way; never
/// the provenance. A provenance whose signature verifies but which names no usable chart digest is a 400 here where
/// Rekor answers 500 (its error is not an input-validation error).
/// </remarks>
[EntryType("helm", "0.0.1")]
public sealed partial class HelmV001Entry
{
    /// <summary>The spec read and checked and the key parsed: done once per instance, on first use, and kept.</summary>
    private EntryOutcome<ReadSpec>? _read;

    /// <summary>The provenance read and its signature verified, kept after the first success.</summary>
    private EntryOutcome<VerifiedChart>? _verified;

    private readonly record struct ReadSpec(PgpPublicKey Key, byte[]? Provenance);

    private readonly record struct VerifiedChart(PgpPublicKey Key, PgpSignature Signature, string Algorithm, string Hash);

    /// <summary>Insert-time rules (Rekor's <c>validate</c>): a readable key, and the provenance or its extracted signature.</summary>
    public override EntryOutcome Validate() => new(Read().Error);

    /// <summary>Reads the provenance, verifies its clear signature, then writes the canonical body without it.</summary>
    public override ValueTask<EntryOutcome<byte[]>> CanonicalizeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var verified = Verify();
        return ValueTask.FromResult(verified.Succeeded
            ? EntryOutcome<byte[]>.Success(Write(verified.Value.Key, verified.Value.Signature.CanonicalValue, verified.Value.Algorithm, verified.Value.Hash))
            : EntryOutcome<byte[]>.Fail(verified.Error!));
    }

    /// <summary>
    /// Re-derives the canonical body of an entry as the log returns it (provenance gone; chart hash and signature kept):
    /// the key and signature are re-encoded, the hash kept as logged. For reading logged entries only.
    /// </summary>
    public EntryOutcome<byte[]> CanonicalizeStoredEntry()
    {
        var read = Read();
        if (!read.Succeeded)
        {
            return EntryOutcome<byte[]>.Fail(read.Error!);
        }

        if (Spec.Chart.Hash is not { } hash)
        {
            return EntryOutcome<byte[]>.Fail(EntryErrorKind.InvalidInput, "missing chart hash");
        }

        if (Spec.Chart.Provenance.Signature?.Content is not { Length: > 0 } signatureBytes)
        {
            return EntryOutcome<byte[]>.Fail(EntryErrorKind.InvalidInput, "missing provenance signature");
        }

        return PgpSignature.TryParse(signatureBytes, out var signature, out var error)
            ? EntryOutcome<byte[]>.Success(Write(read.Value.Key, signature.CanonicalValue, hash.Algorithm, hash.Value))
            : EntryOutcome<byte[]>.Fail(EntryErrorKind.InvalidInput, error);
    }

    /// <summary>
    /// The canonical key's SHA-256 (hex, no prefix), the key's UID emails and <c>&lt;alg&gt;:&lt;chart hash&gt;</c> read from
    /// the provenance, lowercase. Like Rekor's, this reads the provenance, so it fails for a logged entry (which has none).
    /// </summary>
    public override ValueTask<EntryOutcome<IReadOnlyList<string>>> IndexKeysAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var read = Read();
        if (!read.Succeeded)
        {
            return ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Fail(read.Error!));
        }

        if (!HelmProvenance.TryRead(read.Value.Provenance, out var provenance, out var error))
        {
            return ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Fail(EntryErrorKind.InvalidInput, error));
        }

        List<string> keys = [DigestAlgorithms.Sha256Hex(read.Value.Key.CanonicalValue)];
        keys.AddRange(read.Value.Key.Subjects.Select(s => s.ToLowerInvariant()));
        if (provenance.TryGetChartHash(out var algorithm, out var hash, out _))
        {
            keys.Add($"{algorithm}:{hash}".ToLowerInvariant());
        }

        return ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Success(keys));
    }

    /// <summary>
    /// Verifies the provenance's clear signature. A logged helm body has no provenance, so verifying one needs it put
    /// back (<see cref="WithProvenance"/>); without it the answer is a clear refusal, never a pass.
    /// </summary>
    public override ValueTask<EntryOutcome> VerifyAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(new EntryOutcome(Verify().Error));
    }

    /// <summary>
    /// Client side (Rekor's <c>CreateFromArtifactProperties</c>): the provenance file as the artifact and one PGP public key;
    /// verified before it is returned.
    /// </summary>
    public static EntryOutcome<EntryImplementation> FromArtifact(ArtifactInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Artifact is not { } provenance)
        {
            return Invalid("path to artifact file must be specified");
        }

        if (input.VerificationMaterial is not { Length: > 0 } key)
        {
            return Invalid("only one public key must be provided");
        }

        var entry = new HelmV001Entry(new HelmV001Schema
        {
            PublicKey = new HelmV001SchemaPublicKey { Content = key.ToArray() },
            Chart = new HelmV001SchemaChart { Provenance = new HelmV001SchemaChartProvenance { Content = provenance.ToArray() } },
        });
        var verified = entry.Verify();
        return verified.Succeeded
            ? EntryOutcome<EntryImplementation>.Success(entry)
            : Invalid("error retrieving external entities: " + verified.Error!.Message);

        static EntryOutcome<EntryImplementation> Invalid(string message) => EntryOutcome<EntryImplementation>.Fail(EntryErrorKind.InvalidInput, message);
    }

    /// <summary>This entry with the provenance file put back, so that whoever holds it can verify a logged entry.</summary>
    public HelmV001Entry WithProvenance(ReadOnlySpan<byte> provenance) =>
        new(new HelmV001Schema
        {
            PublicKey = Spec.PublicKey,
            Chart = new HelmV001SchemaChart
            {
                Hash = Spec.Chart?.Hash,
                Provenance = new HelmV001SchemaChartProvenance { Signature = Spec.Chart?.Provenance?.Signature, Content = provenance.ToArray() },
            },
        });

    private static byte[] Write(PgpPublicKey key, ReadOnlySpan<byte> armoredSignature, string algorithm, string hash)
    {
        var signature = armoredSignature.ToArray();
        return CanonicalEntryJson.Write(KindName, SchemaVersion, spec =>
        {
            spec.WriteStartObject("chart");
            spec.WriteStartObject("hash");
            spec.WriteString("algorithm", algorithm);
            spec.WriteString("value", hash);
            spec.WriteEndObject();
            spec.WriteStartObject("provenance");
            spec.WriteStartObject("signature");
            spec.WriteBase64String("content", signature);
            spec.WriteEndObject();
            spec.WriteEndObject();
            spec.WriteEndObject();
            spec.WriteStartObject("publicKey");
            spec.WriteBase64String("content", key.CanonicalValue);
            spec.WriteEndObject();
        });
    }

    /// <summary>Rekor's <c>fetchExternalEntities</c> then <c>GetChartAlgorithmHash</c>: provenance read, signature verified over its signed text, chart digest found.</summary>
    private EntryOutcome<VerifiedChart> Verify()
    {
        if (_verified is { } done)
        {
            return done;
        }

        var read = Read();
        if (!read.Succeeded)
        {
            return EntryOutcome<VerifiedChart>.Fail(read.Error!);
        }

        var key = read.Value.Key;
        if (!HelmProvenance.TryRead(read.Value.Provenance, out var provenance, out var error)
            || !PgpSignature.TryParse(provenance.Message.SignaturePackets, out var signature, out error)
            || !signature.TryVerify(provenance.Message.SignedBytes, key, out error)
            || !provenance.TryGetChartHash(out var algorithm, out var hash, out error))
        {
            return EntryOutcome<VerifiedChart>.Fail(EntryErrorKind.InvalidInput, error);
        }

        _verified = EntryOutcome<VerifiedChart>.Success(new VerifiedChart(key, signature, algorithm, hash));
        return _verified.Value;
    }

    /// <summary>The spec as <see cref="ReadSpecOnce"/> reads it, read once per instance.</summary>
    private EntryOutcome<ReadSpec> Read() => _read ??= ReadSpecOnce();

    /// <summary>Rekor's <c>validate</c> with its messages, then the key parsed; the provenance may be absent (a logged entry).</summary>
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

        if (Spec.Chart is not { } chart)
        {
            return Invalid("missing chart");
        }

        if (chart.Provenance is not { } provenance)
        {
            return Invalid("missing provenance");
        }

        if (provenance.Signature?.Content is not { Length: > 0 } && provenance.Content is not { Length: > 0 })
        {
            return Invalid("'content' must be specified for provenance");
        }

        return PgpPublicKey.TryParse(keyBytes, out var key, out var keyError)
            ? EntryOutcome<ReadSpec>.Success(new ReadSpec(key, provenance.Content is { Length: > 0 } content ? content : null))
            : Invalid(keyError);

        static EntryOutcome<ReadSpec> Invalid(string message) => EntryOutcome<ReadSpec>.Fail(EntryErrorKind.InvalidInput, message);
    }
}
