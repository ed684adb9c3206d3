using System.Security.Cryptography;

namespace Rekor.Core.Signing;

/// <summary>Signs with an RSA key as Rekor does: PKCS#1 v1.5 over SHA-256 of the message.</summary>
public sealed class RsaLogSigner : InMemoryLogSigner
{
    /// <summary>Smaller keys are refused: NIST has disallowed them for signatures since 2013.</summary>
    public const int MinimumKeySizeBits = 2048;

    /// <summary>The key. .NET does not promise that one RSA instance may sign on several threads at once, so every
    /// use of it holds this lock.</summary>
    private readonly Lock _keyLock = new();
    private readonly RSA _key;

    /// <summary>Takes ownership of <paramref name="key"/>.</summary>
    internal RsaLogSigner(RSA key)
    {
        if (key.KeySize < MinimumKeySizeBits)
        {
            throw new ArgumentException($"an RSA log key needs at least {MinimumKeySizeBits} bits, not {key.KeySize}", nameof(key));
        }

        _key = key;
        PublicKey = LogKey.FromSpki(key.ExportSubjectPublicKeyInfo());
    }

    public override LogKey PublicKey { get; }

    /// <summary>A new key of <paramref name="keySizeBits"/> bits, held in memory.</summary>
    public static RsaLogSigner Generate(int keySizeBits = MinimumKeySizeBits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keySizeBits, MinimumKeySizeBits);
        return new RsaLogSigner(RSA.Create(keySizeBits));
    }

    public override ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> message, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        lock (_keyLock)
        {
            return ValueTask.FromResult(_key.SignData(message.Span, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
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
