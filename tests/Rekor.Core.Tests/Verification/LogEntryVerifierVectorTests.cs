using Rekor.Core.Checkpoints;
using Rekor.Core.Merkle;
using Rekor.Core.Signing;
using Rekor.Core.Tests.Signing;
using Rekor.Core.Tests.Vectors;
using Rekor.Core.Verification;

namespace Rekor.Core.Tests.Verification;

/// <summary>Every real log entry in the shared vectors, verified as a client receives it.</summary>
public class LogEntryVerifierVectorTests
{
    private static readonly VerificationCheck[] CheckpointContents =
        [VerificationCheck.CheckpointMatchesProof, VerificationCheck.CheckpointTreeIdMatchesKey];

    public static TheoryData<string> Files() => [.. RekorVector.All.Select(v => v.File)];

    internal static VectorLogEntry Load(string file) => VectorLogEntry.Read(RekorVector.Named(file));

    [Fact]
    public void Every_vector_with_a_log_entry_is_verified_here()
    {
        // 39 vectors hold a logEntry (README §1: 23 hashedrekord, 8 dsse, 4 intoto, 3 rekord, 1 jar).
        Assert.Equal(39, RekorVector.All.Count);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_check_a_vector_supports_passes_and_every_other_is_not_applicable(string file)
    {
        var vector = Load(file);

        var result = vector.Verify();

        Assert.Equal(Enum.GetValues<VerificationCheck>(), result.Checks.Select(c => c.Check));
        Assert.All(result.Checks, c => Assert.True(
            c.Outcome == (vector.Supported.Contains(c.Check) ? CheckOutcome.Passed : CheckOutcome.NotApplicable),
            $"{c} (supported: {string.Join(", ", vector.Supported)})"));
        Assert.True(result.IsVerified, result.ToString());
        Assert.Equal(vector.Key, result.EntryId.ToString());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_checkpoint_verifies_under_the_logs_hostname_and_fails_under_another(string file)
    {
        var vector = Load(file);
        if (!vector.Supported.Contains(VerificationCheck.CheckpointSignature))
        {
            return;
        }

        var origin = SignedCheckpoint.Parse(vector.Model().Verification!.InclusionProof!.Checkpoint).Checkpoint.Origin;
        var hostname = origin[..origin.LastIndexOf(" - ", StringComparison.Ordinal)];

        var named = vector.Verify(new VerificationOptions { ExpectedCheckpointSignerName = hostname });
        var misnamed = vector.Verify(new VerificationOptions { ExpectedCheckpointSignerName = "rekor.example.com" });

        Assert.True(named.IsVerified, named.ToString());
        Assert.True(misnamed[VerificationCheck.CheckpointSignature].Failed, misnamed.ToString());
        Assert.Contains("rekor.example.com", misnamed[VerificationCheck.CheckpointSignature].Reason, StringComparison.Ordinal);
        Assert.All(CheckpointContents.Where(vector.Supported.Contains), c => Assert.Equal(CheckOutcome.Skipped, misnamed[c].Outcome));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Another_logs_key_fails_the_set_and_the_checkpoint_but_not_the_body_or_the_proof(string file)
    {
        var vector = Load(file);
        var rightKey = LogKey.FromPem(vector.Vector.LogPublicKeyPem);
        var otherKeys = new TrustedLogKeys(Directory
            .EnumerateFiles(VectorFiles.PathOf("trusted-keys"), "*.pem", SearchOption.AllDirectories)
            .Select(path => LogKey.FromPem(File.ReadAllText(path)))
            .Where(key => !key.Equals(rightKey))
            .Append(TestSigners.Get("P-256").PublicKey));

        var result = LogEntryVerifier.Verify(vector.Key, vector.Model(), otherKeys);

        Assert.True(result[VerificationCheck.SignedEntryTimestamp].Failed, result.ToString());
        Assert.Equal(
            vector.Supported.Contains(VerificationCheck.CheckpointSignature) ? CheckOutcome.Failed : CheckOutcome.NotApplicable,
            result[VerificationCheck.CheckpointSignature].Outcome);
        Assert.Equal(vector.Supported.Contains(VerificationCheck.InclusionProof), result[VerificationCheck.InclusionProof].Passed);
        Assert.True(result[VerificationCheck.BodyHashMatchesKey].Passed);
        Assert.All(CheckpointContents.Where(vector.Supported.Contains), c => Assert.Equal(CheckOutcome.Skipped, result[c].Outcome));
        Assert.False(result.IsVerified);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_required_check_the_entry_carries_nothing_for_fails(string file)
    {
        var vector = Load(file);
        var all = Enum.GetValues<VerificationCheck>().ToHashSet();

        var result = vector.Verify(new VerificationOptions { RequiredChecks = all });

        Assert.All(result.Checks, c => Assert.Equal(vector.Supported.Contains(c.Check) ? CheckOutcome.Passed : CheckOutcome.Failed, c.Outcome));
        Assert.All(result.Checks.Where(c => c.Failed), c => Assert.StartsWith("required, but ", c.Reason, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_proof_verifies_against_its_own_signed_checkpoint(string file)
    {
        var vector = Load(file);
        if (!vector.Supported.Contains(VerificationCheck.CheckpointSignature))
        {
            return;
        }

        var proof = vector.Model().Verification!.InclusionProof!;
        var checkpoint = SignedCheckpoint.Parse(proof.Checkpoint);
        Assert.True(checkpoint.VerifiedBy(LogKey.FromPem(vector.Vector.LogPublicKeyPem)));
        var leafHash = Rfc6962.HashLeaf(vector.Vector.Body);
        Hash32[] auditPath = [.. proof.Hashes.Select(Hash32.ParseHex)];

        Assert.True(LogEntryVerifier.VerifyInclusion(leafHash, proof.LogIndex, auditPath, checkpoint.Checkpoint).Passed);
        Assert.True(LogEntryVerifier.VerifyInclusion(leafHash, proof.LogIndex + 1, auditPath, checkpoint.Checkpoint).Failed);
        Assert.True(LogEntryVerifier.VerifyInclusion(Rfc6962.HashLeaf([]), proof.LogIndex, auditPath, checkpoint.Checkpoint).Failed);
    }
}
