using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.Sig;
using BcPgp = Org.BouncyCastle.Bcpg.OpenPgp;

namespace Rekor.Core.Pki.Pgp;

/// <summary>
/// What Rekor's Go library reads from a signature packet, read with BouncyCastle. Like Go, only hashed subpackets
/// count, except the issuer (key ID or fingerprint) and the embedded back-signature, which may be unhashed; when
/// both issuer forms appear, the last one read wins (hashed area first).
/// </summary>
internal static class PgpSignatureFacts
{
    /// <summary>The issuer's key ID as Go's <c>IssuerKeyId</c>: from an issuer subpacket or a v4 issuer fingerprint's last 8 bytes; null if neither.</summary>
    public static ulong? IssuerKeyId(BcPgp.PgpSignature signature)
    {
        if (signature.Version < 4)
        {
            return unchecked((ulong)signature.KeyId);
        }

        ulong? issuer = null;
        foreach (var area in Areas(signature))
        {
            foreach (var subpacket in area.ToArray())
            {
                switch (subpacket)
                {
                    case IssuerKeyId id:
                        issuer = unchecked((ulong)id.GetKeyID());
                        break;
                    case IssuerFingerprint fingerprint:
                        var bytes = fingerprint.GetFingerprint();
                        if (bytes.Length >= 8)
                        {
                            var at = fingerprint.KeyVersion >= 5 ? 0 : bytes.Length - 8;
                            issuer = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(at, 8));
                        }

                        break;
                }
            }
        }

        return issuer;
    }

    /// <summary>Go's <c>CheckKeyIdOrFingerprint</c>: the issuer fingerprint, if there is one of 20 bytes or more, must be the key's; otherwise the key ID.</summary>
    public static bool IsIssuedBy(BcPgp.PgpSignature signature, BcPgp.PgpPublicKey key)
    {
        byte[]? issuerFingerprint = null;
        foreach (var area in Areas(signature))
        {
            foreach (var subpacket in area.ToArray())
            {
                if (subpacket is IssuerFingerprint fingerprint)
                {
                    issuerFingerprint = fingerprint.GetFingerprint();
                }
            }
        }

        if (issuerFingerprint is { Length: >= 20 })
        {
            return issuerFingerprint.AsSpan().SequenceEqual(key.GetFingerprint());
        }

        return IssuerKeyId(signature) == unchecked((ulong)key.KeyId);
    }

    /// <summary>Go's <c>FlagsValid</c>: whether the hashed area has a key-flags subpacket.</summary>
    public static bool HasKeyFlags(BcPgp.PgpSignature signature) =>
        signature.GetHashedSubPackets()?.HasSubpacket(SignatureSubpacketTag.KeyFlags) == true;

    public static int KeyFlagBits(BcPgp.PgpSignature signature) => signature.GetHashedSubPackets()?.GetKeyFlags() ?? 0;

    public static bool MaySign(BcPgp.PgpSignature signature) =>
        HasKeyFlags(signature) && (KeyFlagBits(signature) & KeyFlags.SignData) != 0;

    public static bool MayEncrypt(BcPgp.PgpSignature signature) =>
        HasKeyFlags(signature) && (KeyFlagBits(signature) & (KeyFlags.EncryptComms | KeyFlags.EncryptStorage)) != 0;

    public static bool IsPrimaryUserId(BcPgp.PgpSignature signature) => signature.GetHashedSubPackets()?.IsPrimaryUserId() == true;

    public static long CreationUnixSeconds(BcPgp.PgpSignature signature) => new DateTimeOffset(signature.CreationTime, TimeSpan.Zero).ToUnixTimeSeconds();

    public static long CreationUnixSeconds(BcPgp.PgpPublicKey key) => new DateTimeOffset(key.CreationTime, TimeSpan.Zero).ToUnixTimeSeconds();

    /// <summary>Go's <c>Signature.SigExpired</c>: made after <paramref name="nowUnixSeconds"/>, or past its lifetime.</summary>
    public static bool IsExpiredAt(BcPgp.PgpSignature signature, long nowUnixSeconds)
    {
        var created = CreationUnixSeconds(signature);
        if (created > nowUnixSeconds)
        {
            return true;
        }

        var lifetime = signature.GetHashedSubPackets()?.GetSignatureExpirationTime() ?? 0;
        return lifetime != 0 && nowUnixSeconds > created + lifetime;
    }

    /// <summary>Go's <c>PublicKey.KeyExpired</c> with <paramref name="selfSignature"/>'s key lifetime.</summary>
    public static bool IsKeyExpiredAt(BcPgp.PgpPublicKey key, BcPgp.PgpSignature? selfSignature, long nowUnixSeconds)
    {
        var created = CreationUnixSeconds(key);
        if (created > nowUnixSeconds)
        {
            return true;
        }

        var lifetime = selfSignature?.GetHashedSubPackets()?.GetKeyExpirationTime() ?? 0;
        return lifetime != 0 && nowUnixSeconds > created + lifetime;
    }

    /// <summary>Go's <c>revoked</c>: a revocation for key compromise (whatever its time), or one that is not expired at that time, revokes.</summary>
    public static bool AnyRevokes(IEnumerable<BcPgp.PgpSignature> revocations, long nowUnixSeconds) =>
        revocations.Any(revocation =>
            revocation.GetHashedSubPackets()?.GetRevocationReason()?.GetRevocationReason() == RevocationReasonTag.KeyCompromised
            || !IsExpiredAt(revocation, nowUnixSeconds));

    /// <summary>The names of critical notations (Go's default configuration knows none, so any one fails verification).</summary>
    public static IEnumerable<string> CriticalNotations(BcPgp.PgpSignature? signature) =>
        signature?.GetHashedSubPackets()?.GetNotationDataOccurrences().Where(n => n.IsCritical()).Select(n => n.GetNotationName()) ?? [];

    /// <summary>The embedded primary-key binding signature of a subkey binding, hashed area first.</summary>
    public static BcPgp.PgpSignature? EmbeddedSignature(BcPgp.PgpSignature signature)
    {
        foreach (var area in Areas(signature))
        {
            var embedded = area.GetEmbeddedSignatures();
            if (embedded.Count > 0)
            {
                return embedded[0];
            }
        }

        return null;
    }

    /// <summary>The packet body as Go re-serializes it (the body of BouncyCastle's encoding, trust packets left out).</summary>
    public static byte[] Body(BcPgp.PgpSignature signature)
    {
        using var encoded = new MemoryStream();
        signature.Encode(encoded, forTransfer: true);
        return PgpPacketFraming.BodyOf(encoded.ToArray())
            ?? throw new InvalidOperationException("BouncyCastle encoded a signature as something other than one packet");
    }

    private static IEnumerable<BcPgp.PgpSignatureSubpacketVector> Areas(BcPgp.PgpSignature signature)
    {
        if (signature.GetHashedSubPackets() is { } hashed)
        {
            yield return hashed;
        }

        if (signature.GetUnhashedSubPackets() is { } unhashed)
        {
            yield return unhashed;
        }
    }
}
