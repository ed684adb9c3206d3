using System.Text;
using Rekor.Core.Checkpoints;
using Rekor.Core.Signing;
using Rekor.Core.Tests.Signing;
using Rekor.Core.Tests.Vectors;

namespace Rekor.Core.Tests.Checkpoints;

/// <summary>Checkpoints served by the real Rekor logs (inclusionProof.checkpoint of the shared vectors).</summary>
public class VectorCheckpointTests
{
    public static TheoryData<string> Files() => [.. RekorVector.All.Where(v => v.Checkpoint is not null).Select(v => v.File)];

    private static (RekorVector Vector, SignedCheckpoint Parsed, LogKey Key, string Name) Load(string file)
    {
        var vector = RekorVector.Named(file);
        Assert.True(SignedCheckpoint.TryParse(vector.Checkpoint!, out var parsed, out var error), error);
        return (vector, parsed, LogKey.FromPem(vector.LogPublicKeyPem), parsed.Signatures[0].Name);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_logged_checkpoint_parses_and_verifies_with_the_log_key(string file)
    {
        var (vector, parsed, key, name) = Load(file);

        Assert.True(parsed.VerifiedBy(key));
        Assert.True(parsed.VerifiedBy(key, expectedName: name));
        Assert.False(parsed.VerifiedBy(key, expectedName: name + ".example"));
        Assert.Equal(parsed.NoteBody, parsed.Checkpoint.ToNoteBody());
        Assert.Equal(vector.Checkpoint, parsed.ToString());
        Assert.Equal(key.KeyHint.ToArray(), Assert.Single(parsed.Signatures).KeyHint);
        Assert.True(parsed.Checkpoint.TryGetTreeId(out var treeId));
        Assert.Equal(vector.ShardTreeId, treeId);
        Assert.StartsWith(name + " - ", parsed.Checkpoint.Origin, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_logged_checkpoint_is_not_verified_by_another_logs_key(string file)
    {
        var (_, parsed, key, _) = Load(file);
        var otherLogs = Directory.EnumerateFiles(VectorFiles.PathOf("trusted-keys"), "*.pem", SearchOption.AllDirectories)
            .Select(path => LogKey.FromPem(File.ReadAllText(path)))
            .Where(other => !other.Equals(key))
            .Append(TestSigners.Get("P-256").PublicKey);

        Assert.All(otherLogs, other => Assert.False(parsed.VerifiedBy(other)));
    }

    [Fact]
    public void Checkpoints_from_before_rekor_1_3_5_carry_a_signed_timestamp_line()
    {
        var withTimestamp = RekorVector.All.Where(v => v.Checkpoint is not null)
            .Select(v => SignedCheckpoint.Parse(v.Checkpoint!))
            .Where(c => c.Checkpoint.OtherContent.Count > 0)
            .ToList();

        Assert.NotEmpty(withTimestamp);
        Assert.All(withTimestamp, c =>
        {
            var line = Assert.Single(c.Checkpoint.OtherContent);
            Assert.Matches("^Timestamp: [0-9]+$", line);
            Assert.EndsWith(line + "\n", c.NoteBody, StringComparison.Ordinal);
        });
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Any_single_byte_change_to_a_logged_checkpoint_breaks_it(string file)
    {
        var (vector, _, key, name) = Load(file);
        var bytes = Encoding.UTF8.GetBytes(vector.Checkpoint!);

        for (var i = 0; i < bytes.Length; i++)
        {
            var changed = bytes.ToArray();
            changed[i] ^= 0x01;
            var text = Encoding.UTF8.GetString(changed);
            Assert.False(
                SignedCheckpoint.TryParse(text, out var parsed, out _) && parsed.VerifiedBy(key, name),
                $"byte {i} of the text changed ({bytes[i]:x2} to {changed[i]:x2}) and the checkpoint still verified");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Any_single_byte_change_to_the_key_hint_or_signature_breaks_it(string file)
    {
        var (_, parsed, key, name) = Load(file);
        var original = parsed.Signatures[0];
        byte[] blob = [.. original.KeyHint, .. original.Signature];

        for (var i = 0; i < blob.Length; i++)
        {
            var changed = blob.ToArray();
            changed[i] ^= 0x01;
            var text = parsed.NoteBody + "\n\u2014 " + name + " " + Convert.ToBase64String(changed) + "\n";
            var reparsed = SignedCheckpoint.Parse(text);
            Assert.False(reparsed.VerifiedBy(key), $"signature byte {i} changed and the checkpoint still verified");
        }
    }
}
