using System.Diagnostics.CodeAnalysis;
using Org.BouncyCastle.Bcpg;
using BcPgp = Org.BouncyCastle.Bcpg.OpenPgp;

namespace Rekor.Core.Pki.Pgp;

/// <summary>One user ID of an entity with the signatures Go keeps for it: all, in order; the newest self-certification; self-revocations.</summary>
internal sealed record PgpIdentity(
    byte[] RawUserId, string Name, BcPgp.PgpSignature? SelfSignature, IReadOnlyList<BcPgp.PgpSignature> Revocations,
    IReadOnlyList<BcPgp.PgpSignature> Signatures);

/// <summary>A subkey with its newest verified binding signature and its verified revocations.</summary>
internal sealed record PgpSubkey(BcPgp.PgpPublicKey Key, BcPgp.PgpSignature Binding, IReadOnlyList<BcPgp.PgpSignature> Revocations, bool HasPrivateKey);

/// <summary>A key that may have made a signature: the key, the self-signature that grants its flags, its revocations.</summary>
internal sealed record PgpCandidateKey(PgpEntity Entity, BcPgp.PgpPublicKey Key, BcPgp.PgpSignature? SelfSignature, IReadOnlyList<BcPgp.PgpSignature> Revocations);

/// <summary>
/// A v4 OpenPGP entity as Rekor's Go library (<c>openpgp.ReadEntity</c>) keeps it: a primary key that can sign; its
/// verified key revocations (direct-key signatures are dropped); the user IDs that carry at least one verified
/// self-signature (a later one with the same text replaces an earlier one; user attributes are dropped); and the
/// subkeys with a verified binding (the newest kept) and verified revocations. An invalid self-signature, binding or
/// revocation rejects the whole entity, as in Go. Immutable once built.
/// </summary>
internal sealed class PgpEntity
{
    private const string Structural = "openpgp: invalid data: ";

    private PgpEntity(BcPgp.PgpPublicKey primary, IReadOnlyList<BcPgp.PgpSignature> revocations, IReadOnlyList<PgpIdentity> identities, IReadOnlyList<PgpSubkey> subkeys)
    {
        Primary = primary;
        Revocations = revocations;
        Identities = identities;
        Subkeys = subkeys;
    }

    public BcPgp.PgpPublicKey Primary { get; }

    public IReadOnlyList<BcPgp.PgpSignature> Revocations { get; }

    /// <summary>In input order. Go keeps them in a map, so Rekor itself writes them in a random order; input order is the stable choice.</summary>
    public IReadOnlyList<PgpIdentity> Identities { get; }

    public IReadOnlyList<PgpSubkey> Subkeys { get; }

    /// <summary>
    /// Builds the entity from a key ring BouncyCastle read. Fails with Go's structural error when Go's reader would
    /// drop the entity.
    /// </summary>
    public static bool TryCreate(
        BcPgp.PgpPublicKey primary, IEnumerable<(BcPgp.PgpPublicKey Key, bool HasPrivateKey)> subkeys,
        [NotNullWhen(true)] out PgpEntity? entity, [NotNullWhen(false)] out string? error)
    {
        entity = null;
        if (!CanSign(primary.Algorithm))
        {
            error = Structural + "primary key cannot be used for signatures";
            return false;
        }

        var identities = new List<PgpIdentity>();
        if (!TryReadIdentities(primary, identities, out error))
        {
            return false;
        }

        var readSubkeys = new List<PgpSubkey>();
        foreach (var (key, hasPrivateKey) in subkeys)
        {
            if (!TryReadSubkey(primary, key, hasPrivateKey, out var subkey, out error))
            {
                return false;
            }

            readSubkeys.Add(subkey);
        }

        if (identities.Count == 0)
        {
            error = Structural + $"v{primary.Version} entity without any identities";
            return false;
        }

        var revocations = new List<BcPgp.PgpSignature>();
        foreach (var revocation in primary.GetSignaturesOfType(BcPgp.PgpSignature.KeyRevocation))
        {
            if (!Verifies(revocation, primary, s => s.VerifyCertification(primary)))
            {
                error = Structural + "revocation signature signed by alternate key";
                return false;
            }

            revocations.Add(revocation);
        }

        entity = new PgpEntity(primary, revocations, identities, readSubkeys);
        error = null;
        return true;
    }

    /// <summary>Go's <c>Entity.PrimaryIdentity</c>: fewest revocations, then flagged primary, then newest self-signature; the first wins ties.</summary>
    public PgpIdentity? PrimaryIdentity
    {
        get
        {
            PgpIdentity? best = null;
            foreach (var candidate in Identities)
            {
                if (best is null || Prefer(best, candidate))
                {
                    best = candidate;
                }
            }

            return best;
        }
    }

    /// <summary>Go's <c>EntityList.KeysById</c>: the primary key and the subkeys whose key ID is <paramref name="keyId"/>.</summary>
    public IEnumerable<PgpCandidateKey> KeysById(ulong keyId)
    {
        if (unchecked((ulong)Primary.KeyId) == keyId)
        {
            yield return new PgpCandidateKey(this, Primary, PrimaryIdentity?.SelfSignature, Revocations);
        }

        foreach (var subkey in Subkeys)
        {
            if (unchecked((ulong)subkey.Key.KeyId) == keyId)
            {
                yield return new PgpCandidateKey(this, subkey.Key, subkey.Binding, subkey.Revocations);
            }
        }
    }

    /// <summary>Go's <c>DecryptionKeys</c> count: subkeys with private material whose binding allows encryption.</summary>
    public int DecryptionKeyCount => Subkeys.Count(s => s.HasPrivateKey && PgpSignatureFacts.MayEncrypt(s.Binding));

    /// <summary>Writes the entity as Go's <c>Entity.Serialize</c>: new-format packets; key, revocations, user IDs with all their signatures, subkeys each with revocations and binding.</summary>
    public void Serialize(Stream output)
    {
        PgpPacketFraming.WriteNewFormat(output, PgpPacketFraming.PublicKeyTag, Primary.PublicKeyPacket.GetEncodedContents());
        WriteSignatures(output, Revocations);
        foreach (var identity in Identities)
        {
            PgpPacketFraming.WriteNewFormat(output, PgpPacketFraming.UserIdTag, identity.RawUserId);
            WriteSignatures(output, identity.Signatures);
        }

        foreach (var subkey in Subkeys)
        {
            PgpPacketFraming.WriteNewFormat(output, PgpPacketFraming.PublicSubkeyTag, subkey.Key.PublicKeyPacket.GetEncodedContents());
            WriteSignatures(output, subkey.Revocations);
            WriteSignatures(output, [subkey.Binding]);
        }
    }

    private static void WriteSignatures(Stream output, IEnumerable<BcPgp.PgpSignature> signatures)
    {
        foreach (var signature in signatures)
        {
            PgpPacketFraming.WriteNewFormat(output, PgpPacketFraming.SignatureTag, PgpSignatureFacts.Body(signature));
        }
    }

    private static bool TryReadIdentities(BcPgp.PgpPublicKey primary, List<PgpIdentity> identities, [NotNullWhen(false)] out string? error)
    {
        // GetUserIds and GetRawUserIds walk the same list of user ID packets in the same order.
        var names = primary.GetUserIds().ToList();
        var raws = primary.GetRawUserIds().ToList();
        for (var i = 0; i < names.Count && i < raws.Count; i++)
        {
            BcPgp.PgpSignature? selfSignature = null;
            var revocations = new List<BcPgp.PgpSignature>();
            var signatures = new List<BcPgp.PgpSignature>();
            var hasSelfSignature = false;
            foreach (var signature in primary.GetSignaturesForId(names[i]) ?? [])
            {
                if (signature.SignatureType is not (>= BcPgp.PgpSignature.DefaultCertification and <= BcPgp.PgpSignature.PositiveCertification)
                    and not BcPgp.PgpSignature.CertificationRevocation)
                {
                    error = Structural + "user ID signature with wrong type";
                    return false;
                }

                if (PgpSignatureFacts.IsIssuedBy(signature, primary))
                {
                    var id = names[i];
                    if (!Verifies(signature, primary, s => s.VerifyCertification(id, primary)))
                    {
                        error = Structural + "user ID self-signature invalid: " + VerificationFailure(primary.Algorithm);
                        return false;
                    }

                    hasSelfSignature = true;
                    if (signature.SignatureType == BcPgp.PgpSignature.CertificationRevocation)
                    {
                        revocations.Add(signature);
                    }
                    else if (selfSignature is null || PgpSignatureFacts.CreationUnixSeconds(signature) > PgpSignatureFacts.CreationUnixSeconds(selfSignature))
                    {
                        selfSignature = signature;
                    }
                }

                signatures.Add(signature);
            }

            if (!hasSelfSignature)
            {
                continue;
            }

            var identity = new PgpIdentity(raws[i], names[i], selfSignature, revocations, signatures);
            var same = identities.FindIndex(existing => existing.Name == identity.Name);
            if (same >= 0)
            {
                identities[same] = identity;
            }
            else
            {
                identities.Add(identity);
            }
        }

        error = null;
        return true;
    }

    private static bool TryReadSubkey(
        BcPgp.PgpPublicKey primary, BcPgp.PgpPublicKey key, bool hasPrivateKey, [NotNullWhen(true)] out PgpSubkey? subkey, [NotNullWhen(false)] out string? error)
    {
        subkey = null;
        BcPgp.PgpSignature? binding = null;
        var revocations = new List<BcPgp.PgpSignature>();
        foreach (var signature in key.GetSignatures())
        {
            if (signature.SignatureType is not (BcPgp.PgpSignature.SubkeyBinding or BcPgp.PgpSignature.SubkeyRevocation))
            {
                error = Structural + "subkey signature with wrong type";
                return false;
            }

            if (!TryVerifyBinding(primary, key, signature, out error))
            {
                return false;
            }

            if (signature.SignatureType == BcPgp.PgpSignature.SubkeyRevocation)
            {
                revocations.Add(signature);
            }
            else if (binding is null || PgpSignatureFacts.CreationUnixSeconds(signature) > PgpSignatureFacts.CreationUnixSeconds(binding))
            {
                binding = signature;
            }
        }

        if (binding is null)
        {
            error = Structural + "subkey packet not followed by signature";
            return false;
        }

        subkey = new PgpSubkey(key, binding, revocations, hasPrivateKey);
        error = null;
        return true;
    }

    /// <summary>Go's <c>VerifyKeySignature</c>: the binding or revocation by the primary key, and for a signing subkey its embedded back-signature.</summary>
    private static bool TryVerifyBinding(BcPgp.PgpPublicKey primary, BcPgp.PgpPublicKey key, BcPgp.PgpSignature signature, [NotNullWhen(false)] out string? error)
    {
        const string Invalid = Structural + "subkey signature invalid: ";
        if (!Verifies(signature, primary, s => s.VerifyCertification(primary, key)))
        {
            error = Invalid + VerificationFailure(primary.Algorithm);
            return false;
        }

        if (signature.SignatureType == BcPgp.PgpSignature.SubkeyBinding && PgpSignatureFacts.MaySign(signature))
        {
            var embedded = PgpSignatureFacts.EmbeddedSignature(signature);
            if (embedded is null)
            {
                error = Invalid + Structural + "signing subkey is missing cross-signature";
                return false;
            }

            if (!Verifies(embedded, key, s => s.VerifyCertification(primary, key)))
            {
                error = Invalid + Structural + "error while verifying cross-signature: " + VerificationFailure(key.Algorithm);
                return false;
            }
        }

        error = null;
        return true;
    }

    /// <summary>
    /// Runs a BouncyCastle check, counting any exception (an unsupported algorithm, a malformed MPI) as a failure.
    /// BouncyCastle proves every RSA modulus composite (Miller-Rabin) each time it builds a key for use: about 15 ms per
    /// RSA-2048 key on this project's 2-core machine, paid for every self-signature of a keyring and every verification,
    /// so a keyring of many RSA keys in one request would cost seconds of CPU. That test guards a party that encrypts to
    /// or trusts a modulus it did not choose; a signature check with the signer's own key gains nothing from it (a
    /// prime modulus lets only its owner forge its own signatures), and Go's crypto/rsa, which Rekor uses, does not run
    /// it. So it is turned off for these checks only (BouncyCastle's thread-scoped property), not process-wide.
    /// </summary>
    internal static bool Verifies(BcPgp.PgpSignature signature, BcPgp.PgpPublicKey key, Func<BcPgp.PgpSignature, bool> check)
    {
        try
        {
            return Org.BouncyCastle.Utilities.Properties.WithThreadProperty(RsaModulusTestsProperty, "0", () =>
            {
                signature.InitVerify(key);
                return check(signature);
            });
        }
        catch (Exception e) when (PgpKeyRingReader.IsParseFailure(e))
        {
            return false;
        }
    }

    /// <summary>BouncyCastle's count of Miller-Rabin rounds run on an RSA modulus when a key is built (see <see cref="Verifies"/>).</summary>
    private const string RsaModulusTestsProperty = "Org.BouncyCastle.Rsa.MaxMRTests";

    /// <summary>The text Go's <c>VerifySignature</c> gives when a signature of the key's algorithm does not verify.</summary>
    internal static string VerificationFailure(PublicKeyAlgorithmTag algorithm) => "openpgp: invalid signature: " + algorithm switch
    {
        PublicKeyAlgorithmTag.RsaGeneral or PublicKeyAlgorithmTag.RsaSign => "RSA verification failure",
        PublicKeyAlgorithmTag.Dsa => "DSA verification failure",
        PublicKeyAlgorithmTag.ECDsa => "ECDSA verification failure",
        PublicKeyAlgorithmTag.EdDsa_Legacy => "EdDSA verification failure",
        PublicKeyAlgorithmTag.Ed25519 => "Ed25519 verification failure",
        PublicKeyAlgorithmTag.Ed448 => "ed448 verification failure",
        _ => $"{algorithm} verification failure",
    };

    /// <summary>Go's <c>PublicKeyAlgorithm.CanSign</c>.</summary>
    private static bool CanSign(PublicKeyAlgorithmTag algorithm) => algorithm is PublicKeyAlgorithmTag.RsaGeneral or PublicKeyAlgorithmTag.RsaSign
        or PublicKeyAlgorithmTag.Dsa or PublicKeyAlgorithmTag.ECDsa or PublicKeyAlgorithmTag.EdDsa_Legacy
        or PublicKeyAlgorithmTag.Ed25519 or PublicKeyAlgorithmTag.Ed448;

    /// <summary>Go's <c>shouldPreferIdentity(existing, candidate)</c>.</summary>
    private static bool Prefer(PgpIdentity existing, PgpIdentity candidate)
    {
        if (existing.Revocations.Count != candidate.Revocations.Count)
        {
            return existing.Revocations.Count > candidate.Revocations.Count;
        }

        if (existing.SelfSignature is null)
        {
            return true;
        }

        if (candidate.SelfSignature is null)
        {
            return false;
        }

        var existingPrimary = PgpSignatureFacts.IsPrimaryUserId(existing.SelfSignature);
        var candidatePrimary = PgpSignatureFacts.IsPrimaryUserId(candidate.SelfSignature);
        if (existingPrimary != candidatePrimary)
        {
            return candidatePrimary;
        }

        return PgpSignatureFacts.CreationUnixSeconds(candidate.SelfSignature) > PgpSignatureFacts.CreationUnixSeconds(existing.SelfSignature);
    }
}
