using System.Text.Json;
using Rekor.Core.Types;
using Rekor.Server.Logging;

namespace Rekor.Server.Attestations;

/// <summary>
/// The server's attestation storage as configured (<c>--enable_attestation_storage</c>): off (no store), or a store
/// with <c>--max_attestation_size</c>. The guarantee, stronger than Rekor's fire-and-forget write after the commit:
/// an entry's attestation is stored durably <em>before</em> the entry is appended, and if it cannot be stored the
/// entry is not logged (503), so every acknowledged entry that carries an attestation within the size limit has it.
/// Keys are content-addressed (<c>sha256:&lt;payloadHash&gt;</c>), so an attestation whose entry is then refused or
/// lost in a crash before its commit is only an orphan with the right name, never a wrong answer.
/// </summary>
public sealed class AttestationStorage(IAttestationStore? store, long maxSize, ILogger<AttestationStorage> logger)
{
    /// <summary>Storage turned off: nothing is kept, nothing is found.</summary>
    public static AttestationStorage Disabled { get; } = new(null, 0, Microsoft.Extensions.Logging.Abstractions.NullLogger<AttestationStorage>.Instance);

    public bool Enabled => store is not null;

    /// <summary>
    /// Stores <paramref name="entry"/>'s attestation (after its canonicalization) if storage is on and it fits.
    /// False when the store failed: the entry must then not be logged.
    /// </summary>
    public async Task<bool> KeepAsync(EntryImplementation entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (store is null || entry.Attestation is not { } attestation)
        {
            return true;
        }

        if (attestation.Data.Length > maxSize)
        {
            logger.AttestationTooLarge(attestation.Key, attestation.Data.Length, maxSize);
            return true;
        }

        try
        {
            await store.PutAsync(attestation.Key, attestation.Data, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.AttestationStoreFailed(attestation.Key, e);
            return false;
        }
    }

    /// <summary>
    /// The attestation of a logged entry (Rekor's GET and retrieve): under the key its canonical body derives, else
    /// under its UUID (where older Rekor servers filed some). Null when storage is off, none is stored, or the store
    /// cannot be read (the entry is still served: the attestation is outside the SET and optional).
    /// </summary>
    public async Task<byte[]?> FindAsync(ReadOnlyMemory<byte> body, string uuid, CancellationToken cancellationToken)
    {
        if (store is null)
        {
            return null;
        }

        var key = AttestationKeyOf(body);
        try
        {
            return (AttestationKeys.IsValid(key) ? await store.GetAsync(key!, cancellationToken) : null)
                ?? await store.GetAsync(uuid, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.AttestationReadFailed(key ?? uuid, e);
            return null;
        }
    }

    /// <summary>The key a logged body names for its attestation; null for kinds that keep none or a body that does not read.</summary>
    private static string? AttestationKeyOf(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return TypeMap.ReadProposedEntry(document.RootElement).Implementation?.AttestationKey;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
