using System.Security.Cryptography;
using System.Text.Json;
using Rekor.Core.Types;
using Rekor.Core.Types.HashedRekord.V001;

namespace Rekor.Server.Tests.Api;

/// <summary>Real hashedrekord entries, signed here with a fresh ECDSA P-256 key, as a client would build them.</summary>
internal sealed class SignedArtifacts : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem() + "\n";

    public static byte[] Digest(string artifact) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(artifact));

    /// <summary>The proposed entry JSON for <paramref name="artifact"/>, optionally with its signature replaced by one over something else.</summary>
    public string HashedRekord(string artifact, string? signedInstead = null)
    {
        var signature = _key.SignHash(Digest(artifact), DSASignatureFormat.Rfc3279DerSequence);
        var built = HashedRekordV001Entry.FromArtifact(new ArtifactInput
        {
            DigestAlgorithm = "sha256",
            ArtifactDigest = Digest(artifact),
            Signature = signature,
            VerificationMaterial = System.Text.Encoding.UTF8.GetBytes(PublicKeyPem),
        });
        Assert.True(built.Succeeded, built.Error?.Message);
        var json = JsonSerializer.Serialize((Rekor.Core.Models.ProposedEntry)built.Value!.ToProposedEntry(), RekorJson.Options);
        if (signedInstead is null)
        {
            return json;
        }

        var other = _key.SignHash(Digest(signedInstead), DSASignatureFormat.Rfc3279DerSequence);
        return json.Replace(Convert.ToBase64String(signature), Convert.ToBase64String(other), StringComparison.Ordinal);
    }

    public void Dispose() => _key.Dispose();
}
