namespace Rekor.Core.Signing;

/// <summary>
/// Signs SETs and checkpoints for one log (shard). Every implementation signs as Rekor's signers do, so that
/// <see cref="LogKey.Verify"/> (and every Sigstore client) accepts the result:
/// <list type="bullet">
/// <item>ECDSA (any curve): ASN.1 DER signature over SHA-256 of the message;</item>
/// <item>RSA: PKCS#1 v1.5 over SHA-256 of the message;</item>
/// <item>Ed25519: pure Ed25519 over the message.</item>
/// </list>
/// Implementations are safe to call concurrently.
/// </summary>
public interface ILogSigner
{
    /// <summary>The public half; its <see cref="LogKey.LogId"/> is the log ID of everything signed.</summary>
    LogKey PublicKey { get; }

    /// <summary>Signs <paramref name="message"/> (the exact bytes; hashing, if any, is the signer's job).</summary>
    ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> message, CancellationToken ct);
}
