using BcPgp = Org.BouncyCastle.Bcpg.OpenPgp;

namespace Rekor.Core.Pki.Pgp;

/// <summary>
/// go-crypto's <c>checkMessageSignatureDetails</c>: once a signature verifies with <c>key</c>, whether that key could
/// sign at <c>nowUnixSeconds</c> (for Rekor, the creation time of the stream's first signature).
/// </summary>
internal static class PgpKeyValidity
{
    /// <summary>Null when valid; otherwise go-crypto's error text.</summary>
    public static string? Check(PgpCandidateKey key, BcPgp.PgpSignature signature, long nowUnixSeconds)
    {
        var entity = key.Entity;
        var primaryIdentity = entity.PrimaryIdentity;
        var primarySelfSignature = primaryIdentity?.SelfSignature;
        var signedBySubkey = !ReferenceEquals(key.Key, entity.Primary);
        List<BcPgp.PgpSignature?> relevant = [signature, primarySelfSignature];
        if (signedBySubkey && key.SelfSignature is not null)
        {
            relevant.Add(key.SelfSignature);
            relevant.Add(PgpSignatureFacts.EmbeddedSignature(key.SelfSignature));
        }

        var critical = relevant.SelectMany(PgpSignatureFacts.CriticalNotations).FirstOrDefault();
        if (critical is not null)
        {
            return "openpgp: invalid signature: unknown critical notation: " + critical;
        }

        if (PgpSignatureFacts.AnyRevokes(entity.Revocations, nowUnixSeconds)
            || (signedBySubkey && PgpSignatureFacts.AnyRevokes(key.Revocations, nowUnixSeconds))
            || (primaryIdentity is not null && PgpSignatureFacts.AnyRevokes(primaryIdentity.Revocations, nowUnixSeconds)))
        {
            return "openpgp: signature made by revoked key";
        }

        if (PgpSignatureFacts.IsKeyExpiredAt(entity.Primary, primarySelfSignature, nowUnixSeconds)
            || (signedBySubkey && PgpSignatureFacts.IsKeyExpiredAt(key.Key, key.SelfSignature, nowUnixSeconds)))
        {
            return "openpgp: key expired";
        }

        return relevant.Any(s => s is not null && PgpSignatureFacts.IsExpiredAt(s, nowUnixSeconds))
            ? "openpgp: signature expired"
            : null;
    }
}
