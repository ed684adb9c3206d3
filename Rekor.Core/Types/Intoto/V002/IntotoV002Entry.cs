using System.Text;
using Rekor.Core.Dsse;
using Rekor.Core.InToto;
using Rekor.Core.Models;
using Rekor.Core.Pki.X509;
using Rekor.Core.Pki;

namespace Rekor.Core.Types.Intoto.V002;

/// <summary>
/// intoto 0.0.2: an in-toto attestation in a DSSE envelope with one or more signatures.
/// Its model, schema validation and registration are generated from schemas/intoto/; the behaviour this kind
/// overrides (validation, verification, canonicalization, index keys, building from an artifact) lives here.
/// </summary>
/// <remarks>
/// Follows Rekor's <c>pkg/types/intoto/v0.0.2/entry.go</c>. The envelope arrives as an object whose payload and
/// signatures are base64 of the DSSE base64 texts (clients encode twice), each signature with its own x509 key; every
/// key must verify a signature and every signature must be verified. The canonical body keeps the payload type, the
/// signatures and keys exactly as sent (keys not re-encoded, an empty keyid omitted), the client's <c>hash</c> (never
/// checked, but required: Rekor fails with a 500 without it, this log with a 400) and the payload's sha256; the decoded payload is the
/// attestation the log may store under <c>sha256:&lt;payloadHash&gt;</c>.
/// </remarks>
[EntryType("intoto", "0.0.2")]
public sealed partial class IntotoV002Entry
{
    private const string Sha256Name = "sha256";

    /// <summary>The spec read and, for a proposed entry, the envelope verified: done once per instance, on first use, and kept.</summary>
    private EntryOutcome<IntotoRecord>? _read;

    /// <summary>Set by <see cref="WithPayload"/>: the payload hash the log recorded, which the payload put back must match.</summary>
    private string? _loggedPayloadHashHex;

    /// <summary>One signature as sent: key hint (empty when none), the signature's DSSE text and the key's PEM, both as bytes.</summary>
    private sealed record SignatureRecord(string KeyId, byte[] SigText, byte[] PublicKeyPem);

    /// <summary>
    /// The entry as read: for a proposed entry (<see cref="Payload"/> not null) verified, with its payload hash computed;
    /// for a logged one (no payload) as logged, nothing verified.
    /// </summary>
    private sealed record IntotoRecord(
        string PayloadType, IReadOnlyList<SignatureRecord> Signatures, IntotoV002SchemaContentHash? Hash, string? PayloadHashHex, byte[]? Payload)
    {
        public bool Verified => Payload is not null;
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

        return record.PayloadType.Length == 0 ? NotInsertable("missing payloadType content") : EntryOutcome.Success;

        static EntryOutcome NotInsertable(string reason) => EntryOutcome.Fail(EntryErrorKind.InvalidInput, "entry not insertable into log: " + reason);
    }

    /// <summary>
    /// The canonical body of a verified proposed entry; a logged body is refused. A proposed entry without
    /// <c>content.hash</c> is refused after its signatures verify, where Rekor fails it: Rekor answers that with a 500
    /// ("error generating canonicalized entry"), this log with a 400 ("missing envelope digest"), because a request
    /// the client can fix is never a server error here (and a 500 is what monitors page on).
    /// </summary>
    public override ValueTask<EntryOutcome<byte[]>> CanonicalizeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var read = Read();
        if (!read.Succeeded)
        {
            return ValueTask.FromResult(EntryOutcome<byte[]>.Fail(read.Error!));
        }

        return ValueTask.FromResult(read.Value!.Verified
            ? Write(read.Value)
            : EntryOutcome<byte[]>.Fail(EntryErrorKind.InvalidInput, NotVerifiableMessage));
    }

    /// <summary>
    /// Re-derives the canonical body of an entry as the log returns it (everything it keeps is in the body). For
    /// reading and comparing logged entries only: <see cref="CanonicalizeAsync"/> is the only way an entry may be admitted.
    /// </summary>
    public EntryOutcome<byte[]> CanonicalizeStoredEntry()
    {
        var read = Read();
        return read.Succeeded ? Write(read.Value!) : EntryOutcome<byte[]>.Fail(read.Error!);
    }

    /// <summary>
    /// Per signature <c>sha256:&lt;canonical key hash&gt;</c> and the certificate's subjects, then <c>sha256:&lt;payloadHash&gt;</c>;
    /// for a proposed in-toto payload also the statement's subject digests and SLSA 0.2 material digests. All lowercase.
    /// </summary>
    /// <remarks>
    /// Rekor computes these after the entry is logged and drops them all if its statement reading fails (a payload
    /// that is not an in-toto statement under the in-toto type); here the keys found before that point are kept, so
    /// the entry is still admitted, as in Rekor, and still findable by its key and payload hash.
    /// </remarks>
    public override ValueTask<EntryOutcome<IReadOnlyList<string>>> IndexKeysAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var read = Read();
        if (!read.Succeeded)
        {
            return ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Fail(read.Error!));
        }

        var record = read.Value!;
        var keys = new List<string>();
        foreach (var signature in record.Signatures)
        {
            if (!X509Verifier.TryParse(signature.PublicKeyPem, out var verifier, out var keyError))
            {
                return ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Fail(EntryErrorKind.InvalidInput, keyError));
            }

            keys.Add($"{Sha256Name}:{verifier.CanonicalPemSha256Hex}");
            keys.AddRange(verifier.Subjects);
        }

        if (record.PayloadHashHex is { } payloadHash)
        {
            keys.Add($"{Sha256Name}:{payloadHash}");
        }

        if (record.Payload is { } payload)
        {
            keys.AddRange(InTotoStatementDigests.IntotoIndexKeys(record.PayloadType, payload));
        }

        return ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Success([.. keys.Select(k => k.ToLowerInvariant())]));
    }

    /// <summary>
    /// Verifies a proposed entry's envelope. A logged body has no payload, so it cannot be verified as it is: a clear
    /// refusal, never a pass; with the payload put back (<see cref="WithPayload"/>) its logged signatures and keys are
    /// verified over it and its hash must be the logged one.
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

        return ValueTask.FromResult(_loggedPayloadHashHex is { } logged && !string.Equals(logged, record.PayloadHashHex, StringComparison.OrdinalIgnoreCase)
            ? EntryOutcome.Fail(EntryErrorKind.InvalidInput, $"the payload is not the one logged: its sha256 is {record.PayloadHashHex}, the entry logs {logged}")
            : EntryOutcome.Success);
    }

    /// <summary>
    /// This logged entry with the envelope's payload put back (its DSSE base64 text, e.g. a bundle's
    /// <c>dsseEnvelope.payload</c>), so that <see cref="VerifyAsync"/> can verify the logged signatures over it.
    /// </summary>
    public IntotoV002Entry WithPayload(string payloadBase64)
    {
        ArgumentNullException.ThrowIfNull(payloadBase64);
        if (Spec.Content?.Envelope is not { } envelope || Spec.Content.PayloadHash?.Value is not { } loggedHash)
        {
            throw new InvalidOperationException("only a logged intoto 0.0.2 entry, which records its payload hash, takes a payload");
        }

        var content = new IntotoV002SchemaContent
        {
            Envelope = new IntotoV002SchemaContentEnvelope
            {
                Payload = Encoding.UTF8.GetBytes(payloadBase64),
                PayloadType = envelope.PayloadType,
                Signatures = envelope.Signatures,
            },
            Hash = Spec.Content.Hash,
        };
        return new IntotoV002Entry(new IntotoV002Schema { Content = content }) { _loggedPayloadHashHex = loggedHash };
    }

    /// <summary>The decoded DSSE payload of a verified proposed entry, under <c>sha256:&lt;payloadHash&gt;</c>.</summary>
    public override EntryAttestation? Attestation =>
        Read() is { Succeeded: true, Value: { Payload: { } payload, PayloadHashHex: { } hash } } ? new EntryAttestation($"{Sha256Name}:{hash}", payload) : null;

    /// <summary>Rekor's <c>AttestationKey</c>: <c>&lt;algorithm&gt;:&lt;value&gt;</c> of the payload hash (as logged, case kept).</summary>
    public override string? AttestationKey
    {
        get
        {
            var read = Read();
            if (!read.Succeeded)
            {
                return null;
            }

            if (read.Value!.Verified)
            {
                return $"{Sha256Name}:{read.Value.PayloadHashHex}";
            }

            return Spec.Content?.PayloadHash is { Algorithm: { } algorithm, Value: { } value } ? $"{algorithm}:{value}" : null;
        }
    }

    /// <summary>
    /// Client side (Rekor's <c>CreateFromArtifactProperties</c>): the envelope's JSON text (<see cref="ArtifactInput.Signature"/>,
    /// or <see cref="ArtifactInput.Artifact"/> as rekor-cli's <c>--artifact</c>) and the PEM keys or certificates
    /// (<see cref="ArtifactInput.VerificationMaterial"/> then <see cref="ArtifactInput.VerificationMaterials"/>), every one
    /// of which must verify a signature. Each signature is sent with the canonical PEM of its key, and <c>hash</c> is the
    /// sha256 of the envelope text as given (Rekor's client; sigstore-js hashes differently, and the log never checks).
    /// </summary>
    public static EntryOutcome<EntryImplementation> FromArtifact(ArtifactInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!EnvelopeArtifact.TryRead(input, out var artifact, out var inputError))
        {
            return Invalid(inputError);
        }

        if (!DsseEnvelope.TryParse(artifact.Text, out var envelope, out var parseError))
        {
            return Invalid("payload must be a valid dsse envelope: " + parseError);
        }

        DecodedEnvelope.TryDecode(envelope, out var decoded, out var decodeError);
        if (!EnvelopeSigners.TryFind(artifact.Keys, decoded, decodeError, stopWhenAllSigned: false, out var signers, out var error))
        {
            return Invalid(error);
        }

        var entry = new IntotoV002Entry(new IntotoV002Schema
        {
            Content = new IntotoV002SchemaContent
            {
                Envelope = new IntotoV002SchemaContentEnvelope
                {
                    Payload = Encoding.UTF8.GetBytes(envelope.Payload),
                    PayloadType = envelope.PayloadType,
                    Signatures = [.. envelope.Signatures.Select((s, i) => new IntotoV002SchemaContentEnvelopeSignaturesItem
                    {
                        Keyid = s.KeyId.Length == 0 ? null : s.KeyId,
                        Sig = Encoding.UTF8.GetBytes(s.Sig),
                        PublicKey = signers[i].CanonicalPem.ToArray(),
                    })],
                },
                Hash = new IntotoV002SchemaContentHash { Algorithm = Sha256Name, Value = DigestAlgorithms.Sha256Hex(artifact.Bytes.Span) },
            },
        });
        var verified = entry.Read();
        return verified.Succeeded ? EntryOutcome<EntryImplementation>.Success(entry) : EntryOutcome<EntryImplementation>.Fail(verified.Error!);

        static EntryOutcome<EntryImplementation> Invalid(string message) => EntryOutcome<EntryImplementation>.Fail(EntryErrorKind.InvalidInput, message);
    }

    private const string NotVerifiableMessage =
        "a logged intoto 0.0.2 entry does not keep its payload, so its signatures can only be verified with the envelope's payload (WithPayload)";

    /// <summary>Rekor's <c>Canonicalize</c>, its checks in its order.</summary>
    private static EntryOutcome<byte[]> Write(IntotoRecord record)
    {
        if (record.Hash is not { } hash)
        {
            return EntryOutcome<byte[]>.Fail(EntryErrorKind.InvalidInput, "missing envelope digest");
        }

        if (record.PayloadHashHex is not { } payloadHash)
        {
            return EntryOutcome<byte[]>.Fail(EntryErrorKind.InvalidInput, "missing payload digest");
        }

        if (record.Signatures.Count == 0)
        {
            return EntryOutcome<byte[]>.Fail(EntryErrorKind.InvalidInput, "missing signatures");
        }

        return EntryOutcome<byte[]>.Success(CanonicalEntryJson.Write(KindName, SchemaVersion, spec =>
        {
            spec.WriteStartObject("content");
            spec.WriteStartObject("envelope");
            spec.WriteString("payloadType", record.PayloadType);
            spec.WriteStartArray("signatures");
            foreach (var signature in record.Signatures)
            {
                spec.WriteStartObject();
                if (signature.KeyId.Length > 0)
                {
                    spec.WriteString("keyid", signature.KeyId);
                }

                spec.WriteBase64String("publicKey", signature.PublicKeyPem);
                spec.WriteBase64String("sig", signature.SigText);
                spec.WriteEndObject();
            }

            spec.WriteEndArray();
            spec.WriteEndObject();
            spec.WriteStartObject("hash");
            spec.WriteString("algorithm", hash.Algorithm);
            spec.WriteString("value", hash.Value);
            spec.WriteEndObject();
            spec.WriteStartObject("payloadHash");
            spec.WriteString("algorithm", Sha256Name);
            spec.WriteString("value", payloadHash);
            spec.WriteEndObject();
            spec.WriteEndObject();
        }));
    }

    /// <summary>The spec as <see cref="ReadSpec"/> reads it, read once per instance.</summary>
    private EntryOutcome<IntotoRecord> Read() => _read ??= ReadSpec();

    /// <summary>Rekor's <c>Unmarshal</c>, in its order, with its messages.</summary>
    private EntryOutcome<IntotoRecord> ReadSpec()
    {
        if (Spec.Content?.Envelope is not { } envelope)
        {
            return Invalid("missing content or envelope in intoto v0.0.2 entry");
        }

        var signatures = (envelope.Signatures ?? [])
            .Where(s => s is not null)
            .Select(s => new SignatureRecord(s.Keyid ?? string.Empty, s.Sig ?? [], s.PublicKey ?? []))
            .ToList();
        if (envelope.Payload is not { Length: > 0 } payloadText)
        {
            // A logged body: nothing to verify, the payload hash as logged.
            return EntryOutcome<IntotoRecord>.Success(new IntotoRecord(
                envelope.PayloadType ?? string.Empty, signatures, Spec.Content.Hash, Spec.Content.PayloadHash?.Value, Payload: null));
        }

        if (envelope.PayloadType is null)
        {
            return Invalid("missing payload type in intoto v0.0.2 entry");
        }

        DecodedEnvelope.TryDecode(envelope.PayloadType, payloadText, [.. signatures.Select(s => (s.KeyId, s.SigText))], out var decoded, out var decodeError);
        if (!EnvelopeSigners.TryFind([.. signatures.Select(s => new ReadOnlyMemory<byte>(s.PublicKeyPem))], decoded, decodeError, stopWhenAllSigned: false, out _, out var error))
        {
            return Invalid(error);
        }

        // The signatures accept the URL-safe alphabet too; the payload hash is over the standard decoding only.
        if (!DsseBase64.TryDecodeStandard(payloadText, out var payload))
        {
            return Invalid("could not decode envelope payload: illegal base64 data");
        }

        return EntryOutcome<IntotoRecord>.Success(new IntotoRecord(
            envelope.PayloadType, signatures, Spec.Content.Hash, DigestAlgorithms.Sha256Hex(payload), payload));
    }

    private static EntryOutcome<IntotoRecord> Invalid(string message) => EntryOutcome<IntotoRecord>.Fail(EntryErrorKind.InvalidInput, message);
}
