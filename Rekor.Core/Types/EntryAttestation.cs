namespace Rekor.Core.Types;

/// <summary>
/// An attestation an entry hands to the log to keep beside it, outside the Merkle tree (Rekor's
/// <c>AttestationKeyValue</c>): intoto's decoded DSSE payload, cose's whole message. <see cref="Key"/> is the same
/// string <see cref="EntryImplementation.AttestationKey"/> derives from the entry's canonical body, so a reader of the
/// log finds the attestation again from the logged entry alone.
/// </summary>
/// <param name="Key">The storage key, e.g. <c>sha256:&lt;payloadHash&gt;</c>: content-addressed, so writing it twice is harmless.</param>
/// <param name="Data">The attestation's bytes, exactly as the client sent them (after transport decoding).</param>
public sealed record EntryAttestation(string Key, ReadOnlyMemory<byte> Data);
