namespace Rekor.Core.Pki;

/// <summary>
/// A public key of one <see cref="SignatureFormat"/> (Rekor's <c>pki.PublicKey</c>), parsed and immutable. Entry
/// kinds and searches use only this view; each format's own type offers more.
/// </summary>
public interface IArtifactPublicKey
{
    SignatureFormat Format { get; }

    /// <summary>The key as a log stores it (Rekor's <c>CanonicalValue</c>): equal keys give equal bytes, whatever form they were sent in.</summary>
    ReadOnlySpan<byte> CanonicalValue { get; }

    /// <summary>Who the key names, for the search index (certificate SANs, PGP UID emails, an SSH comment that is an email); may be empty.</summary>
    IReadOnlyList<string> Subjects { get; }
}
