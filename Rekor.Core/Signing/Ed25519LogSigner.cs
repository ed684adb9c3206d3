using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Rfc8032;
using Rekor.Core.Pki;

namespace Rekor.Core.Signing;

/// <summary>
/// Signs with an Ed25519 key as Rekor does: pure Ed25519 (RFC 8032) over the message itself. Built on BouncyCastle's
/// raw Ed25519, as .NET 10 has none; BouncyCastle's private-key object is safe to sign with from several threads.
/// </summary>
public sealed class Ed25519LogSigner : InMemoryLogSigner
{
    public const int SeedLength = 32;

    /// <summary>The RFC 8410 PKCS#8 (version 0) DER up to the 32-byte seed, as OpenSSL and Go write it.</summary>
    private static ReadOnlySpan<byte> Pkcs8Prefix =>
        [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

    private readonly byte[] _seed;
    private readonly Ed25519PrivateKeyParameters _key;

    /// <summary>Set once by <see cref="Dispose(bool)"/>, which clears <see cref="_seed"/>; no use after that.</summary>
    private volatile bool _disposed;

    /// <summary>A signer for the private key with this 32-byte seed (RFC 8032's private key).</summary>
    public Ed25519LogSigner(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedLength)
        {
            throw new ArgumentException($"an Ed25519 private key is {SeedLength} bytes, not {seed.Length}", nameof(seed));
        }

        _seed = seed.ToArray();
        _key = new Ed25519PrivateKeyParameters(_seed, 0);
        PublicKey = LogKey.FromSpki(Ed25519Spki.Encode(_key.GeneratePublicKey().GetEncoded()));
    }

    public override LogKey PublicKey { get; }

    /// <summary>A new key from the system's cryptographic random source, held in memory.</summary>
    public static Ed25519LogSigner Generate()
    {
        Span<byte> seed = stackalloc byte[SeedLength];
        RandomNumberGenerator.Fill(seed);
        try
        {
            return new Ed25519LogSigner(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    public override ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> message, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ct.ThrowIfCancellationRequested();
        var signature = new byte[Ed25519.SignatureSize];
        if (MemoryMarshal.TryGetArray(message, out var segment) && segment.Array is not null)
        {
            _key.Sign(Ed25519.Algorithm.Ed25519, null, segment.Array, segment.Offset, segment.Count, signature, 0);
        }
        else
        {
            var copy = message.ToArray();
            _key.Sign(Ed25519.Algorithm.Ed25519, null, copy, 0, copy.Length, signature, 0);
        }

        return ValueTask.FromResult(signature);
    }

    public override byte[] ExportPkcs8PrivateKey()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return [.. Pkcs8Prefix, .. _seed];
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_seed);
        base.Dispose(disposing);
    }
}
