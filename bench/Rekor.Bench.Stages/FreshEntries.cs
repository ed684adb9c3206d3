using System.Security.Cryptography;
using System.Text;

namespace Rekor.Bench.Stages;

/// <summary>
/// Distinct hashedrekord entries as real clients send them: each with a fresh ECDSA P-256 key (so no stage can reuse a
/// key import), a SHA-256 artifact digest and a DER signature over it. Made before measuring; used round robin.
/// </summary>
internal sealed class FreshEntries
{
    private readonly Entry[] _entries;
    private int _next;

    public FreshEntries(int count)
    {
        _entries = new Entry[count];
        for (var i = 0; i < count; i++)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"stage benchmark artifact {i} {Guid.NewGuid()}"));
            var signature = key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);
            var spki = key.ExportSubjectPublicKeyInfo();
            var pem = Encoding.UTF8.GetBytes(key.ExportSubjectPublicKeyInfoPem() + "\n");
            var json = "{\"apiVersion\":\"0.0.1\",\"kind\":\"hashedrekord\",\"spec\":{\"data\":{\"hash\":{\"algorithm\":\"sha256\",\"value\":\""
                + Convert.ToHexStringLower(digest) + "\"}},\"signature\":{\"content\":\"" + Convert.ToBase64String(signature)
                + "\",\"publicKey\":{\"content\":\"" + Convert.ToBase64String(pem) + "\"}}}}";
            _entries[i] = new Entry(Encoding.UTF8.GetBytes(json), spki, digest, signature);
        }
    }

    /// <summary>The next entry, round robin (one benchmark thread).</summary>
    public Entry Next() => _entries[_next++ % _entries.Length];

    public sealed record Entry(byte[] Json, byte[] Spki, byte[] Digest, byte[] Signature);
}
