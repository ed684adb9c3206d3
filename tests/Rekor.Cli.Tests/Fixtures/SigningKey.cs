using System.Security.Cryptography;
using System.Text;

namespace Rekor.Cli.Tests.Fixtures;

/// <summary>
/// A fresh ECDSA P-256 key that signs artifacts as a user would before <c>rekor upload</c>: the artifact, its detached
/// DER signature (over SHA-256) and the PEM public key, written as files in <paramref name="directory"/>.
/// </summary>
public sealed class SigningKey(string directory) : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private int _count;

    public string PublicKeyPath
    {
        get
        {
            var path = Path.Combine(directory, "key.pub.pem");
            if (!File.Exists(path))
            {
                File.WriteAllText(path, _key.ExportSubjectPublicKeyInfoPem() + "\n");
            }

            return path;
        }
    }

    /// <summary>A new artifact with unique content and its signature; returns their paths.</summary>
    public (string Artifact, string Signature) SignNewArtifact(string? content = null)
    {
        var n = Interlocked.Increment(ref _count);
        var bytes = Encoding.UTF8.GetBytes(content ?? $"artifact {n} {Guid.NewGuid()}\n");
        var artifact = Path.Combine(directory, $"artifact-{n}.txt");
        var signature = Path.Combine(directory, $"artifact-{n}.sig");
        File.WriteAllBytes(artifact, bytes);
        File.WriteAllBytes(signature, _key.SignData(bytes, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        return (artifact, signature);
    }

    public void Dispose() => _key.Dispose();
}
