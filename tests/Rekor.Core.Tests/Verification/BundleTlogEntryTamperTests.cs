using System.Text.Json.Nodes;
using Rekor.Core.Checkpoints;
using Rekor.Core.Signing;
using Rekor.Core.Tests.Signing;
using Rekor.Core.Tests.Vectors;
using Rekor.Core.Verification;
using static Rekor.Core.Tests.Verification.BundleTlogTampering;
using static Rekor.Core.Verification.VerificationCheck;

namespace Rekor.Core.Tests.Verification;

/// <summary>
/// One change to one field of a real bundle tlog entry fails exactly the checks that cover it. Unlike a v1 entry, a
/// bundle carries no key: it is rebuilt from the body, so a changed body still matches its key and is caught by the
/// SET and the proof instead.
/// </summary>
public class BundleTlogEntryTamperTests
{
    public static TheoryData<string> FilesWith(VerificationCheck check) =>
        [.. VectorBundleEntry.Files.Where(f => VectorBundleEntry.Read(f).Supported.Contains(check))];

    [Theory]
    [MemberData(nameof(FilesWith), SignedEntryTimestamp)]
    public void A_flipped_body_byte_fails_the_set_and_the_proof_but_the_rebuilt_key_still_matches(string file)
    {
        var vector = Load(file, out var baseline);
        var length = vector.V1.Vector.Body.Length;

        foreach (var position in EntryTampering.Sample(length, all: 16))
        {
            var result = vector.Verify(WithBase64Byte(vector.Tlog, t => t, "canonicalizedBody", position));

            VerificationAssert.OnlyCoveringChecksFail(baseline.LogEntry, result.LogEntry, [SignedEntryTimestamp, InclusionProof], $"body byte {position}");
            Assert.True(result[BodyHashMatchesKey].Passed);
            Assert.False(result.IsVerified);
        }
    }

    [Theory]
    [MemberData(nameof(FilesWith), SignedEntryTimestamp)]
    public void A_different_set_fails_only_the_set(string file)
    {
        var vector = Load(file, out var baseline);
        var length = Convert.FromBase64String(vector.V1.Vector.SignedEntryTimestampBase64!).Length;

        foreach (var position in new[] { 0, 5, length / 2, length - 1 })
        {
            var result = vector.Verify(WithBase64Byte(vector.Tlog, t => t["inclusionPromise"]!.AsObject(), "signedEntryTimestamp", position));

            VerificationAssert.OnlyCoveringChecksFail(baseline.LogEntry, result.LogEntry, [SignedEntryTimestamp], $"SET byte {position}");
            Assert.True(result.KindVersion.Passed);
        }
    }

    [Theory]
    [MemberData(nameof(FilesWith), SignedEntryTimestamp)]
    public void A_global_index_or_integrated_time_off_by_one_fails_only_the_set(string file)
    {
        var vector = Load(file, out var baseline);

        foreach (var name in new[] { "logIndex", "integratedTime" })
        {
            var result = vector.Verify(WithInt64(vector.Tlog, t => t, name, 1));

            VerificationAssert.OnlyCoveringChecksFail(baseline.LogEntry, result.LogEntry, [SignedEntryTimestamp], name + " + 1");
        }
    }

    [Theory]
    [MemberData(nameof(FilesWith), InclusionProof)]
    public void A_forged_proof_hash_or_shard_index_fails_only_the_proof(string file)
    {
        var vector = Load(file, out var baseline);
        var hashes = Proof(vector.Tlog)["hashes"]!.AsArray().Count;

        foreach (var element in new[] { 0, hashes - 1 }.Where(e => e >= 0).Distinct())
        {
            var result = vector.Verify(WithProofHashByte(vector.Tlog, element, 31));
            VerificationAssert.OnlyCoveringChecksFail(baseline.LogEntry, result.LogEntry, [InclusionProof], $"hashes[{element}]");
        }

        var shifted = vector.Verify(WithInt64(vector.Tlog, Proof, "logIndex", 1));
        VerificationAssert.OnlyCoveringChecksFail(baseline.LogEntry, shifted.LogEntry, [InclusionProof], "inclusionProof.logIndex + 1");
    }

    [Theory]
    [MemberData(nameof(FilesWith), CheckpointSignature)]
    public void A_forged_root_hash_fails_the_proof_and_the_checkpoint_comparison(string file)
    {
        var vector = Load(file, out var baseline);

        var result = vector.Verify(WithBase64Byte(vector.Tlog, Proof, "rootHash", 0));

        VerificationAssert.OnlyCoveringChecksFail(baseline.LogEntry, result.LogEntry, [InclusionProof, CheckpointMatchesProof], "rootHash byte 0");
    }

    [Theory]
    [MemberData(nameof(FilesWith), CheckpointSignature)]
    public async Task A_checkpoint_signed_by_another_key_fails_even_when_that_key_is_trusted(string file)
    {
        var vector = Load(file, out var baseline);
        var note = SignedCheckpoint.Parse(vector.V1.Vector.Checkpoint!);
        var other = TestSigners.Get("P-256");
        var forged = await SignedCheckpoint.SignAsync(note.Checkpoint, note.Signatures[0].Name, other);
        var tlog = With(vector.Tlog, t => Proof(t)["checkpoint"] = new JsonObject { ["envelope"] = forged });
        var bothKeys = new TrustedLogKeys(LogKey.FromPem(vector.V1.Vector.LogPublicKeyPem), other.PublicKey);

        var result = BundleTlogEntryVerifier.Verify(VectorBundleEntry.Element(tlog), bothKeys);

        VerificationAssert.OnlyCoveringChecksFail(baseline.LogEntry, result.LogEntry, [CheckpointSignature], "re-signed checkpoint");
        Assert.Contains("key hint", result[CheckpointSignature].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(FilesWith), SignedEntryTimestamp)]
    public void A_kind_version_that_is_not_the_bodys_fails_only_the_kind_version_check(string file)
    {
        var vector = Load(file, out var baseline);

        foreach (var (field, value) in new[] { ("kind", "rekord"), ("version", "0.0.9"), ("kind", "HASHEDREKORD") })
        {
            var result = vector.Verify(With(vector.Tlog, t => t["kindVersion"]![field] = value));

            Assert.True(result.KindVersion.Failed, $"{field} = {value}: {result.KindVersion}");
            Assert.Contains(value, result.KindVersion.Reason, StringComparison.Ordinal);
            Assert.Equal(baseline.LogEntry.Checks, result.LogEntry.Checks);
            Assert.True(result.LogEntry.IsVerified);
            Assert.False(result.IsVerified);
            Assert.True(result.HasFailures);
        }
    }

    [Theory]
    [MemberData(nameof(FilesWith), SignedEntryTimestamp)]
    public void A_log_key_that_is_not_trusted_fails_the_set_and_the_checkpoint(string file)
    {
        var vector = Load(file, out _);
        var rightKey = LogKey.FromPem(vector.V1.Vector.LogPublicKeyPem);
        var otherKeys = new TrustedLogKeys(Directory
            .EnumerateFiles(VectorFiles.PathOf("trusted-keys"), "*.pem", SearchOption.AllDirectories)
            .Select(path => LogKey.FromPem(File.ReadAllText(path)))
            .Where(key => !key.Equals(rightKey)));

        var result = BundleTlogEntryVerifier.Verify(VectorBundleEntry.Element(vector.Tlog), otherKeys);

        Assert.True(result[SignedEntryTimestamp].Failed, result.ToString());
        Assert.Contains("no trusted log key", result[SignedEntryTimestamp].Reason, StringComparison.Ordinal);
        Assert.Equal(
            vector.Supported.Contains(CheckpointSignature) ? CheckOutcome.Failed : CheckOutcome.NotApplicable,
            result[CheckpointSignature].Outcome);
        Assert.False(result.IsVerified);
    }

    private static VectorBundleEntry Load(string file, out BundleTlogEntryVerification baseline)
    {
        var vector = VectorBundleEntry.Read(file);
        baseline = vector.Verify();
        Assert.True(baseline.IsVerified, baseline.ToString());
        return vector;
    }
}
