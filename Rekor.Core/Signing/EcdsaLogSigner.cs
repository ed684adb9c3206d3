using System.Security.Cryptography;

namespace Rekor.Core.Signing;

/// <summary>The NIST curves an <see cref="EcdsaLogSigner"/> can use.</summary>
public enum EcdsaCurve
{
    P256,
    P384,
    P521,
}

/// <summary>
/// Signs with an ECDSA key as Rekor's file and KMS signers do: ASN.1 DER signature over SHA-256 of the message, for
/// every curve (so a P-384 log signs SHA-256 digests, which is what Sigstore clients verify).
/// </summary>
public sealed class EcdsaLogSigner : InMemoryLogSigner
{
    /// <summary>The key. .NET does not promise that one ECDsa instance may sign on several threads at once, so every
    /// use of it holds this lock.</summary>
    private readonly Lock _keyLock = new();
    private readonly ECDsa _key;

    /// <summary>Takes ownership of <paramref name="key"/>, whose curve must be P-256, P-384 or P-521.</summary>
    internal EcdsaLogSigner(ECDsa key)
    {
        var publicKey = LogKey.FromSpki(key.ExportSubjectPublicKeyInfo());
        if (publicKey.Algorithm is not (LogKeyAlgorithm.EcdsaP256 or LogKeyAlgorithm.EcdsaP384 or LogKeyAlgorithm.EcdsaP521))
        {
            throw new ArgumentException($"not an ECDSA key: {publicKey.Algorithm}", nameof(key));
        }

        _key = key;
        PublicKey = publicKey;
    }

    public override LogKey PublicKey { get; }

    /// <summary>A new key on <paramref name="curve"/>, held in memory.</summary>
    public static EcdsaLogSigner Generate(EcdsaCurve curve = EcdsaCurve.P256)
    {
        var named = curve switch
        {
            EcdsaCurve.P256 => ECCurve.NamedCurves.nistP256,
            EcdsaCurve.P384 => ECCurve.NamedCurves.nistP384,
            EcdsaCurve.P521 => ECCurve.NamedCurves.nistP521,
            _ => throw new ArgumentOutOfRangeException(nameof(curve), curve, "unknown curve"),
        };
        return new EcdsaLogSigner(ECDsa.Create(named));
    }

    public override ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> message, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        lock (_keyLock)
        {
            return ValueTask.FromResult(_key.SignData(message.Span, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        }
    }

    public override byte[] ExportPkcs8PrivateKey()
    {
        lock (_keyLock)
        {
            return _key.ExportPkcs8PrivateKey();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _key.Dispose();
        }

        base.Dispose(disposing);
    }
}
