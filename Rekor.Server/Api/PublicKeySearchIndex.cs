using Rekor.Core.Pki;
using Rekor.Core.Pki.Tuf;

namespace Rekor.Server.Api;

/// <summary>
/// Search by public key (Rekor's <c>pkg/api/index.go</c>): the key is read by its format's parser and looked up as
/// the lowercase hex SHA-256 of its canonical form, the key every kind indexes. A <c>tuf</c> key is a root, which must
/// verify itself (Rekor's <c>pkg/pki/tuf.NewPublicKey</c>); its canonical form is the root's RFC 8785 JSON, which the
/// tuf kind indexes. Unreadable keys are not found but refused, as Rekor refuses them.
/// </summary>
public sealed class PublicKeySearchIndex : IPublicKeyIndex
{
    public bool TryIndexKey(string format, byte[] content, out string indexKey)
    {
        indexKey = string.Empty;
        if (format == "tuf")
        {
            if (!TufRoot.TryRead(content, DateTimeOffset.UtcNow, out var root, out _))
            {
                return false;
            }

            indexKey = DigestAlgorithms.Sha256Hex(root.Document.CanonicalValue);
            return true;
        }

        if (!SignatureFormats.TryParseName(format, out var parsedFormat) || !SignatureFormats.TryParsePublicKey(parsedFormat, content, out var key, out _))
        {
            return false;
        }

        indexKey = DigestAlgorithms.Sha256Hex(key.CanonicalValue);
        return true;
    }
}
