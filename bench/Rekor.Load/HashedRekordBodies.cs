using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Rekor.Core.Models;
using Rekor.Core.Types;
using Rekor.Core.Types.HashedRekord.V001;

namespace Rekor.Load;

/// <summary>
/// Valid, distinct hashedrekord 0.0.1 request bodies, built as a client builds them: a random 32-byte artifact, its
/// SHA-256 digest, an ECDSA P-256 signature over the artifact and the PEM public key. Every artifact is random, so no
/// two bodies are the same entry (no 409s). <see cref="Body"/> and <see cref="DigestHex"/> share indexes.
/// </summary>
internal sealed class HashedRekordBodies
{
    private readonly byte[][] _bodies;
    private readonly string[] _digests;

    private HashedRekordBodies(byte[][] bodies, string[] digests)
    {
        _bodies = bodies;
        _digests = digests;
    }

    public int Count => _bodies.Length;

    /// <summary>The UTF-8 JSON of body <paramref name="index"/>, ready to send.</summary>
    public byte[] Body(int index) => _bodies[index];

    /// <summary>The artifact digest of body <paramref name="index"/>, lower-case hex (what the search index holds).</summary>
    public string DigestHex(int index) => _digests[index];

    /// <summary>
    /// Builds <paramref name="count"/> bodies on every core, each signed with a fresh key unless
    /// <paramref name="singleKey"/> (then one key signs them all, which is cheaper to build, not to serve).
    /// </summary>
    public static HashedRekordBodies Build(int count, bool singleKey)
    {
        var bodies = new byte[count][];
        var digests = new string[count];
        using var shared = singleKey ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : null;
        var sharedPem = shared is null ? null : Encoding.UTF8.GetBytes(shared.ExportSubjectPublicKeyInfoPem() + "\n");
        Parallel.For(0, count, i =>
        {
            using var fresh = shared is null ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : null;
            var key = shared ?? fresh!;
            var pem = sharedPem ?? Encoding.UTF8.GetBytes(key.ExportSubjectPublicKeyInfoPem() + "\n");
            var artifact = RandomNumberGenerator.GetBytes(32);
            var digest = SHA256.HashData(artifact);
            bodies[i] = One(digest, key.SignData(artifact, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence), pem);
            digests[i] = Convert.ToHexStringLower(digest);
        });
        return new HashedRekordBodies(bodies, digests);
    }

    private static byte[] One(byte[] digest, byte[] signature, byte[] publicKeyPem)
    {
        var built = HashedRekordV001Entry.FromArtifact(new ArtifactInput
        {
            DigestAlgorithm = "sha256",
            ArtifactDigest = digest,
            Signature = signature,
            VerificationMaterial = publicKeyPem,
        });
        if (!built.Succeeded)
        {
            throw new InvalidOperationException("couldn't build a hashedrekord entry: " + built.Error?.Message);
        }

        return JsonSerializer.SerializeToUtf8Bytes((ProposedEntry)built.Value!.ToProposedEntry(), RekorJson.Options);
    }
}
