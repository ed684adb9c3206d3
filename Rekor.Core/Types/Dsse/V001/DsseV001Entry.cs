using System.Text;
using Rekor.Core.Dsse;
using Rekor.Core.InToto;
using Rekor.Core.Models;
using Rekor.Core.Pki.X509;
using Rekor.Core.Pki;

namespace Rekor.Core.Types.Dsse.V001;

/// <summary>
/// dsse 0.0.1: any DSSE envelope; the log keeps its hashes and signatures, not the payload.
/// Its model, schema validation and registration are generated from schemas/dsse/; the behaviour this kind
/// overrides (validation, verification, canonicalization, index keys, building from an artifact) lives here.
/// </summary>
/// <remarks>
/// Follows Rekor's <c>pkg/types/dsse/v0.0.1/entry.go</c>. A proposed entry carries the envelope as a JSON string and
/// the verifiers; every signature must be verified by some verifier, and every verifier tried must verify one (keys
/// after the point where all signatures are verified are not read, as in Rekor). The canonical body keeps the sha256
/// of the exact envelope string, the sha256 of the decoded payload, and each distinct signature string with the
/// canonical PEM of the key that verified it, sorted by signature string. Nothing of the envelope is kept beyond
/// that, so no attestation is stored for dsse.
/// </remarks>
[EntryType("dsse", "0.0.1")]
public sealed partial class DsseV001Entry
{
    private const string Sha256Name = "sha256";

    /// <summary>
    /// The spec read and, for a proposed entry, the envelope verified: done once per instance, on first use, and kept
    /// (an instance serves one request at a time), so validation, canonicalization and the index keys share it.
    /// </summary>
    private EntryOutcome<DsseRecord>? _read;

    /// <summary>For a logged entry: the envelope text its holder says was logged (<see cref="WithEnvelope"/>), or null.</summary>
    private string? _heldEnvelope;

    /// <summary>One canonical signature: the envelope's signature text and the PEM of the key that verified it.</summary>
    private sealed record SignatureRecord(string Signature, byte[] VerifierPem, X509Verifier Verifier);

    /// <summary>
    /// What the log keeps of an entry, whether verified now (<see cref="Verified"/>: a proposed entry, with the in-toto
    /// digests of its payload) or read back from the log (hashes and signatures as logged, nothing verified).
    /// </summary>
    private sealed record DsseRecord(IReadOnlyList<SignatureRecord> Signatures, string PayloadHashHex, string EnvelopeHashHex, IReadOnlyList<string> StatementDigests, bool Verified);

    /// <summary>Rekor's <c>Unmarshal</c> and <c>Insertable</c>: a proposed envelope with verifiers, every signature verified.</summary>
    public override EntryOutcome Validate()
    {
        var read = Read();
        if (!read.Succeeded)
        {
            return new(read.Error);
        }

        return read.Value!.Verified ? EntryOutcome.Success : EntryOutcome.Fail(EntryErrorKind.InvalidInput, "entry not insertable into log: missing proposed content");
    }

    /// <summary>The canonical body of a verified proposed entry; a logged body (no envelope) is refused, since nothing in it can be verified.</summary>
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
    /// Re-derives the canonical body of an entry as the log returns it (signatures, envelope hash and payload hash,
    /// written as logged and sorted, as Rekor's <c>Canonicalize</c> does). For reading and comparing logged entries
    /// only: <see cref="CanonicalizeAsync"/> is the only way an entry may be admitted.
    /// </summary>
    public EntryOutcome<byte[]> CanonicalizeStoredEntry()
    {
        var read = Read();
        return read.Succeeded ? EntryOutcome<byte[]>.Success(Write(read.Value!)) : EntryOutcome<byte[]>.Fail(read.Error!);
    }

    /// <summary>
    /// Per signature the verifier's canonical-PEM hash as <c>sha256:&lt;hex&gt;</c> and its certificate's subjects, then
    /// <c>sha256:&lt;payloadHash&gt;</c> and <c>sha256:&lt;envelopeHash&gt;</c>; for a proposed in-toto envelope also every
    /// statement subject digest and predicate material digest. All lowercase.
    /// </summary>
    public override ValueTask<EntryOutcome<IReadOnlyList<string>>> IndexKeysAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var read = Read();
        if (!read.Succeeded)
        {
            return ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Fail(read.Error!));
        }

        var keys = new List<string>();
        foreach (var signature in read.Value!.Signatures)
        {
            var verifier = signature.Verifier;
            keys.Add($"{Sha256Name}:{verifier.CanonicalPemSha256Hex}");
            keys.AddRange(verifier.Subjects);
        }

        keys.Add($"{Sha256Name}:{read.Value.PayloadHashHex}");
        keys.Add($"{Sha256Name}:{read.Value.EnvelopeHashHex}");
        keys.AddRange(read.Value.StatementDigests);
        return ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Success([.. keys.Select(k => k.ToLowerInvariant())]));
    }

    /// <summary>
    /// Verifies a proposed entry's envelope. A logged dsse body keeps only hashes of the envelope and payload, so it
    /// cannot be verified from the log alone: without the envelope (<see cref="WithEnvelope"/>) that is a clear
    /// refusal, never a pass; with it, the envelope must be the one logged (its sha256 and its payload's) and every
    /// logged signature must verify over it with its logged verifier.
    /// </summary>
    public override ValueTask<EntryOutcome> VerifyAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var read = Read();
        if (!read.Succeeded)
        {
            return ValueTask.FromResult(new EntryOutcome(read.Error));
        }

        if (read.Value!.Verified)
        {
            return ValueTask.FromResult(EntryOutcome.Success);
        }

        return ValueTask.FromResult(_heldEnvelope is null
            ? EntryOutcome.Fail(EntryErrorKind.InvalidInput, NotVerifiableMessage)
            : VerifyLogged(read.Value, _heldEnvelope));
    }

    /// <summary>
    /// This logged entry with the envelope text its holder has (a bundle's DSSE envelope serialized as the client sent
    /// it), so that <see cref="VerifyAsync"/> can check the one against the other. Only a logged entry takes one.
    /// </summary>
    public DsseV001Entry WithEnvelope(string envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (Spec.ProposedContent is not null)
        {
            throw new InvalidOperationException("a proposed dsse entry carries its own envelope");
        }

        return new DsseV001Entry(Spec) { _heldEnvelope = envelope };
    }

    /// <summary>
    /// Client side (Rekor's <c>CreateFromArtifactProperties</c>): the envelope's JSON text (<see cref="ArtifactInput.Signature"/>,
    /// or <see cref="ArtifactInput.Artifact"/> as rekor-cli's <c>--artifact</c>) and the PEM keys or certificates
    /// (<see cref="ArtifactInput.VerificationMaterial"/> then <see cref="ArtifactInput.VerificationMaterials"/>). The
    /// envelope is sent byte for byte as given; the verifiers sent are the canonical PEMs of the keys that verified a
    /// signature, in envelope order. The entry is verified before it is returned.
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
            return Invalid("payload must be a valid DSSE envelope: " + parseError);
        }

        DecodedEnvelope.TryDecode(envelope, out var decoded, out var decodeError);
        if (!EnvelopeSigners.TryFind(artifact.Keys, decoded, decodeError, stopWhenAllSigned: true, out var signers, out var error))
        {
            return Invalid(error);
        }

        var verifiers = new List<byte[]>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < envelope.Signatures.Count; i++)
        {
            if (seen.Add(envelope.Signatures[i].Sig))
            {
                verifiers.Add(signers[i].CanonicalPem.ToArray());
            }
        }

        var entry = new DsseV001Entry(new DsseV001Schema
        {
            ProposedContent = new DsseV001SchemaProposedContent { Envelope = artifact.Text, Verifiers = verifiers },
        });
        var verified = entry.Read();
        return verified.Succeeded ? EntryOutcome<EntryImplementation>.Success(entry) : EntryOutcome<EntryImplementation>.Fail(verified.Error!);

        static EntryOutcome<EntryImplementation> Invalid(string message) => EntryOutcome<EntryImplementation>.Fail(EntryErrorKind.InvalidInput, message);
    }

    /// <summary>Checks a held envelope against a logged entry: the same envelope, the same payload, every logged signature verified.</summary>
    private static EntryOutcome VerifyLogged(DsseRecord logged, string envelopeText)
    {
        var envelopeHash = DigestAlgorithms.Sha256Hex(Encoding.UTF8.GetBytes(envelopeText));
        if (!string.Equals(envelopeHash, logged.EnvelopeHashHex, StringComparison.OrdinalIgnoreCase))
        {
            return Fail($"the envelope is not the one logged: its sha256 is {envelopeHash}, the entry logs {logged.EnvelopeHashHex}");
        }

        if (!DsseEnvelope.TryParse(envelopeText, out var envelope, out var parseError))
        {
            return Fail(parseError);
        }

        if (!DecodedEnvelope.TryDecode(envelope, out var decoded, out var decodeError))
        {
            return Fail(decodeError);
        }

        var payloadHash = DigestAlgorithms.Sha256Hex(decoded.Payload.Span);
        if (!string.Equals(payloadHash, logged.PayloadHashHex, StringComparison.OrdinalIgnoreCase))
        {
            return Fail($"the envelope's payload is not the one logged: its sha256 is {payloadHash}, the entry logs {logged.PayloadHashHex}");
        }

        foreach (var signature in logged.Signatures)
        {
            if (!envelope.Signatures.Any(s => s.Sig == signature.Signature)
                || !DsseBase64.TryDecodeStandardOrUrl(signature.Signature, out var signatureBytes)
                || !signature.Verifier.PublicKey.TryVerifyMessage(signatureBytes, decoded.SignedBytes.Span, out _))
            {
                return Fail($"logged signature {signature.Signature} does not verify over the envelope with its logged verifier");
            }
        }

        return EntryOutcome.Success;

        static EntryOutcome Fail(string message) => EntryOutcome.Fail(EntryErrorKind.InvalidInput, message);
    }

    private const string NotVerifiableMessage =
        "a logged dsse entry keeps only the hashes of its envelope and payload, so its signatures can only be verified with the envelope (WithEnvelope)";

    private static byte[] Write(DsseRecord record) =>
        CanonicalEntryJson.Write(KindName, SchemaVersion, spec =>
        {
            spec.WriteStartObject("envelopeHash");
            spec.WriteString("algorithm", Sha256Name);
            spec.WriteString("value", record.EnvelopeHashHex);
            spec.WriteEndObject();
            spec.WriteStartObject("payloadHash");
            spec.WriteString("algorithm", Sha256Name);
            spec.WriteString("value", record.PayloadHashHex);
            spec.WriteEndObject();
            spec.WriteStartArray("signatures");
            foreach (var signature in record.Signatures.OrderBy(s => s.Signature, StringComparer.Ordinal))
            {
                spec.WriteStartObject();
                spec.WriteString("signature", signature.Signature);
                spec.WriteBase64String("verifier", signature.VerifierPem);
                spec.WriteEndObject();
            }

            spec.WriteEndArray();
        });

    /// <summary>The spec as <see cref="ReadSpec"/> reads it, read once per instance.</summary>
    private EntryOutcome<DsseRecord> Read() => _read ??= ReadSpec();

    /// <summary>Rekor's <c>Unmarshal</c>, in its order, with its messages.</summary>
    private EntryOutcome<DsseRecord> ReadSpec()
    {
        var hasComputedFields = Spec.EnvelopeHash is not null || Spec.PayloadHash is not null || Spec.Signatures is { Count: > 0 };
        if (Spec.ProposedContent is not { } proposed)
        {
            return Spec.EnvelopeHash is null || Spec.PayloadHash is null || Spec.Signatures is not { Count: > 0 }
                ? Invalid("either proposedContent or envelopeHash, payloadHash, and signatures must be present")
                : ReadLogged();
        }

        if (hasComputedFields)
        {
            return Invalid("either proposedContent or envelopeHash, payloadHash, and signatures must be present but not both");
        }

        if (proposed.Envelope is null)
        {
            return Invalid("proposed content envelope is missing");
        }

        if (!DsseEnvelope.TryParse(proposed.Envelope, out var envelope, out var parseError))
        {
            return Invalid(parseError);
        }

        if (envelope.Signatures.Count == 0)
        {
            return Invalid("DSSE envelope must contain 1 or more signatures");
        }

        // Rekor drops empty verifier strings while reading the spec.
        var keys = (proposed.Verifiers ?? []).Where(v => v is { Length: > 0 }).Select(v => new ReadOnlyMemory<byte>(v)).ToList();
        DecodedEnvelope.TryDecode(envelope, out var decoded, out var decodeError);
        if (!EnvelopeSigners.TryFind(keys, decoded, decodeError, stopWhenAllSigned: true, out var signers, out var verifyError))
        {
            return Invalid(verifyError);
        }

        var signatures = new List<SignatureRecord>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < envelope.Signatures.Count; i++)
        {
            var text = envelope.Signatures[i].Sig;
            if (seen.Add(text))
            {
                signatures.Add(new SignatureRecord(text, signers[i].CanonicalPem.ToArray(), signers[i]));
            }
        }

        var payload = decoded!.Payload.Span;
        var statementDigests = envelope.PayloadType == InTotoStatementDigests.PayloadType
            ? InTotoStatementDigests.SubjectsAndPredicateMaterials(payload)
            : [];
        return EntryOutcome<DsseRecord>.Success(new DsseRecord(
            signatures,
            DigestAlgorithms.Sha256Hex(payload),
            DigestAlgorithms.Sha256Hex(Encoding.UTF8.GetBytes(proposed.Envelope)),
            statementDigests,
            Verified: true));
    }

    /// <summary>A logged body: the signatures and hashes as logged, each verifier read (the index keys need them).</summary>
    private EntryOutcome<DsseRecord> ReadLogged()
    {
        var signatures = new List<SignatureRecord>();
        foreach (var item in Spec.Signatures!)
        {
            if (item?.Signature is null)
            {
                return Invalid("canonical entry missing required signature");
            }

            if (item.Verifier is not { Length: > 0 } verifierPem)
            {
                return Invalid("missing or malformed public key");
            }

            if (!X509Verifier.TryParse(verifierPem, out var verifier, out var keyError))
            {
                return Invalid(keyError);
            }

            signatures.Add(new SignatureRecord(item.Signature, verifierPem, verifier));
        }

        return EntryOutcome<DsseRecord>.Success(new DsseRecord(signatures, Spec.PayloadHash!.Value, Spec.EnvelopeHash!.Value, [], Verified: false));
    }

    private static EntryOutcome<DsseRecord> Invalid(string message) => EntryOutcome<DsseRecord>.Fail(EntryErrorKind.InvalidInput, message);
}
