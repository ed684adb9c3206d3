using System.Security.Cryptography;
using Rekor.Core.Cose;
using Rekor.Core.InToto;
using Rekor.Core.Models;
using Rekor.Core.Pki;
using Rekor.Core.Pki.X509;

namespace Rekor.Core.Types.Cose.V001;

/// <summary>
/// cose 0.0.1: a COSE_Sign1 message signed with an x509 key.
/// Its model, schema validation and registration are generated from schemas/cose/; the behaviour this kind
/// overrides (validation, verification, canonicalization, index keys, building from an artifact) lives here.
/// </summary>
/// <remarks>
/// Follows Rekor's <c>pkg/types/cose/v0.0.1/entry.go</c> with go-cose v1.3.0. The algorithm is chosen by the key, never
/// by the message: an RSA key (2048 bits or more) verifies PS256, an ECDSA P-256 key ES256, anything else is refused;
/// the message's protected <c>alg</c> must then name that algorithm (or be absent when external AAD is sent). The
/// canonical body keeps the canonical PEM of the key and the sha256 of the payload and of the whole message; the
/// message is the attestation the log may store under <c>sha256:&lt;envelopeHash&gt;</c>.
/// </remarks>
[EntryType("cose", "0.0.1")]
public sealed partial class CoseV001Entry
{
    private const string Sha256Name = "sha256";

    /// <summary>The spec read and, for a proposed entry, the message verified: done once per instance, on first use, and kept.</summary>
    private EntryOutcome<CoseRecord>? _read;

    /// <summary>
    /// The entry as read. For a proposed entry (<see cref="Message"/> not null) the message is verified and both hashes
    /// computed; for a logged one the hashes are the logged ones and nothing is verified.
    /// </summary>
    private sealed record CoseRecord(X509Verifier Key, string EnvelopeHashHex, string? PayloadHashHex, CoseSign1Message? Message)
    {
        public bool Verified => Message is not null;
    }

    /// <summary>Rekor's <c>Unmarshal</c> (which verifies the message) and <c>Insertable</c>.</summary>
    public override EntryOutcome Validate()
    {
        var read = Read();
        if (!read.Succeeded)
        {
            return new(read.Error);
        }

        return read.Value!.Verified ? EntryOutcome.Success : EntryOutcome.Fail(EntryErrorKind.InvalidInput, "missing COSE Sign1 message");
    }

    /// <summary>The canonical body of a verified proposed entry; a logged body (no message) is refused.</summary>
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
            : EntryOutcome<byte[]>.Fail(EntryErrorKind.InvalidInput, "signed message uninitialized"));
    }

    /// <summary>
    /// Re-derives the canonical body of an entry as the log returns it (everything it keeps is in the body). For
    /// reading and comparing logged entries only: <see cref="CanonicalizeAsync"/> is the only way an entry may be admitted.
    /// </summary>
    public EntryOutcome<byte[]> CanonicalizeStoredEntry()
    {
        var read = Read();
        if (!read.Succeeded)
        {
            return EntryOutcome<byte[]>.Fail(read.Error!);
        }

        return read.Value!.PayloadHashHex is null
            ? EntryOutcome<byte[]>.Fail(EntryErrorKind.InvalidInput, "missing payload hash")
            : EntryOutcome<byte[]>.Success(Write(read.Value));
    }

    /// <summary>
    /// The canonical key's sha256 (bare hex), the key's subjects, <c>sha256:&lt;message hash&gt;</c>, then for a proposed
    /// entry <c>sha256:&lt;payload hash&gt;</c> and, when the protected content type is in-toto's, the statement's
    /// subject digests (a payload that does not read as a statement adds none, as in Rekor). All lowercase.
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
        List<string> keys = [record.Key.CanonicalPemSha256Hex];
        keys.AddRange(record.Key.Subjects);
        keys.Add($"{Sha256Name}:{record.EnvelopeHashHex}");
        if (record.Message is { Payload: { } payload } message)
        {
            keys.Add($"{Sha256Name}:{record.PayloadHashHex}");
            if (message.Header.ContentType == InTotoStatementDigests.PayloadType
                && InTotoStatementDigests.TryReadSubjectDigests(payload, out var subjects, out _))
            {
                keys.AddRange(subjects);
            }
        }

        return ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Success([.. keys.Select(k => k.ToLowerInvariant())]));
    }

    /// <summary>
    /// Verifies a proposed entry's message. A logged body has no message, so it cannot be verified as it is: a clear
    /// refusal, never a pass; with the message put back (<see cref="WithMessage"/>) it is verified and its hash must be
    /// the logged envelope hash.
    /// </summary>
    public override ValueTask<EntryOutcome> VerifyAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var read = Read();
        if (!read.Succeeded)
        {
            return ValueTask.FromResult(new EntryOutcome(read.Error));
        }

        return ValueTask.FromResult(read.Value!.Verified
            ? EntryOutcome.Success
            : EntryOutcome.Fail(EntryErrorKind.InvalidInput, "the COSE message is not kept in the log entry: put it back (WithMessage) to verify it"));
    }

    /// <summary>Rekor's <c>AttestationKeyValue</c>: the whole message, under <see cref="AttestationKey"/>.</summary>
    public override EntryAttestation? Attestation =>
        Read() is { Succeeded: true, Value: { Verified: true } record } && Spec.Message is { } message
            ? new EntryAttestation($"{Sha256Name}:{record.EnvelopeHashHex}", message)
            : null;

    /// <summary>Rekor's <c>AttestationKey</c>: <c>sha256:&lt;envelope hash&gt;</c>, computed or as logged.</summary>
    public override string? AttestationKey =>
        Read() is { Succeeded: true, Value: { } record } ? $"{Sha256Name}:{record.EnvelopeHashHex}" : null;

    /// <summary>
    /// This logged entry with the message put back (and the AAD, if the message was signed with one), so whoever holds
    /// the message can verify it: <see cref="VerifyAsync"/> then verifies it and checks it is the message logged.
    /// </summary>
    public CoseV001Entry WithMessage(ReadOnlySpan<byte> message, ReadOnlySpan<byte> aad = default)
    {
        var entry = new CoseV001Entry(new CoseV001Schema
        {
            PublicKey = Spec.PublicKey,
            Message = message.ToArray(),
            Data = new CoseV001SchemaData { Aad = aad.IsEmpty ? null : aad.ToArray() },
        });
        if (entry.Read() is { Succeeded: true, Value: { } record }
            && Spec.Data?.EnvelopeHash?.Value is { } logged && !string.Equals(logged, record.EnvelopeHashHex, StringComparison.OrdinalIgnoreCase))
        {
            entry._read = EntryOutcome<CoseRecord>.Fail(EntryErrorKind.InvalidInput, $"the message's sha256 {record.EnvelopeHashHex} is not the logged envelope hash {logged}");
        }

        return entry;
    }

    /// <summary>
    /// Client side (Rekor's <c>CreateFromArtifactProperties</c>): the message (<see cref="ArtifactInput.Signature"/>, or
    /// <see cref="ArtifactInput.Artifact"/> as rekor-cli's <c>--artifact</c>) and exactly one PEM key or certificate.
    /// The entry is verified before it is returned, with <see cref="ArtifactInput.AdditionalAuthenticatedData"/> as the
    /// external AAD when the message was signed over some (rekor-cli's <c>--aad</c>).
    /// </summary>
    public static EntryOutcome<EntryImplementation> FromArtifact(ArtifactInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if ((input.Signature ?? input.Artifact) is not { Length: > 0 } message)
        {
            return Invalid("the COSE_Sign1 message must be provided");
        }

        if (input.VerificationMaterial is not { Length: > 0 } key)
        {
            return Invalid("a public key or certificate must be provided");
        }

        if (input.VerificationMaterials is { Count: > 0 })
        {
            return Invalid("only one public key must be provided");
        }

        var entry = new CoseV001Entry(new CoseV001Schema
        {
            PublicKey = key.ToArray(),
            Message = message.ToArray(),
            Data = new CoseV001SchemaData { Aad = input.AdditionalAuthenticatedData is { Length: > 0 } aad ? aad.ToArray() : null },
        });
        var read = entry.Read();
        return read.Succeeded ? EntryOutcome<EntryImplementation>.Success(entry) : EntryOutcome<EntryImplementation>.Fail(read.Error!);

        static EntryOutcome<EntryImplementation> Invalid(string message) => EntryOutcome<EntryImplementation>.Fail(EntryErrorKind.InvalidInput, message);
    }

    private static byte[] Write(CoseRecord record) =>
        CanonicalEntryJson.Write(KindName, SchemaVersion, spec =>
        {
            spec.WriteStartObject("data");
            spec.WriteStartObject("envelopeHash");
            spec.WriteString("algorithm", Sha256Name);
            spec.WriteString("value", record.EnvelopeHashHex);
            spec.WriteEndObject();
            spec.WriteStartObject("payloadHash");
            spec.WriteString("algorithm", Sha256Name);
            spec.WriteString("value", record.PayloadHashHex);
            spec.WriteEndObject();
            spec.WriteEndObject();
            spec.WriteBase64String("publicKey", record.Key.CanonicalPem);
        });

    /// <summary>The spec as <see cref="ReadSpec"/> reads it, read once per instance.</summary>
    private EntryOutcome<CoseRecord> Read() => _read ??= ReadSpec();

    /// <summary>
    /// Rekor's <c>Unmarshal</c> and <c>validate</c>, in their order: the key parsed; without a message (a logged body)
    /// the logged hashes; with one, the algorithm chosen by the key, the message read, <c>data</c> required and the
    /// signature verified.
    /// </summary>
    private EntryOutcome<CoseRecord> ReadSpec()
    {
        if (Spec.PublicKey is not { Length: > 0 } keyBytes)
        {
            return Invalid("missing public key");
        }

        if (!X509Verifier.TryParse(keyBytes, out var key, out var keyError))
        {
            return Invalid(keyError);
        }

        if (Spec.Message is not { Length: > 0 } messageBytes)
        {
            if (Spec.Data?.EnvelopeHash?.Value is not { } loggedEnvelope)
            {
                return Invalid("envelope hash should have been previously computed");
            }

            if (loggedEnvelope.Length % 2 != 0 || !loggedEnvelope.All(char.IsAsciiHexDigit))
            {
                return Invalid($"encoding/hex: invalid envelope hash {loggedEnvelope}");
            }

            return EntryOutcome<CoseRecord>.Success(new CoseRecord(key, loggedEnvelope.ToLowerInvariant(), Spec.Data.PayloadHash?.Value, null));
        }

        if (!TryChooseAlgorithm(key.PublicKey, out var algorithm, out var algorithmError))
        {
            return Invalid(algorithmError);
        }

        if (!CoseSign1Message.TryRead(messageBytes, out var message, out var messageError))
        {
            return Invalid(messageError);
        }

        if (Spec.Data is not { } data)
        {
            return Invalid("cose object data cannot be nil");
        }

        if (!TryVerify(message, data.Aad ?? [], key.PublicKey, algorithm, out var verifyError))
        {
            return Invalid(verifyError);
        }

        return EntryOutcome<CoseRecord>.Success(new CoseRecord(key, DigestAlgorithms.Sha256Hex(messageBytes), DigestAlgorithms.Sha256Hex(message.Payload!), message));
    }

    /// <summary>Rekor's <c>getPublicKey</c> and go-cose's <c>NewVerifier</c>: the key decides the one algorithm accepted.</summary>
    private static bool TryChooseAlgorithm(X509PublicKey key, out long algorithm, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        algorithm = 0;
        error = null;
        switch (key.Algorithm)
        {
            case PublicKeyAlgorithm.Rsa:
                algorithm = CoseAlgorithm.PS256;
                if (key.RsaModulusBits < 2048)
                {
                    error = "RSA key must be at least 2048 bits long";
                }

                break;
            case PublicKeyAlgorithm.EcdsaP256:
                algorithm = CoseAlgorithm.ES256;
                break;
            case PublicKeyAlgorithm.EcdsaP384:
                error = "unsupported elliptic curve P-384";
                break;
            case PublicKeyAlgorithm.EcdsaP521:
                error = "unsupported elliptic curve P-521";
                break;
            case PublicKeyAlgorithm.Ed25519:
                error = "unsupported algorithm type ed25519.PublicKey";
                break;
            default:
                error = $"unsupported algorithm type {key}";
                break;
        }

        return error is null;
    }

    /// <summary>go-cose's <c>Sign1Message.Verify</c>: a payload, the header's <c>alg</c> equal to the key's, the signature over the Sig_structure.</summary>
    private static bool TryVerify(CoseSign1Message message, byte[] aad, X509PublicKey key, long algorithm, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        if (message.Payload is null)
        {
            error = "missing payload";
            return false;
        }

        if (message.Header.AlgorithmText is { } text)
        {
            error = $"Algorithm(\"{text}\")";
            return false;
        }

        if (message.Header.Algorithm is { } named && named != algorithm)
        {
            error = $"algorithm mismatch: verifier {CoseAlgorithm.Name(algorithm)}: header {CoseAlgorithm.Name(named)}";
            return false;
        }

        if (message.Header.Algorithm is null && aad.Length == 0)
        {
            error = "algorithm not found";
            return false;
        }

        var toBeSigned = message.ToBeSigned(aad);
        var valid = algorithm == CoseAlgorithm.PS256
            ? key.TryVerifyRsaPss(message.Signature, toBeSigned, DigestAlgorithm.Sha256, out _)
            : key.TryVerifyEcdsaFixedWidth(message.Signature, toBeSigned, DigestAlgorithm.Sha256, out _);
        error = valid ? null : "verification error";
        return valid;
    }

    private static EntryOutcome<CoseRecord> Invalid(string message) => EntryOutcome<CoseRecord>.Fail(EntryErrorKind.InvalidInput, message);
}
