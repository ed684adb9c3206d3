using System.Net;
using System.Text.Json;
using Rekor.Core.Models;
using Rekor.Core.Signing;
using Rekor.Core.Verification;

namespace Rekor.Server.Tests.Api;

/// <summary>Entries written through the API come back, verify as a client verifies them, and are found every way Rekor finds them.</summary>
public sealed class EntryLifecycleTests(RunningServer server) : IClassFixture<RunningServer>, IDisposable
{
    private readonly SignedArtifacts _signer = new();

    private HttpClient Client => server.Client;

    public void Dispose() => _signer.Dispose();

    [Fact]
    public async Task A_created_entry_verifies_like_a_sigstore_client_verifies_it()
    {
        var response = await Client.PostJsonAsync("/api/v1/log/entries", _signer.HashedRekord("artifact one"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        var (entryId, value) = Single(body);
        Assert.Equal(entryId, response.Headers.ETag?.Tag ?? response.Headers.GetValues("ETag").Single());
        Assert.Equal("/api/v1/log/entries/" + entryId, response.Headers.Location!.OriginalString);
        Assert.Matches("^[0-9a-f]{80}$", entryId);
        var verification = LogEntryVerifier.Verify(entryId, value, new TrustedLogKeys([await LogKeyAsync()]), new VerificationOptions { ExpectedCheckpointSignerName = "127.0.0.1" });
        Assert.True(verification.IsVerified, string.Join("; ", verification.Checks.Select(c => c.ToString())));
        Assert.InRange(value.IntegratedTime, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
    }

    [Fact]
    public async Task The_same_entry_twice_is_a_409_pointing_at_the_first()
    {
        var entry = _signer.HashedRekord("artifact twice");
        var first = Single(await (await Client.PostJsonAsync("/api/v1/log/entries", entry)).JsonAsync());
        var before = await Client.TreeSizeAsync();

        var again = await Client.PostJsonAsync("/api/v1/log/entries", entry);

        await again.AssertErrorAsync(HttpStatusCode.Conflict, "an equivalent entry already exists in the transparency log with UUID " + first.EntryId);
        Assert.Equal("/api/v1/log/entries/" + first.EntryId, again.Headers.Location!.OriginalString);
        Assert.Equal(before, await Client.TreeSizeAsync());
    }

    [Fact]
    public async Task An_entry_is_found_by_index_by_uuid_by_entry_id_and_by_search()
    {
        var proposed = _signer.HashedRekord("artifact found");
        var (entryId, created) = Single(await (await Client.PostJsonAsync("/api/v1/log/entries", proposed)).JsonAsync());
        var uuid = entryId[16..];

        foreach (var path in new[] { "/api/v1/log/entries?logIndex=" + created.LogIndex, "/api/v1/log/entries/" + uuid, "/api/v1/log/entries/" + entryId.ToUpperInvariant() })
        {
            var (id, found) = Single(await (await Client.GetAsync(path)).JsonAsync());
            Assert.Equal(entryId, id);
            Assert.Equal(created.Body.GetString(), found.Body.GetString());
        }

        var byIds = await (await Client.PostJsonAsync("/api/v1/log/entries/retrieve", $"{{\"entryUUIDs\":[\"{uuid}\"],\"logIndexes\":[{created.LogIndex}]}}")).JsonAsync();
        Assert.Equal(2, byIds.GetArrayLength());
        var byEntry = await (await Client.PostJsonAsync("/api/v1/log/entries/retrieve", "{\"entries\":[" + proposed + "]}")).JsonAsync();
        Assert.Equal(entryId, Single(byEntry[0]).EntryId);

        var digest = Convert.ToHexStringLower(SignedArtifacts.Digest("artifact found"));
        var byHash = await (await Client.PostJsonAsync("/api/v1/index/retrieve", $"{{\"hash\":\"sha256:{digest}\"}}")).JsonAsync();
        Assert.Equal([entryId], byHash.EnumerateArray().Select(e => e.GetString()));
        var key = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(_signer.PublicKeyPem));
        var byKey = await (await Client.PostJsonAsync("/api/v1/index/retrieve", $"{{\"publicKey\":{{\"format\":\"x509\",\"content\":\"{key}\"}},\"hash\":\"{digest}\",\"operator\":\"and\"}}")).JsonAsync();
        Assert.Contains(entryId, byKey.EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task The_home_page_and_the_search_API_read_a_bare_artifact_hash_by_the_same_rule()
    {
        var entryId = Single(await (await Client.PostJsonAsync("/api/v1/log/entries", _signer.HashedRekord("artifact on the home page"))).JsonAsync()).EntryId;
        var digest = Convert.ToHexString(SignedArtifacts.Digest("artifact on the home page")); // bare and uppercase

        var byApi = await (await Client.PostJsonAsync("/api/v1/index/retrieve", $"{{\"hash\":\"{digest}\"}}")).JsonAsync();
        var page = await Client.GetStringAsync("/?q=" + digest);

        Assert.Equal([entryId], byApi.EnumerateArray().Select(e => e.GetString()));
        Assert.Contains($"<li><a href=\"/ui/entries/{entryId}\">", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_consistency_proof_links_an_old_tree_head_to_the_new_one()
    {
        await Client.PostJsonAsync("/api/v1/log/entries", _signer.HashedRekord("before"));
        var old = await (await Client.GetAsync("/api/v1/log")).JsonAsync();
        await Client.PostJsonAsync("/api/v1/log/entries", _signer.HashedRekord("after 1"));
        await Client.PostJsonAsync("/api/v1/log/entries", _signer.HashedRekord("after 2"));
        var current = await (await Client.GetAsync("/api/v1/log")).JsonAsync();

        var (m, n) = (old.GetProperty("treeSize").GetInt64(), current.GetProperty("treeSize").GetInt64());
        var proof = await (await Client.GetAsync($"/api/v1/log/proof?firstSize={m}&lastSize={n}")).JsonAsync();

        var hashes = proof.GetProperty("hashes").EnumerateArray().Select(h => Core.Merkle.Hash32.ParseHex(h.GetString()!)).ToArray();
        Assert.True(Core.Merkle.MerkleVerifier.VerifyConsistency(m, n, hashes, Core.Merkle.Hash32.ParseHex(old.GetProperty("rootHash").GetString()!), Core.Merkle.Hash32.ParseHex(current.GetProperty("rootHash").GetString()!)));
    }

    [Theory]
    [InlineData("wrong signature")]
    [InlineData("invalid PEM")]
    [InlineData("disallowed digest")]
    public async Task An_entry_that_does_not_verify_is_refused_and_changes_nothing(string fault)
    {
        var proposed = fault switch
        {
            "wrong signature" => _signer.HashedRekord("artifact", signedInstead: "something else"),
            "invalid PEM" => _signer.HashedRekord("artifact pem").Replace(
                Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(_signer.PublicKeyPem)), Convert.ToBase64String("-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n"u8.ToArray()), StringComparison.Ordinal),
            _ => _signer.HashedRekord("artifact alg").Replace("\"sha256\"", "\"sha512\"", StringComparison.Ordinal)
                .Replace(Convert.ToHexStringLower(SignedArtifacts.Digest("artifact alg")), new string('a', 128), StringComparison.Ordinal),
        };
        var before = await Client.TreeSizeAsync();

        await (await Client.PostJsonAsync("/api/v1/log/entries", proposed)).AssertErrorAsync(HttpStatusCode.BadRequest, "error processing entry");

        Assert.Equal(before, await Client.TreeSizeAsync());
    }

    [Fact]
    public async Task A_rekord_whose_hash_does_not_match_its_content_is_refused()
    {
        var content = Convert.ToBase64String("the content"u8.ToArray());
        var key = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(_signer.PublicKeyPem));
        var zeros = new string('0', 64);
        var proposed = "{\"kind\":\"rekord\",\"apiVersion\":\"0.0.1\",\"spec\":{\"signature\":{\"format\":\"x509\",\"content\":\"MEUCIQ==\",\"publicKey\":{\"content\":\"" + key
            + "\"}},\"data\":{\"content\":\"" + content + "\",\"hash\":{\"algorithm\":\"sha256\",\"value\":\"" + zeros + "\"}}}}";
        var before = await Client.TreeSizeAsync();

        await (await Client.PostJsonAsync("/api/v1/log/entries", proposed)).AssertErrorAsync(HttpStatusCode.BadRequest, "error processing entry");

        Assert.Equal(before, await Client.TreeSizeAsync());
    }

    private async Task<LogKey> LogKeyAsync() => LogKey.FromPem(await (await Client.GetAsync("/api/v1/log/publicKey")).Content.ReadAsStringAsync());

    private static (string EntryId, LogEntryValue Value) Single(JsonElement logEntry)
    {
        var member = Assert.Single(logEntry.EnumerateObject());
        return (member.Name, member.Value.Deserialize<LogEntryValue>(Rekor.Core.Types.RekorJson.Options)!);
    }
}
