using System.Security.Cryptography;
using Rekor.Core.Pki;

namespace Rekor.Server.Api;

/// <summary>
/// Search by public key (Rekor's <c>pkg/api/index.go</c>): the key is read by its format's parser and looked up as
/// the lowercase hex SHA-256 of its canonical form, the key every kind indexes. Formats without a parser here
/// (<c>tuf</c>, until that kind exists) and unreadable keys are not found but refused, as Rekor refuses them.
/// </summary>
public sealed class PublicKeySearchIndex : IPublicKeyIndex
{
    public bool TryIndexKey(string format, byte[] content, out string indexKey)
    {
        indexKey = string.Empty;
        if (!SignatureFormats.TryParseName(format, out var parsedFormat) || !SignatureFormats.TryParsePublicKey(parsedFormat, content, out var key, out _))
        {
            return false;
        }

        indexKey = Convert.ToHexStringLower(SHA256.HashData(key.CanonicalValue));
        return true;
    }
}
