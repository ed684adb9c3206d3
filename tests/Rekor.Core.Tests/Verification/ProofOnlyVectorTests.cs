using System.Text.Json.Nodes;
using Rekor.Core.Checkpoints;
using Rekor.Core.Merkle;
using Rekor.Core.Signing;
using Rekor.Core.Tests.Vectors;
using Rekor.Core.Verification;
using static Rekor.Core.Verification.VerificationCheck;

namespace Rekor.Core.Tests.Verification;

/// <summary>
/// <c>rekord/proof-only-public-3056587-sigstore-js.json</c>: a body, its entry ID and an inclusion proof from the
/// public log, with no SET, logID or checkpoint. Only the inclusion proof has anything to say.
/// </summary>
public class ProofOnlyVectorTests
{
    private const string File = "rekord/proof-only-public-3056587-sigstore-js.json";

    private static readonly TrustedLogKeys PublicGood = new(LogKey.FromPem(System.IO.File.ReadAllText(VectorFiles.PathOf("trusted-keys/rekor.sigstore.dev.pem"))));

    private static (string EntryId, JsonObject Entry, JsonObject Proof) Load()
    {
        var vector = JsonNode.Parse(System.IO.File.ReadAllBytes(VectorFiles.PathOf(File)))!.AsObject();
        var proof = vector["inclusionProof"]!.DeepClone().AsObject();
        var entry = new JsonObject
        {
            ["body"] = vector["body"]!.DeepClone(),
            ["verification"] = new JsonObject { ["inclusionProof"] = proof.DeepClone() },
        };
        return (vector["entryID"]!.GetValue<string>(), entry, proof);
    }

    private static LogEntryVerification Verify(string entryId, JsonObject entry) =>
        LogEntryVerifier.Verify(entryId, VectorLogEntry.ToModel(entry), PublicGood);

    [Fact]
    public void Only_the_inclusion_proof_and_the_key_are_checked_and_nothing_signed_means_not_verified()
    {
        var (entryId, entry, _) = Load();

        var result = Verify(entryId, entry);

        Assert.True(result[InclusionProof].Passed, result.ToString());
        // The vector's entry ID was computed from the body by the vectors' builder, so this holds by construction.
        Assert.True(result[BodyHashMatchesKey].Passed, result.ToString());
        Assert.All(new[] { SignedEntryTimestamp, CheckpointSignature, CheckpointMatchesProof, CheckpointTreeIdMatchesKey },
            c => Assert.Equal(CheckOutcome.NotApplicable, result[c].Outcome));
        Assert.False(result.HasFailures);
        Assert.False(result.IsVerified, "a proof to a root nobody signed proves nothing");
    }

    [Fact]
    public void Any_flipped_byte_of_any_proof_hash_or_of_the_root_fails_only_the_inclusion_proof()
    {
        var (entryId, entry, _) = Load();
        var baseline = Verify(entryId, entry);
        var hashes = EntryTampering.Proof(entry)["hashes"]!.AsArray().Count;

        for (var position = 0; position < Hash32.Length; position++)
        {
            for (var element = 0; element < hashes; element++)
            {
                VerificationAssert.OnlyCoveringChecksFail(baseline, Verify(entryId, EntryTampering.WithProofHashByte(entry, element, position)),
                    [InclusionProof], $"hashes[{element}] byte {position}");
            }

            VerificationAssert.OnlyCoveringChecksFail(baseline, Verify(entryId, EntryTampering.WithRootHashByte(entry, position)),
                [InclusionProof], $"rootHash byte {position}");
        }

        foreach (var delta in new[] { -1L, 1L })
        {
            VerificationAssert.OnlyCoveringChecksFail(baseline, Verify(entryId, EntryTampering.WithProofNumber(entry, "logIndex", delta)),
                [InclusionProof], $"logIndex {delta:+0;-0}");
        }
    }

    [Fact]
    public void Any_flipped_body_byte_fails_the_key_and_the_proof()
    {
        var (entryId, entry, _) = Load();
        var baseline = Verify(entryId, entry);
        var length = Convert.FromBase64String(entry["body"]!.GetValue<string>()).Length;

        foreach (var position in EntryTampering.Sample(length))
        {
            VerificationAssert.OnlyCoveringChecksFail(baseline, Verify(entryId, EntryTampering.WithBodyByte(entry, position)),
                [BodyHashMatchesKey, InclusionProof], $"body byte {position}");
        }
    }

    [Fact]
    public void The_proof_verifies_against_a_checkpoint_of_its_size_and_root_and_not_of_another()
    {
        var (_, entry, proof) = Load();
        var leafHash = Rfc6962.HashLeaf(Convert.FromBase64String(entry["body"]!.GetValue<string>()));
        var index = proof["logIndex"]!.GetValue<long>();
        var treeSize = proof["treeSize"]!.GetValue<long>();
        var root = Hash32.ParseHex(proof["rootHash"]!.GetValue<string>());
        Hash32[] auditPath = [.. proof["hashes"]!.AsArray().Select(h => Hash32.ParseHex(h!.GetValue<string>()))];
        var checkpoint = Checkpoint.ForTree("rekor.sigstore.dev", 3904496407287907110, treeSize, root);

        Assert.True(LogEntryVerifier.VerifyInclusion(leafHash, index, auditPath, checkpoint).Passed);
        Assert.True(LogEntryVerifier.VerifyInclusion(leafHash, index, auditPath, Checkpoint.ForTree("rekor.sigstore.dev", 3904496407287907110, treeSize, Rfc6962.EmptyRoot)).Failed);
        Assert.True(LogEntryVerifier.VerifyInclusion(leafHash, index, auditPath, Checkpoint.ForTree("rekor.sigstore.dev", 3904496407287907110, index, root)).Failed);
        Assert.True(LogEntryVerifier.VerifyInclusion(leafHash, index, auditPath.AsSpan(0, auditPath.Length - 1), checkpoint).Failed);
        for (var element = 0; element < auditPath.Length; element++)
        {
            var tampered = auditPath.ToArray();
            tampered[element] = Rfc6962.HashChildren(tampered[element], tampered[element]);
            Assert.True(LogEntryVerifier.VerifyInclusion(leafHash, index, tampered, checkpoint).Failed, $"hashes[{element}] replaced");
        }
    }
}
