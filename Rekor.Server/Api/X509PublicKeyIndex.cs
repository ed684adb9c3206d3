using Rekor.Core.Pki.X509;

namespace Rekor.Server.Api;

/// <summary>Search by public key for the x509 format: the hex SHA-256 of the canonical PEM, as entries are indexed.</summary>
public sealed class X509PublicKeyIndex : IPublicKeyIndex
{
    public bool TryIndexKey(string format, byte[] content, out string indexKey)
    {
        indexKey = string.Empty;
        if (!string.Equals(format, "x509", StringComparison.Ordinal) || !X509Verifier.TryParse(content, out var verifier, out _))
        {
            return false;
        }

        indexKey = verifier.CanonicalPemSha256Hex;
        return true;
    }
}
