using System.Diagnostics.CodeAnalysis;
using BcPgp = Org.BouncyCastle.Bcpg.OpenPgp;

namespace Rekor.Core.Pki.Pgp;

/// <summary>
/// A detached OpenPGP signature as Rekor reads it (<c>pkg/pki/pgp</c> <c>NewSignature</c>): an armored
/// <c>PGP SIGNATURE</c> block or binary packets, whose first packet (marker packets aside) must be a signature.
/// Rekor's canonical form keeps armored input byte for byte and armors binary input the Go way (no headers,
/// 64-column lines, CRC-24). Verification follows Rekor's <c>verifyDetached</c>: the first signature packet whose
/// issuer has a signing key in the ring is checked, and the key's validity (revocation, expiry, and the relevant
/// self-signatures' expiry) is judged at the creation time of the stream's first signature, so an entry stays
/// verifiable after its key expires. Immutable and safe to share between threads: verification re-reads the packets.
/// </summary>
public sealed class PgpSignature : IArtifactSignature
{
    private const string UnknownIssuer = "openpgp: signature made by unknown entity";

    private readonly byte[] _packets;
    private readonly byte[] _canonical;

    private PgpSignature(byte[] packets, byte[] canonical, bool isArmored)
    {
        _packets = packets;
        _canonical = canonical;
        IsArmored = isArmored;
    }

    /// <summary>Whether the input was armored (and so is its own canonical form).</summary>
    public bool IsArmored { get; }

    /// <summary>The binary signature packets.</summary>
    public ReadOnlySpan<byte> Packets => _packets;

    SignatureFormat IArtifactSignature.Format => SignatureFormat.Pgp;

    /// <summary>What Rekor stores as <c>signature.content</c>: armored input verbatim, binary input armored.</summary>
    public ReadOnlySpan<byte> CanonicalValue => _canonical;

    /// <summary>
    /// Reads a signature as Rekor's <c>NewSignature</c> does: if an armor block starts anywhere in the input, it must
    /// be a <c>PGP SIGNATURE</c> block (checksum not checked); otherwise the input is binary packets. Fails (never throws)
    /// when the first packet that is not a marker is not a readable signature.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> input, [NotNullWhen(true)] out PgpSignature? signature, [NotNullWhen(false)] out string? error)
    {
        signature = null;
        var decoded = PgpArmor.TryDecode(input, out var blockType, out var body, out var armorError);
        var isArmored = blockType is not null;
        if (isArmored && blockType != PgpArmor.SignatureType)
        {
            error = "invalid PGP signature provided";
            return false;
        }

        if (isArmored && !decoded)
        {
            error = "unable to read PGP signature: " + armorError;
            return false;
        }

        var packets = isArmored ? body! : input.ToArray();
        var read = ReadSignatures(packets);
        if (read.Signatures.Count == 0)
        {
            error = "invalid PGP signature: " + (read.StopReason ?? "EOF");
            return false;
        }

        var canonical = isArmored ? input.ToArray() : PgpArmor.Encode(PgpArmor.SignatureType, packets);
        signature = new PgpSignature(packets, canonical, isArmored);
        error = null;
        return true;
    }

    bool IArtifactSignature.TryVerify(ReadOnlySpan<byte> message, IArtifactPublicKey key, [NotNullWhen(false)] out string? failure)
    {
        if (key is PgpPublicKey pgp)
        {
            return TryVerify(message, pgp, out failure);
        }

        failure = $"cannot verify a pgp signature with a {key.Format.Name()} key";
        return false;
    }

    /// <summary>
    /// Verifies this signature over <paramref name="message"/> with the key ring <paramref name="key"/>, as Rekor's
    /// <c>Verify</c> does. On failure, <paramref name="error"/> is go-crypto's reason (unknown issuer, verification
    /// failure of the key's algorithm, key expired, key revoked, signature expired).
    /// </summary>
    public bool TryVerify(ReadOnlySpan<byte> message, PgpPublicKey key, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(key);
        var read = ReadSignatures(_packets);
        long? verificationTime = null;
        byte[]? content = null;
        foreach (var signature in read.Signatures)
        {
            verificationTime ??= PgpSignatureFacts.CreationUnixSeconds(signature);
            var issuer = PgpSignatureFacts.IssuerKeyId(signature);
            if (issuer is null)
            {
                error = "openpgp: invalid data: signature doesn't have an issuer";
                return false;
            }

            var candidates = SigningKeys(key, issuer.Value);
            if (candidates.Count == 0)
            {
                continue;
            }

            content ??= message.ToArray();
            foreach (var candidate in candidates)
            {
                if (PgpEntity.Verifies(signature, candidate.Key, s => VerifyOver(s, content)))
                {
                    // Rekor checks legacy v3 signatures without go-crypto's validity checks.
                    error = signature.Version < 4 ? null : PgpKeyValidity.Check(candidate, signature, verificationTime.Value);
                    return error is null;
                }
            }

            error = PgpEntity.VerificationFailure(candidates[^1].Key.Algorithm);
            return false;
        }

        error = read.StopReason ?? UnknownIssuer;
        return false;
    }

    /// <summary>Go's <c>KeysByIdUsage(id, KeyFlagSign)</c>: keys with that ID whose self-signature has key flags that allow signing.</summary>
    private static List<PgpCandidateKey> SigningKeys(PgpPublicKey ring, ulong keyId) =>
        ring.Entities
            .SelectMany(entity => entity.KeysById(keyId))
            .Where(candidate => candidate.SelfSignature is not null && PgpSignatureFacts.MaySign(candidate.SelfSignature))
            .ToList();

    private static bool VerifyOver(BcPgp.PgpSignature signature, byte[] content)
    {
        signature.Update(content);
        return signature.Verify();
    }

    /// <summary>
    /// The signature packets at the start of <paramref name="packets"/>, marker packets skipped, up to the first packet
    /// that is not a signature or cannot be read; <c>StopReason</c> says what stopped the reading (null at the end).
    /// </summary>
    private static (List<BcPgp.PgpSignature> Signatures, string? StopReason) ReadSignatures(byte[] packets)
    {
        var signatures = new List<BcPgp.PgpSignature>();
        try
        {
            var factory = new BcPgp.PgpObjectFactory(packets);
            while (factory.NextPgpObject() is { } next)
            {
                switch (next)
                {
                    case BcPgp.PgpMarker:
                        continue;
                    case BcPgp.PgpSignatureList list:
                        for (var i = 0; i < list.Count; i++)
                        {
                            signatures.Add(list[i]);
                        }

                        continue;
                    default:
                        return (signatures, "openpgp: invalid data: non signature packet found");
                }
            }
        }
        catch (Exception e) when (PgpKeyRingReader.IsParseFailure(e))
        {
            return (signatures, e.Message);
        }

        return (signatures, null);
    }
}
