using System.Text.Json.Nodes;
using Rekor.Core.Checkpoints;
using Rekor.Core.Tests.Vectors;
using Rekor.Core.Verification;
using static Rekor.Core.Verification.VerificationCheck;

namespace Rekor.Core.Tests.Verification;

/// <summary>
/// One change to one part of a real entry fails exactly the checks that cover that part, and leaves every other check
/// as it was. Most parts are covered by one check. Three values are shared by two links of the chain and so fail both:
/// the body (its leaf hash is the key's UUID and the proven leaf, and the SET signs its text), the root hash (the proof
/// ends at it and the checkpoint states it) and the log ID (it picks the key for the SET and for the checkpoint).
/// A checkpoint whose signature fails is not compared with anything: those comparisons become Skipped.
/// </summary>
public class LogEntryVerifierTamperTests
{
    /// <summary>Digits of the UUID changed in the key: both ends and the middle.</summary>
    private static readonly int[] UuidDigits = [0, 1, 31, 32, 62, 63];

    public static TheoryData<string> FilesWith(VerificationCheck check) =>
        [.. RekorVector.All.Select(VectorLogEntry.Read).Where(v => v.Supported.Contains(check)).Select(v => v.Vector.File)];

    [Theory]
    [MemberData(nameof(FilesWith), BodyHashMatchesKey)]
    public void Any_flipped_body_byte_fails_the_key_the_set_and_the_proof_and_nothing_else(string file)
    {
        var vector = Load(file, out var baseline);
        var length = vector.Vector.Body.Length;

        foreach (var position in EntryTampering.Sample(length))
        {
            AssertOnly(vector, baseline, EntryTampering.WithBodyByte(vector.Entry, position),
                [BodyHashMatchesKey, SignedEntryTimestamp, InclusionProof], $"body byte {position} of {length}");
        }
    }

    [Theory]
    [MemberData(nameof(FilesWith), SignedEntryTimestamp)]
    public void Any_flipped_set_byte_fails_only_the_set(string file)
    {
        var vector = Load(file, out var baseline);
        var length = Convert.FromBase64String(vector.Vector.SignedEntryTimestampBase64!).Length;

        foreach (var position in Enumerable.Range(0, length))
        {
            AssertOnly(vector, baseline, EntryTampering.WithSetByte(vector.Entry, position), [SignedEntryTimestamp], $"SET byte {position}");
        }
    }

    [Theory]
    [MemberData(nameof(FilesWith), SignedEntryTimestamp)]
    public void An_integrated_time_or_global_index_off_by_one_fails_only_the_set(string file)
    {
        var vector = Load(file, out var baseline);

        foreach (var name in new[] { "integratedTime", "logIndex" })
        {
            foreach (var delta in new[] { -1L, 1L })
            {
                AssertOnly(vector, baseline, EntryTampering.WithNumber(vector.Entry, name, delta), [SignedEntryTimestamp], $"{name} {delta:+0;-0}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(FilesWith), SignedEntryTimestamp)]
    public void A_flipped_log_id_byte_fails_the_set_and_the_checkpoint_signature(string file)
    {
        var vector = Load(file, out var baseline);

        foreach (var position in new[] { 0, 3, 4, 31 })
        {
            AssertOnly(vector, baseline, EntryTampering.WithLogIdByte(vector.Entry, position),
                [SignedEntryTimestamp, CheckpointSignature], $"logID byte {position}");
        }
    }

    [Theory]
    [MemberData(nameof(FilesWith), InclusionProof)]
    public void Any_flipped_byte_of_any_proof_hash_fails_only_the_inclusion_proof(string file)
    {
        var vector = Load(file, out var baseline);
        var hashes = EntryTampering.Proof(vector.Entry)["hashes"]!.AsArray().Count;
        Assert.True(hashes > 0);

        for (var element = 0; element < hashes; element++)
        {
            // Both ends of every hash, and a third byte that moves with the element, so all 32 positions are hit.
            foreach (var position in new[] { 0, 31, (element * 7 + 13) % 32 })
            {
                AssertOnly(vector, baseline, EntryTampering.WithProofHashByte(vector.Entry, element, position),
                    [InclusionProof], $"hashes[{element}] byte {position}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(FilesWith), InclusionProof)]
    public void Any_flipped_root_hash_byte_fails_the_proof_and_the_checkpoint_comparison(string file)
    {
        var vector = Load(file, out var baseline);

        foreach (var position in Enumerable.Range(0, 32))
        {
            AssertOnly(vector, baseline, EntryTampering.WithRootHashByte(vector.Entry, position),
                [InclusionProof, CheckpointMatchesProof], $"rootHash byte {position}");
        }
    }

    [Theory]
    [MemberData(nameof(FilesWith), InclusionProof)]
    public void A_shard_index_off_by_one_fails_only_the_inclusion_proof(string file)
    {
        var vector = Load(file, out var baseline);

        foreach (var delta in new[] { -1L, 1L })
        {
            AssertOnly(vector, baseline, EntryTampering.WithProofNumber(vector.Entry, "logIndex", delta), [InclusionProof], $"inclusionProof.logIndex {delta:+0;-0}");
        }
    }

    [Theory]
    [MemberData(nameof(FilesWith), CheckpointMatchesProof)]
    public void A_tree_size_off_by_one_fails_the_checkpoint_comparison(string file)
    {
        // The audit path binds the size only through its shape (a neighbouring size often has the same shape and so
        // the same root): the checkpoint is what pins it. The inclusion proof may pass or fail; nothing else changes.
        var vector = Load(file, out var baseline);

        foreach (var delta in new[] { -1L, 1L })
        {
            var tampered = VectorLogEntry.ToModel(EntryTampering.WithProofNumber(vector.Entry, "treeSize", delta));
            var result = LogEntryVerifier.Verify(vector.Key, tampered, vector.TrustedKeys);
            Assert.True(result[CheckpointMatchesProof].Failed, $"treeSize {delta:+0;-0}: {result}");
            Assert.All(result.Checks.Where(c => c.Check is not (CheckpointMatchesProof or InclusionProof)),
                c => Assert.Equal(baseline[c.Check].Outcome, c.Outcome));
        }
    }

    [Theory]
    [MemberData(nameof(FilesWith), CheckpointSignature)]
    public void Any_flipped_byte_of_the_signed_checkpoint_text_fails_only_its_signature(string file)
    {
        var vector = Load(file, out var baseline);
        var signedLength = EntryTampering.CheckpointBodyLength(vector.Entry);

        // The body lines with their newlines, and the blank line that ends them.
        foreach (var position in Enumerable.Range(0, signedLength + 1))
        {
            AssertOnly(vector, baseline, EntryTampering.WithCheckpointTextByte(vector.Entry, position), [CheckpointSignature], $"checkpoint text byte {position}");
        }
    }

    [Theory]
    [MemberData(nameof(FilesWith), CheckpointSignature)]
    public void Under_an_expected_signer_name_any_flipped_byte_of_the_signature_line_fails_only_the_signature(string file)
    {
        // The signer name is not signed; only a verifier that expects a name notices a change to it. (The signed text
        // before the blank line is covered above.)
        var vector = Load(file, out _);
        var origin = SignedCheckpoint.Parse(vector.Model().Verification!.InclusionProof!.Checkpoint).Checkpoint.Origin;
        var options = new VerificationOptions { ExpectedCheckpointSignerName = origin[..origin.LastIndexOf(" - ", StringComparison.Ordinal)] };
        var baseline = vector.Verify(options);
        Assert.True(baseline.IsVerified, baseline.ToString());

        var signedLength = EntryTampering.CheckpointBodyLength(vector.Entry);
        foreach (var position in Enumerable.Range(signedLength, EntryTampering.CheckpointLength(vector.Entry) - signedLength))
        {
            AssertOnly(vector, baseline, EntryTampering.WithCheckpointTextByte(vector.Entry, position), [CheckpointSignature], $"checkpoint byte {position}", options);
        }
    }

    [Theory]
    [MemberData(nameof(FilesWith), CheckpointSignature)]
    public void Any_flipped_byte_of_the_checkpoint_signature_fails_only_its_signature(string file)
    {
        var vector = Load(file, out var baseline);
        var note = SignedCheckpoint.Parse(vector.Model().Verification!.InclusionProof!.Checkpoint);
        var length = note.Signatures[0].KeyHint.Length + note.Signatures[0].Signature.Length;

        foreach (var position in Enumerable.Range(0, length))
        {
            AssertOnly(vector, baseline, EntryTampering.WithCheckpointSignatureByte(vector.Entry, position), [CheckpointSignature],
                position < 4 ? $"key hint byte {position}" : $"signature byte {position - 4}");
        }
    }

    [Theory]
    [MemberData(nameof(FilesWith), BodyHashMatchesKey)]
    public void A_changed_uuid_digit_in_the_key_fails_only_the_body_hash(string file)
    {
        var vector = Load(file, out var baseline);
        var uuidStart = vector.Key.Length - EntryId.UuidHexLength;

        foreach (var position in UuidDigits.Select(p => uuidStart + p))
        {
            var key = EntryTampering.KeyWithDigit(vector.Key, position);
            AssertOnly(vector, baseline, LogEntryVerifier.Verify(key, vector.Model(), vector.TrustedKeys), [BodyHashMatchesKey], $"key digit {position}");
        }
    }

    [Theory]
    [MemberData(nameof(FilesWith), CheckpointTreeIdMatchesKey)]
    public void A_changed_tree_id_digit_in_the_key_fails_only_the_tree_id_comparison(string file)
    {
        var vector = Load(file, out var baseline);

        foreach (var position in Enumerable.Range(0, EntryId.TreeIdHexLength))
        {
            var key = EntryTampering.KeyWithDigit(vector.Key, position);
            AssertOnly(vector, baseline, LogEntryVerifier.Verify(key, vector.Model(), vector.TrustedKeys), [CheckpointTreeIdMatchesKey], $"key digit {position}");
        }
    }

    private static VectorLogEntry Load(string file, out LogEntryVerification baseline)
    {
        var vector = VectorLogEntry.Read(RekorVector.Named(file));
        baseline = vector.Verify();
        Assert.True(baseline.IsVerified, baseline.ToString());
        return vector;
    }

    private static void AssertOnly(
        VectorLogEntry vector, LogEntryVerification baseline, JsonObject tampered, VerificationCheck[] covering, string what,
        VerificationOptions? options = null) =>
        AssertOnly(vector, baseline, LogEntryVerifier.Verify(vector.Key, VectorLogEntry.ToModel(tampered), vector.TrustedKeys, options), covering, what);

    private static void AssertOnly(
        VectorLogEntry vector, LogEntryVerification baseline, LogEntryVerification result, VerificationCheck[] covering, string what) =>
        VerificationAssert.OnlyCoveringChecksFail(baseline, result, covering, $"{vector.Vector.File}, {what}");
}
