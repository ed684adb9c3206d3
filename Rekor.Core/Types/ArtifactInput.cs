namespace Rekor.Core.Types;

/// <summary>
/// What a client has in hand when it builds a proposed entry: the artifact (or only its digest), the
/// signature over it and the verification material. Which fields a kind needs is up to the kind.
/// </summary>
public sealed record ArtifactInput
{
    /// <summary>The artifact's bytes, for kinds that upload content (rekord, rpm, jar, …).</summary>
    public ReadOnlyMemory<byte>? Artifact { get; init; }

    /// <summary>The digest algorithm of <see cref="ArtifactDigest"/> (<c>sha256</c>, <c>sha384</c>, <c>sha512</c>).</summary>
    public string? DigestAlgorithm { get; init; }

    /// <summary>The artifact's digest, for kinds that log only a hash (hashedrekord).</summary>
    public ReadOnlyMemory<byte>? ArtifactDigest { get; init; }

    /// <summary>The signature, or a whole signed envelope (DSSE, COSE), as bytes.</summary>
    public ReadOnlyMemory<byte>? Signature { get; init; }

    /// <summary>The public key or certificate(s), in the encoding the signature format uses (usually PEM).</summary>
    public ReadOnlyMemory<byte>? VerificationMaterial { get; init; }

    /// <summary>
    /// Further keys or certificates, each on its own, for envelopes signed several times (dsse, intoto 0.0.2), which
    /// take these after <see cref="VerificationMaterial"/>; kinds with one key ignore them.
    /// </summary>
    public IReadOnlyList<ReadOnlyMemory<byte>>? VerificationMaterials { get; init; }

    /// <summary>
    /// External additional authenticated data the signature also covers (COSE's <c>external_aad</c>); used to verify
    /// the entry before it is sent, and sent with it, never stored by the log. Kinds without such data ignore it.
    /// </summary>
    public ReadOnlyMemory<byte>? AdditionalAuthenticatedData { get; init; }

    /// <summary>The signature format where a kind supports several (<c>x509</c>, <c>pgp</c>, <c>minisign</c>, <c>ssh</c>).</summary>
    public string? SignatureFormat { get; init; }
}
