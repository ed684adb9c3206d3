using Rekor.Core.Pki;

namespace Rekor.Core.Types;

/// <summary>
/// The behaviour of one entry kind and version (Rekor's <c>EntryImpl</c>). The generated half of each
/// implementation supplies the spec model and identity; the hand-written half supplies what is below.
/// An instance wraps one proposed or stored entry and is used by one request at a time.
/// </summary>
public abstract class EntryImplementation
{
    /// <summary>The kind discriminator value.</summary>
    public abstract string Kind { get; }

    /// <summary>The schema version this implementation reads and writes.</summary>
    public abstract string ApiVersion { get; }

    /// <summary>The operator's limits this entry is read under; set by the host before <see cref="Validate"/>.</summary>
    public EntryLimits Limits { get; set; } = EntryLimits.Default;

    /// <summary>The entry's spec, as the generated model of <see cref="ApiVersion"/>.</summary>
    public abstract EntrySpec SpecModel { get; }

    /// <summary>The entry wrapped as a proposed entry (kind, apiVersion, spec), e.g. to send to a log.</summary>
    public abstract IProposedEntry ToProposedEntry();

    // The behaviour below is opt-in per kind: a kind supports an operation by overriding it. The defaults refuse
    // honestly ("not supported yet", a 400 at the API) so that a kind whose behaviour is not built yet is
    // registered, parsed and validated against its schema, but never answered with a made-up result.

    /// <summary>Checks the rules the schema cannot state (cross-field constraints, digest lengths, sizes).</summary>
    public virtual EntryOutcome Validate() => new(NotSupportedYet("validation"));

    /// <summary>
    /// Checks the entry's key and hash against the log's algorithm policy (Rekor's <c>--client-signing-algorithms</c>),
    /// before canonicalization. Rekor polices only hashedrekord, so every other kind passes; a refused entry is
    /// <see cref="EntryErrorKind.InvalidInput"/> with the message <c>entry algorithms are not allowed</c>.
    /// </summary>
    public virtual EntryOutcome CheckSigningAlgorithms(SigningAlgorithmPolicy policy) => EntryOutcome.Success;

    /// <summary>
    /// Verifies the entry's signatures and produces the canonical leaf bytes that the log stores:
    /// RFC 8785 JSON of <c>{"apiVersion", "kind", "spec"}</c> with the canonical spec. Identical inputs give
    /// identical bytes, which is what makes duplicate detection work.
    /// </summary>
    public virtual ValueTask<EntryOutcome<byte[]>> CanonicalizeAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(EntryOutcome<byte[]>.Fail(NotSupportedYet("canonicalization")));

    /// <summary>The search-index keys of the entry (key hashes, artifact digests, subjects), lowercase.</summary>
    public virtual ValueTask<EntryOutcome<IReadOnlyList<string>>> IndexKeysAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Fail(NotSupportedYet("indexing")));

    /// <summary>Verifies the signatures of an entry read back from the log (its canonical form).</summary>
    public virtual ValueTask<EntryOutcome> VerifyAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(new EntryOutcome(NotSupportedYet("verification")));

    /// <summary>
    /// The attestation this entry carries for the log to store beside it, available after a successful
    /// <see cref="CanonicalizeAsync"/>; null when the kind keeps none (everything but intoto and cose). The host
    /// decides whether to store it (<c>--enable_attestation_storage</c>) and enforces <c>--max_attestation_size</c>.
    /// </summary>
    public virtual EntryAttestation? Attestation => null;

    /// <summary>
    /// The key under which this entry's attestation is stored, derived from the canonical body alone (so it works on
    /// an entry read back from the log); null when the kind keeps none. Equal to <see cref="Attestation"/>'s key.
    /// </summary>
    public virtual string? AttestationKey => null;

    /// <summary>
    /// Whether the entry still names content by URL that must be fetched before it can be canonicalized.
    /// A server never fetches: it refuses such entries. Clients resolve them first.
    /// </summary>
    public virtual bool HasExternalEntities => false;

    /// <summary>Client side: fetches what <see cref="HasExternalEntities"/> names, in place.</summary>
    public virtual ValueTask<EntryOutcome> FetchExternalEntitiesAsync(HttpClient http, CancellationToken cancellationToken) =>
        ValueTask.FromResult(EntryOutcome.Success);

    /// <summary>The refusal of an operation this kind does not support (yet).</summary>
    protected EntryError NotSupportedYet(string operation) =>
        new(EntryErrorKind.Unsupported, $"{Kind} {ApiVersion}: {operation} is not supported by this server yet");
}

/// <summary>An <see cref="EntryImplementation"/> whose spec is the generated model <typeparamref name="TSpec"/>.</summary>
public abstract class EntryImplementation<TSpec> : EntryImplementation
    where TSpec : EntrySpec
{
    protected EntryImplementation(TSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
    }

    /// <summary>The entry's spec, as received or as read from the log.</summary>
    public TSpec Spec { get; }

    public sealed override EntrySpec SpecModel => Spec;
}
