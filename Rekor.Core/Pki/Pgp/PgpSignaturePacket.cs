using System.Diagnostics.CodeAnalysis;
using BcPgp = Org.BouncyCastle.Bcpg.OpenPgp;

namespace Rekor.Core.Pki.Pgp;

/// <summary>
/// A lone binary OpenPGP signature packet, checked the way go-rpmutils checks the signatures in an RPM's signature
/// header (<c>parseSignature</c> and <c>Signature.validate</c>): the blob is exactly one v4 signature packet naming its
/// issuer, verified with the key of the ring whose fingerprint or key ID it names (primary key first, then subkeys),
/// with go-crypto's <c>VerifySignature</c> alone: no key flags, expiry or revocation are consulted.
/// Immutable: each verification re-reads the packet, so an instance may be shared.
/// </summary>
public sealed class PgpSignaturePacket
{
    private readonly byte[] _packet;

    private PgpSignaturePacket(byte[] packet, ulong? issuerKeyId, byte[]? issuerFingerprint)
    {
        _packet = packet;
        IssuerKeyId = issuerKeyId;
        IssuerFingerprint = issuerFingerprint;
    }

    /// <summary>The issuer's key ID, if the signature names one.</summary>
    public ulong? IssuerKeyId { get; }

    /// <summary>The issuer's fingerprint, if the signature names one.</summary>
    public byte[]? IssuerFingerprint { get; }

    /// <summary>Reads <paramref name="blob"/> as one signature packet with nothing after it; the errors are go-rpmutils' and go-crypto's.</summary>
    public static bool TryRead(ReadOnlySpan<byte> blob, [NotNullWhen(true)] out PgpSignaturePacket? packet, [NotNullWhen(false)] out string? error)
    {
        packet = null;
        // Like Go's packet.Read, the first packet is read on its own; only then does what follows it count.
        var bytes = blob.ToArray();
        var first = PgpPacketFraming.LengthOfFirst(bytes) is { } length && length < bytes.Length ? bytes[..(int)length] : bytes;
        if (!TryParse(first, out var signature, out error))
        {
            return false;
        }

        if (signature.Version < 4)
        {
            error = $"openpgp: unsupported feature: signature packet version {signature.Version}";
            return false;
        }

        if (first.Length != bytes.Length || PgpPacketFraming.BodyOf(bytes) is null)
        {
            error = "trailing garbage after PGP signature packet";
            return false;
        }

        var issuer = PgpSignatureFacts.IssuerKeyId(signature);
        var fingerprint = signature.GetHashedSubPackets()?.GetIssuerFingerprint()?.GetFingerprint()
            ?? signature.GetUnhashedSubPackets()?.GetIssuerFingerprint()?.GetFingerprint();
        if (issuer is null && fingerprint is null)
        {
            error = "no supported PGP signature packet found";
            return false;
        }

        packet = new PgpSignaturePacket(bytes, issuer, fingerprint);
        return true;
    }

    /// <summary>
    /// Verifies the signature over <paramref name="message"/> with the issuer's key from <paramref name="ring"/>. On
    /// failure <paramref name="error"/> says the key was not found (go-rpmutils' <c>KeyNotFoundError</c>) or did not verify.
    /// </summary>
    public bool TryVerify(ArraySegment<byte> message, PgpPublicKey ring, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(ring);
        if (!TryParse(_packet, out var signature, out error))
        {
            return false;
        }

        var key = ring.Entities
            .SelectMany(entity => new[] { entity.Primary }.Concat(entity.Subkeys.Select(subkey => subkey.Key)))
            .FirstOrDefault(candidate => PgpSignatureFacts.IsIssuedBy(signature, candidate));
        if (key is null)
        {
            error = IssuerKeyId is null && IssuerFingerprint is not null
                ? $"key with fingerprint {Convert.ToHexStringLower(IssuerFingerprint)} not found"
                : $"keyid {IssuerKeyId ?? 0:x} not found"; // Go's %x of a uint64: no leading zeros
            return false;
        }

        if (PgpEntity.Verifies(signature, key, s =>
            {
                s.Update(message.Array!, message.Offset, message.Count);
                return s.Verify();
            }))
        {
            error = null;
            return true;
        }

        error = PgpEntity.VerificationFailure(key.Algorithm);
        return false;
    }

    private static bool TryParse(byte[] bytes, [NotNullWhen(true)] out BcPgp.PgpSignature? signature, [NotNullWhen(false)] out string? error)
    {
        signature = null;
        try
        {
            var next = new BcPgp.PgpObjectFactory(bytes).NextPgpObject();
            if (next is BcPgp.PgpSignatureList { Count: > 0 } list)
            {
                signature = list[0];
                error = null;
                return true;
            }

            error = next is null ? "EOF" : "no supported PGP signature packet found";
            return false;
        }
        catch (Exception e) when (PgpKeyRingReader.IsParseFailure(e))
        {
            error = "error reading PGP signature packet: " + e.Message;
            return false;
        }
    }
}
