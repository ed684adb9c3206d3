using System.Text;
using Rekor.Core.Canonical;
using Rekor.Core.Merkle;
using Rekor.Core.Signing;
using Rekor.Core.Tests.Signing;
using Rekor.Core.Tests.Vectors;
using Rekor.Core.Timestamps;

namespace Rekor.Core.Tests.Timestamps;

public class SignedEntryTimestampTests
{
    public static TheoryData<string> Files() => [.. RekorVector.All.Where(v => v.SignedEntryTimestampBase64 is not null).Select(v => v.File)];

    private static (RekorVector Vector, LogKey Key, Hash32 LogId, byte[] Set) Load(string file)
    {
        var vector = RekorVector.Named(file);
        return (vector, LogKey.FromPem(vector.LogPublicKeyPem), Hash32.ParseHex(vector.LogIdHex), Convert.FromBase64String(vector.SignedEntryTimestampBase64!));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_logged_set_verifies_with_the_log_key_over_the_global_index(string file)
    {
        var (vector, key, logId, set) = Load(file);

        Assert.True(SignedEntryTimestamp.Verify(key, vector.BodyBase64, vector.IntegratedTime, logId, vector.LogIndex, set));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_logged_set_fails_after_a_change_to_time_index_or_log_id(string file)
    {
        var (vector, key, logId, set) = Load(file);
        var otherLogId = new Hash32(System.Security.Cryptography.SHA256.HashData(logId.ToArray()));

        Assert.False(SignedEntryTimestamp.Verify(key, vector.BodyBase64, vector.IntegratedTime + 1, logId, vector.LogIndex, set));
        Assert.False(SignedEntryTimestamp.Verify(key, vector.BodyBase64, vector.IntegratedTime - 1, logId, vector.LogIndex, set));
        Assert.False(SignedEntryTimestamp.Verify(key, vector.BodyBase64, vector.IntegratedTime, logId, vector.LogIndex + 1, set));
        Assert.False(SignedEntryTimestamp.Verify(key, vector.BodyBase64, vector.IntegratedTime, logId, vector.LogIndex - 1, set));
        Assert.False(SignedEntryTimestamp.Verify(key, vector.BodyBase64, vector.IntegratedTime, otherLogId, vector.LogIndex, set));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_logged_set_fails_after_a_one_byte_change_to_the_body(string file)
    {
        var (vector, key, logId, set) = Load(file);
        var body = vector.Body;
        var seed = HashCode.Combine(file.Length, Environment.TickCount);
        var random = new Random(seed);
        var positions = new[] { 0, body.Length / 2, body.Length - 1 }.Concat(Enumerable.Range(0, 8).Select(_ => random.Next(body.Length)));

        foreach (var position in positions)
        {
            var changed = body.ToArray();
            changed[position] ^= 0x01;
            Assert.False(
                SignedEntryTimestamp.Verify(key, Convert.ToBase64String(changed), vector.IntegratedTime, logId, vector.LogIndex, set),
                $"seed {seed}: body byte {position} changed and the SET still verified");
        }

        // The signature covers the base64 text, not the decoded bytes.
        Assert.False(SignedEntryTimestamp.Verify(key, vector.BodyBase64 + "\n", vector.IntegratedTime, logId, vector.LogIndex, set));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_logged_set_fails_after_a_one_byte_change_to_itself(string file)
    {
        var (vector, key, logId, set) = Load(file);

        for (var i = 0; i < set.Length; i++)
        {
            var changed = set.ToArray();
            changed[i] ^= 0x01;
            Assert.False(
                SignedEntryTimestamp.Verify(key, vector.BodyBase64, vector.IntegratedTime, logId, vector.LogIndex, changed),
                $"SET byte {i} changed and it still verified");
        }
    }

    [Fact]
    public void The_set_of_a_sharded_entry_does_not_cover_its_shard_index()
    {
        // Global 1633569114 is shard-local 1511664852 (offset 121904262, vectors README §3).
        var (vector, key, logId, set) = Load("hashedrekord/public-1633569114-sigstore-java-p256.json");

        Assert.False(SignedEntryTimestamp.Verify(key, vector.BodyBase64, vector.IntegratedTime, logId, vector.LogIndex - 121904262, set));
    }

    [Fact]
    public void The_payload_is_the_canonical_four_member_object()
    {
        var logId = Hash32.ParseHex("c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d");

        var payload = SignedEntryTimestamp.Payload("eyJhIjoxfQ==", 1700000000, logId, 12345);

        const string expected = "{\"body\":\"eyJhIjoxfQ==\",\"integratedTime\":1700000000,"
            + "\"logID\":\"c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d\",\"logIndex\":12345}";
        Assert.Equal(expected, Encoding.UTF8.GetString(payload));
        var shuffled = "{ \"logIndex\": 12345, \"logID\": \"c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d\", "
            + "\"integratedTime\": 1700000000, \"body\": \"eyJhIjoxfQ==\" }";
        Assert.Equal(JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(shuffled)), payload);
    }

    [Fact]
    public void Integers_beyond_2_to_the_53_are_written_as_rekors_float64_canonicalization_writes_them()
    {
        var payload = Encoding.UTF8.GetString(SignedEntryTimestamp.Payload("", 0, default, 9007199254740993));

        Assert.EndsWith("\"logIndex\":9007199254740992}", payload, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestSigners.Algorithms), MemberType = typeof(TestSigners))]
    public async Task A_set_we_sign_verifies_and_names_our_log(string algorithm)
    {
        var signer = TestSigners.Get(algorithm);
        const string body = "eyJhcGlWZXJzaW9uIjoiMC4wLjEiLCJraW5kIjoiaGFzaGVkcmVrb3JkIn0=";

        var set = await SignedEntryTimestamp.SignAsync(signer, body, 1779805323, 1633569217, CancellationToken.None);

        Assert.True(SignedEntryTimestamp.Verify(signer.PublicKey, body, 1779805323, signer.PublicKey.LogId, 1633569217, set));
        Assert.True(signer.PublicKey.Verify(SignedEntryTimestamp.Payload(body, 1779805323, signer.PublicKey.LogId, 1633569217), set));
        Assert.False(SignedEntryTimestamp.Verify(signer.PublicKey, body, 1779805323, signer.PublicKey.LogId, 1633569218, set));
        Assert.All(
            TestSigners.All.Where(s => s != signer),
            other => Assert.False(SignedEntryTimestamp.Verify(other.PublicKey, body, 1779805323, other.PublicKey.LogId, 1633569217, set)));
    }
}
