using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Rekor.Load;

/// <summary>
/// Valid, distinct hashedrekord 0.0.1 request bodies, built as a client builds them: a random 32-byte artifact, its
/// SHA-256 digest, an ECDSA P-256 signature over the artifact and the PEM public key. Every artifact is random, so no
/// two bodies are the same entry (no 409s). Each is held as a ready POST /api/v1/log/entries; <see cref="Request"/>
/// and <see cref="DigestHex"/> share indexes.
/// </summary>
internal sealed class HashedRekordBodies(bool singleKey, string host) : IDisposable
{
    private readonly List<PreparedRequest> _bodies = [];
    private readonly List<string> _digests = [];
    private readonly ECDsa? _sharedKey = singleKey ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : null;

    public int Count => _bodies.Count;

    /// <summary>The POST of body <paramref name="index"/>, ready to send.</summary>
    public PreparedRequest Request(int index) => _bodies[index];

    /// <summary>The artifact digest of body <paramref name="index"/>, lower-case hex (what the search index holds).</summary>
    public string DigestHex(int index) => _digests[index];

    /// <summary>
    /// Builds <paramref name="count"/> more bodies on every core, each signed with a fresh key unless the set was made
    /// with one key for all (cheaper to build, not to serve). Never called while a run reads the set.
    /// </summary>
    public void Add(int count)
    {
        var bodies = new PreparedRequest[count];
        var digests = new string[count];
        var sharedPem = _sharedKey is null ? null : Encoding.UTF8.GetBytes(_sharedKey.ExportSubjectPublicKeyInfoPem() + "\n");
        Parallel.For(0, count, i =>
        {
            using var fresh = _sharedKey is null ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : null;
            var key = _sharedKey ?? fresh!;
            var pem = sharedPem ?? Encoding.UTF8.GetBytes(key.ExportSubjectPublicKeyInfoPem() + "\n");
            var artifact = RandomNumberGenerator.GetBytes(32);
            var digest = SHA256.HashData(artifact);
            var json = One(digest, key.SignData(artifact, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence), pem);
            bodies[i] = PreparedRequest.PostJson(host, "/api/v1/log/entries", json);
            digests[i] = Convert.ToHexStringLower(digest);
        });
        _bodies.AddRange(bodies);
        _digests.AddRange(digests);
    }

    public void Dispose() => _sharedKey?.Dispose();

    /// <summary>
    /// The proposed entry's JSON, written directly (not through the schema models and their client-side signature
    /// check, which cost more than the key and signature themselves): the server checks every body, and the run's
    /// 201s and verified sample show these are valid.
    /// </summary>
    private static byte[] One(byte[] digest, byte[] signature, byte[] publicKeyPem)
    {
        var output = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteString("apiVersion", "0.0.1");
            json.WriteString("kind", "hashedrekord");
            json.WriteStartObject("spec");
            json.WriteStartObject("data");
            json.WriteStartObject("hash");
            json.WriteString("algorithm", "sha256");
            json.WriteString("value", Convert.ToHexStringLower(digest));
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject("signature");
            json.WriteBase64String("content", signature);
            json.WriteStartObject("publicKey");
            json.WriteBase64String("content", publicKeyPem);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }
}
