namespace Rekor.Server.Attestations;

/// <summary>
/// Where attestations live, outside the Merkle tree (Rekor's <c>pkg/storage</c>: a blob bucket). Keys are
/// <see cref="AttestationKeys"/>-checked strings such as <c>sha256:&lt;hex&gt;</c> or an entry UUID; values are opaque
/// bytes. Implementations: <see cref="SqliteAttestationStore"/> (the embedded default) and
/// <see cref="FileAttestationStore"/> (<c>file://</c>); an object store (gs://, s3://) is one more implementation.
/// </summary>
public interface IAttestationStore
{
    /// <summary>
    /// Stores <paramref name="data"/> under <paramref name="key"/>, replacing what was there; durable when the task
    /// completes (a crash afterwards cannot lose it). Throws when it cannot store: the caller then logs nothing.
    /// </summary>
    Task PutAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>The bytes stored under <paramref name="key"/>, or null when there are none.</summary>
    Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken);
}
