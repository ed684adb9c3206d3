using System.Text;
using Rekor.Core.Dsse;
using Rekor.Core.InToto;
using Rekor.Core.Models;
using Rekor.Core.Pki.X509;
using Rekor.Core.Pki;

namespace Rekor.Core.Types.Intoto.V001;

/// <summary>
/// intoto 0.0.1: an in-toto attestation in a DSSE envelope, signed by one key (the older intoto form).
/// Its model, schema validation and registration are generated from schemas/intoto/; the behaviour this kind
/// overrides (validation, verification, canonicalization, index keys, building from an artifact) lives here.
/// </summary>
/// <remarks>
/// Follows Rekor's <c>pkg/types/intoto/v0.0.1/entry.go</c>. The envelope arrives as a JSON string with one x509 key;
/// it verifies when one signature verifies with that key (sigstore's DSSE verifier, which knows its key, so a
/// signature whose non-empty keyid is not the key's SSH SHA-256 fingerprint is not tried). The client's hashes are
/// ignored: the canonical body keeps the key's canonical PEM, the sha256 of the envelope string and the sha256 of the
/// decoded payload; the decoded payload is the attestation the log may store under <c>sha256:&lt;payloadHash&gt;</c>.
/// </remarks>
[EntryType("intoto", "0.0.1")]
public sealed partial class IntotoV001Entry
{
    private const string Sha256Name = "sha256";

    /// <summary>The spec read and, for a proposed entry, the envelope verified: done once per instance, on first use, and kept.</summary>
    private EntryOutcome<IntotoRecord>? _read;

    /// <summary>Set by <see cref="WithEnvelope"/>: the envelope hash the log recorded, which the envelope put back must match.</summary>
    private string? _loggedEnvelopeHashHex;

    /// <summary>
    /// The entry as read: for a proposed entry (<see cref="Envelope"/> not null) verified, its hashes computed; for a
    /// logged one the hashes as logged (old entries have no payload hash), nothing verified.
    /// </summary>
    private sealed record IntotoRecord(X509Verifier Key, string HashAlgorithm, string HashHex, string? PayloadHashAlgorithm, string? PayloadHashHex, DsseEnvelope? Envelope, byte[]? Payload)
    {
        public bool Verified => Envelope is not null;
    }

    /// <summary>Rekor's <c>Unmarshal</c> (which verifies the envelope) and <c>Insertable</c>.</summary>
    public override EntryOutcome Validate()
    {
        var read = Read();
        if (!read.Succeeded)
        {
            return new(read.Error);
        }

        var record = read.Value!;
        if (!record.Verified)
        {
            return NotInsertable("missing envelope content");
        }

        var envelope = record.Envelope!;
        return envelope.Payload.Length == 0 || envelope.PayloadType.Length == 0 || envelope.Signatures.Count == 0
            ? NotInsertable("invalid DSSE envelope")
            : EntryOutcome.Success;

        static EntryOutcome NotInsertable(string reason) => EntryOutcome.Fail(EntryErrorKind.InvalidInput, "entry not insertable into log: " + reason);
    }

    /// <summary>The canonical body of a verified proposed entry; a logged body is refused, since nothing in it can be verified.</summary>
    public override ValueTask<EntryOutcome<byte[]>> CanonicalizeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var read = Read();
        if (!read.Succeeded)
        {
            return ValueTask.FromResult(EntryOutcome<byte[]>.Fail(read.Error!));
        }

        return ValueTask.FromResult(read.Value!.Verified
            ? EntryOutcome<byte[]>.Success(Write(read.Value))
            : EntryOutcome<byte[]>.Fail(EntryErrorKind.InvalidInput, NotVerifiableMessage));
    }

    /// <summary>
    /// Re-derives the canonical body of an entry as the log returns it: the key re-encoded, the hashes kept. For
    /// reading and comparing logged entries only: <see cref="CanonicalizeAsync"/> is the only way an entry may be admitted.
    /// </summary>
    public EntryOutcome<byte[]> CanonicalizeStoredEntry()
    {
        var read = Read();
        return read.Succeeded ? EntryOutcome<byte[]>.Success(Write(read.Value!)) : EntryOutcome<byte[]>.Fail(read.Error!);
    }

    /// <summary>
    /// <c>sha256:&lt;envelope hash&gt;</c>, <c>sha256:&lt;canonical key hash&gt;</c>, the certificate's subjects,
    /// <c>sha256:&lt;payloadHash&gt;</c>, and for a proposed in-toto payload the statement's subject digests and SLSA 0.2
    /// material digests (none if the payload does not read as a statement). All lowercase.
    /// </summary>
    public override ValueTask<EntryOutcome<IReadOnlyList<string>>> IndexKeysAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var read = Read();
        if (!read.Succeeded)
        {
            return ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Fail(read.Error!));
        }

        var record = read.Value!;
        List<string> keys = [$"{record.HashAlgorithm}:{record.HashHex}", $"{Sha256Name}:{record.Key.CanonicalPemSha256Hex}", .. record.Key.Subjects];
        if (record.PayloadHashHex is { } payloadHash)
        {
            keys.Add($"{record.PayloadHashAlgorithm}:{payloadHash}");
        }

        if (record.Payload is { } payload)
        {
            keys.AddRange(InTotoStatementDigests.IntotoIndexKeys(record.Envelope!.PayloadType, payload));
        }

        return ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Success([.. keys.Select(k => k.ToLowerInvariant())]));
    }

    /// <summary>
    /// Verifies a proposed entry's envelope. A logged body has no envelope, so it cannot be verified as it is: a clear
    /// refusal, never a pass; with the envelope put back (<see cref="WithEnvelope"/>) it is verified with the logged
    /// key and must be the envelope logged (its sha256).
    /// </summary>
    public override ValueTask<EntryOutcome> VerifyAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var read = Read();
        if (!read.Succeeded)
        {
            return ValueTask.FromResult(new EntryOutcome(read.Error));
        }

        var record = read.Value!;
        if (!record.Verified)
        {
            return ValueTask.FromResult(EntryOutcome.Fail(EntryErrorKind.InvalidInput, NotVerifiableMessage));
        }

        return ValueTask.FromResult(_loggedEnvelopeHashHex is { } logged && !string.Equals(logged, record.HashHex, StringComparison.OrdinalIgnoreCase)
            ? EntryOutcome.Fail(EntryErrorKind.InvalidInput, $"the envelope is not the one logged: its sha256 is {record.HashHex}, the entry logs {logged}")
            : EntryOutcome.Success);
    }

    /// <summary>This logged entry with the envelope text put back, so that <see cref="VerifyAsync"/> can verify it with the logged key.</summary>
    public IntotoV001Entry WithEnvelope(string envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (Spec.Content?.Hash?.Value is not { } loggedHash || !string.IsNullOrEmpty(Spec.Content.Envelope))
        {
            throw new InvalidOperationException("only a logged intoto 0.0.1 entry, which records its envelope hash, takes an envelope");
        }

        return new IntotoV001Entry(new IntotoV001Schema { PublicKey = Spec.PublicKey, Content = new IntotoV001SchemaContent { Envelope = envelope } })
        {
            _loggedEnvelopeHashHex = loggedHash,
        };
    }

    /// <summary>The decoded DSSE payload of a verified proposed entry, under <c>sha256:&lt;payloadHash&gt;</c>.</summary>
    public override EntryAttestation? Attestation =>
        Read() is { Succeeded: true, Value.Payload: { } payload } ? new EntryAttestation(AttestationKey!, payload) : null;

    /// <summary>Rekor's <c>AttestationKey</c>: <c>&lt;algorithm&gt;:&lt;value&gt;</c> of the payload hash (as logged, case kept); null for old entries without one.</summary>
    public override string? AttestationKey =>
        Read() is { Succeeded: true, Value: { PayloadHashHex: { } hash } record } ? $"{record.PayloadHashAlgorithm}:{hash}" : null;

    /// <summary>
    /// Client side (Rekor's <c>CreateFromArtifactProperties</c>): the envelope's JSON text (<see cref="ArtifactInput.Signature"/>,
    /// or <see cref="ArtifactInput.Artifact"/> as rekor-cli's <c>--artifact</c>) and exactly one PEM key or certificate,
    /// sent as given. Rekor's client sends <c>hash</c> too (the log recomputes it); the entry is verified before it is returned.
    /// </summary>
    public static EntryOutcome<EntryImplementation> FromArtifact(ArtifactInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!EnvelopeArtifact.TryRead(input, out var artifact, out var inputError))
        {
            return Invalid(inputError);
        }

        if (artifact.Keys.Count != 1)
        {
            return Invalid("only one public key must be provided");
        }

        var entry = new IntotoV001Entry(new IntotoV001Schema
        {
            PublicKey = artifact.Keys[0].ToArray(),
            Content = new IntotoV001SchemaContent
            {
                Envelope = artifact.Text,
                Hash = new IntotoV001SchemaContentHash { Algorithm = Sha256Name, Value = DigestAlgorithms.Sha256Hex(artifact.Bytes.Span) },
            },
        });
        var verified = entry.Validate();
        return verified.Succeeded ? EntryOutcome<EntryImplementation>.Success(entry) : EntryOutcome<EntryImplementation>.Fail(verified.Error!);

        static EntryOutcome<EntryImplementation> Invalid(string message) => EntryOutcome<EntryImplementation>.Fail(EntryErrorKind.InvalidInput, message);
    }

    private const string NotVerifiableMessage =
        "a logged intoto 0.0.1 entry keeps only the hashes of its envelope and payload, so its signature can only be verified with the envelope (WithEnvelope)";

    private static byte[] Write(IntotoRecord record) =>
        CanonicalEntryJson.Write(KindName, SchemaVersion, spec =>
        {
            spec.WriteStartObject("content");
            spec.WriteStartObject("hash");
            spec.WriteString("algorithm", record.HashAlgorithm);
            spec.WriteString("value", record.HashHex);
            spec.WriteEndObject();
            if (record.PayloadHashHex is { } payloadHash)
            {
                spec.WriteStartObject("payloadHash");
                spec.WriteString("algorithm", record.PayloadHashAlgorithm);
                spec.WriteString("value", payloadHash);
                spec.WriteEndObject();
            }

            spec.WriteEndObject();
            spec.WriteBase64String("publicKey", record.Key.CanonicalPem);
        });

    /// <summary>The spec as <see cref="ReadSpec"/> reads it, read once per instance.</summary>
    private EntryOutcome<IntotoRecord> Read() => _read ??= ReadSpec();

    /// <summary>Rekor's <c>Unmarshal</c> and <c>validate</c>, in their order, with their messages.</summary>
    private EntryOutcome<IntotoRecord> ReadSpec()
    {
        if (Spec.PublicKey is not { Length: > 0 } keyPem)
        {
            return Invalid("missing public key in intoto v0.0.1 entry");
        }

        if (!X509Verifier.TryParse(keyPem, out var key, out var keyError))
        {
            return Invalid(keyError);
        }

        if (Spec.Content is not { } content)
        {
            return Invalid("missing content in intoto v0.0.1 entry");
        }

        if (string.IsNullOrEmpty(content.Envelope))
        {
            // A logged body: the hashes as logged, nothing to verify.
            return content.Hash is not { } hash
                ? Invalid("missing hash value for envelope")
                : EntryOutcome<IntotoRecord>.Success(new IntotoRecord(
                    key, hash.Algorithm, hash.Value, content.PayloadHash?.Algorithm, content.PayloadHash?.Value, Envelope: null, Payload: null));
        }

        if (key.PublicKey.Algorithm == PublicKeyAlgorithm.Unsupported)
        {
            return Invalid("unsupported public key type");
        }

        if (!DsseEnvelope.TryParse(content.Envelope, out var envelope, out var parseError))
        {
            return Invalid(parseError);
        }

        if (!DecodedEnvelope.TryDecode(envelope, out var decoded, out var decodeError))
        {
            return Invalid(decodeError);
        }

        if (decoded.FirstAcceptedBy(
                (signature, signedBytes) => key.PublicKey.TryVerifyMessage(signature, signedBytes, out _), DsseKeyId.Sha256Fingerprint(key.PublicKey), out var verifyError) < 0)
        {
            return Invalid(verifyError!);
        }

        // The signature accepts the URL-safe alphabet too; the payload itself is read with the standard one only.
        if (!DsseBase64.TryDecodeStandard(envelope.Payload, out var payload))
        {
            return Invalid("illegal base64 data in the envelope payload");
        }

        return EntryOutcome<IntotoRecord>.Success(new IntotoRecord(
            key,
            Sha256Name,
            DigestAlgorithms.Sha256Hex(Encoding.UTF8.GetBytes(content.Envelope)),
            Sha256Name,
            DigestAlgorithms.Sha256Hex(payload),
            envelope,
            payload));
    }

    private static EntryOutcome<IntotoRecord> Invalid(string message) => EntryOutcome<IntotoRecord>.Fail(EntryErrorKind.InvalidInput, message);
}
