using System.Net;
using System.Security.Cryptography;
using System.Text;
using Rekor.Server.Tests.Attestations;

namespace Rekor.Server.Tests.Api;

/// <summary>
/// dsse and intoto entries through the API: created, refused when tampered, and found by each of their index keys
/// (spec §8.4-8.5): the statement's subject digest, the payload hash and <c>sha256:</c> of the key's canonical PEM.
/// </summary>
public sealed class EnvelopeKindsApiTests(RunningServer server) : IClassFixture<RunningServer>, IDisposable
{
    private readonly EnvelopeEntries _entries = new();

    private HttpClient Client => server.Client;

    public void Dispose() => _entries.Dispose();

    public static TheoryData<string> Kinds() => ["dsse", "intoto"];

    private string Proposed(string kind, byte[] payload) => kind == "dsse" ? _entries.Dsse(payload) : _entries.Intoto(payload);

    private async Task<string[]> SearchAsync(string query) =>
        [.. (await (await Client.PostJsonAsync("/api/v1/index/retrieve", query)).JsonAsync()).EnumerateArray().Select(e => e.GetString()!)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task An_entry_is_found_by_its_subject_digest_its_payload_hash_and_its_key_hash(string kind)
    {
        var subject = $"{kind} subject {Guid.NewGuid()}";
        var payload = EnvelopeEntries.Statement(subject);
        var response = await Client.PostJsonAsync("/api/v1/log/entries", Proposed(kind, payload));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var entryId = Assert.Single((await response.JsonAsync()).EnumerateObject()).Name;
        var keyPem = Encoding.ASCII.GetBytes(_entries.PublicKeyPem);

        Assert.Equal([entryId], await SearchAsync($"{{\"hash\":\"sha256:{Hex(Encoding.UTF8.GetBytes(subject))}\"}}"));
        Assert.Equal([entryId], await SearchAsync($"{{\"hash\":\"sha256:{Hex(payload)}\"}}"));
        Assert.Contains(entryId, await SearchAsync($"{{\"hash\":\"sha256:{Hex(keyPem)}\"}}"));

        // Rekor's trap (spec §11): these kinds index their key hash with a sha256: prefix, a publicKey search looks up
        // the bare hash, so it never finds them.
        Assert.DoesNotContain(entryId, await SearchAsync($"{{\"publicKey\":{{\"format\":\"x509\",\"content\":\"{Convert.ToBase64String(keyPem)}\"}}}}"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_tampered_payload_is_a_400_and_logs_nothing(string kind)
    {
        var payload = EnvelopeEntries.Statement("tampered " + Guid.NewGuid());
        var proposed = Proposed(kind, payload);
        var original = kind == "dsse" ? Convert.ToBase64String(payload) : Convert.ToBase64String(Encoding.ASCII.GetBytes(Convert.ToBase64String(payload)));
        var other = EnvelopeEntries.Statement("other " + Guid.NewGuid());
        var replaced = kind == "dsse" ? Convert.ToBase64String(other) : Convert.ToBase64String(Encoding.ASCII.GetBytes(Convert.ToBase64String(other)));
        Assert.Contains(original, proposed, StringComparison.Ordinal);
        var before = await Client.TreeSizeAsync();

        var response = await Client.PostJsonAsync("/api/v1/log/entries", proposed.Replace(original, replaced, StringComparison.Ordinal));

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "error processing entry: ");
        Assert.Equal(before, await Client.TreeSizeAsync());
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
