using System.Collections.Concurrent;
using System.Security.Cryptography;
using Rekor.Core.Pki.X509;

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
    /// <summary>The key as given. .NET does not promise that one ECDsa instance may sign on several threads at once,
    /// so this one is only used under <see cref="_keyLock"/>; signing uses copies from <see cref="_idle"/>.</summary>
    private readonly Lock _keyLock = new();
    private readonly ECDsa _key;

    /// <summary>The private key, kept to make the per-thread copies below.</summary>
    private readonly byte[] _pkcs8;

    /// <summary>Copies of the key not in use right now: each signing call takes one (or makes one) and puts it back,
    /// so concurrent signatures run on all cores without sharing an instance. Grows to the peak concurrency.</summary>
    private readonly ConcurrentBag<ECDsa> _idle = [];

    private volatile bool _disposed;

    /// <summary>Takes ownership of <paramref name="key"/>, whose curve must be P-256, P-384 or P-521.</summary>
    internal EcdsaLogSigner(ECDsa key)
    {
        var publicKey = LogKey.FromSpki(key.ExportSubjectPublicKeyInfo());
        if (publicKey.Algorithm is not (PublicKeyAlgorithm.EcdsaP256 or PublicKeyAlgorithm.EcdsaP384 or PublicKeyAlgorithm.EcdsaP521))
        {
            throw new ArgumentException($"not an ECDSA key: {publicKey.Algorithm}", nameof(key));
        }

        _key = key;
        _pkcs8 = key.ExportPkcs8PrivateKey();
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
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_idle.TryTake(out var key))
        {
            key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(_pkcs8, out _);
        }

        try
        {
            return ValueTask.FromResult(key.SignData(message.Span, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        }
        finally
        {
            _idle.Add(key);
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
            _disposed = true;
            _key.Dispose();
            while (_idle.TryTake(out var copy))
            {
                copy.Dispose();
            }

            CryptographicOperations.ZeroMemory(_pkcs8);
        }

        base.Dispose(disposing);
    }
}
