namespace Rekor.Core.Pki;

/// <summary>
/// The detached-signature formats of Rekor's <c>pkg/pki</c> that rekord entries and public-key searches name by
/// <c>format</c>. The wire names are <see cref="SignatureFormats.Name"/>'s, the lowercase member names.
/// </summary>
public enum SignatureFormat
{
    X509,
    Pgp,
    Minisign,
    Ssh,
}
