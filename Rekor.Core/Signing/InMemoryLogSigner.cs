namespace Rekor.Core.Signing;

/// <summary>
/// A log signer whose private key lives in this process (generated, or loaded from a PEM file), as opposed to one
/// that asks a KMS. It can hand its key out as PKCS#8 so a server can keep a generated key (<see cref="LogSignerPem"/>).
/// Owns its key material: dispose it when the log stops using it.
/// </summary>
public abstract class InMemoryLogSigner : ILogSigner, IDisposable
{
    private protected InMemoryLogSigner()
    {
    }

    public abstract LogKey PublicKey { get; }

    public abstract ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> message, CancellationToken ct);

    /// <summary>The private key as unencrypted DER PKCS#8 (RFC 5208 version 0). The caller owns the array and
    /// should clear it when done.</summary>
    public abstract byte[] ExportPkcs8PrivateKey();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
