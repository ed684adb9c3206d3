using System.Diagnostics.CodeAnalysis;
using BcPgp = Org.BouncyCastle.Bcpg.OpenPgp;

namespace Rekor.Core.Pki.Pgp;

/// <summary>
/// Go's <c>openpgp.ReadKeyRing</c> over binary packets, with BouncyCastle reading the packets: public and secret key
/// rings in turn. An entity Go's reader would reject (see <see cref="PgpEntity"/>) is skipped; if none is left, the
/// last such reason is the error. A packet stream BouncyCastle cannot read fails the whole ring, as a non-structural
/// read error does in Go. Never throws on hostile input.
/// </summary>
internal static class PgpKeyRingReader
{
    public static bool TryRead(byte[] packets, [NotNullWhen(true)] out List<PgpEntity>? entities, [NotNullWhen(false)] out string? error)
    {
        entities = [];
        string? lastRejection = null;
        try
        {
            var factory = new BcPgp.PgpObjectFactory(packets);
            while (factory.NextPgpObject() is { } next)
            {
                PgpEntity? entity;
                string? rejection;
                switch (next)
                {
                    case BcPgp.PgpPublicKeyRing ring:
                        var keys = ring.GetPublicKeys().ToList();
                        PgpEntity.TryCreate(keys[0], keys.Skip(1).Select(k => (k, false)), out entity, out rejection);
                        break;
                    case BcPgp.PgpSecretKeyRing secretRing:
                        var secrets = secretRing.GetSecretKeys().ToList();
                        var subkeys = secrets.Skip(1).Select(s => (s.PublicKey, true))
                            .Concat(secretRing.GetExtraPublicKeys().Select(k => (k, false)));
                        PgpEntity.TryCreate(secrets[0].PublicKey, subkeys, out entity, out rejection);
                        break;
                    case BcPgp.PgpMarker:
                        continue;
                    default:
                        entity = null;
                        rejection = "openpgp: invalid data: first packet was not a public/private key";
                        break;
                }

                if (entity is null)
                {
                    lastRejection = rejection;
                    continue;
                }

                entities.Add(entity);
            }
        }
        catch (Exception e) when (IsParseFailure(e))
        {
            entities = null;
            error = e.Message;
            return false;
        }

        if (entities.Count == 0 && lastRejection is not null)
        {
            entities = null;
            error = lastRejection;
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>
    /// Whether <paramref name="e"/> is BouncyCastle refusing malformed packets. It throws many unrelated kinds
    /// (IOException, PgpException, UnsupportedPacketVersionException, which is neither, ArgumentException,
    /// IndexOutOfRangeException, NullReferenceException, …) and every call made under this filter works on
    /// attacker-chosen bytes, so any exception but running out of memory is the input's fault.
    /// </summary>
    internal static bool IsParseFailure(Exception e) => e is not (OutOfMemoryException or InsufficientExecutionStackException);
}
