using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rekor.Core.Canonical;
using Rekor.Core.Models;
using Rekor.Core.Signing;
using Rekor.Core.Tests.Tuf;
using Rekor.Core.Types;
using Rekor.Core.Verification;

namespace Rekor.Server.Tests.Api;

/// <summary>
/// tuf 0.0.1 entries through the API, with roots and metadata built and signed in code (<see cref="TestTuf"/>): created
/// and verified as a client verifies them, found by the metadata's hash; tampered metadata is a 400 that logs nothing.
/// </summary>
public sealed class TufApiTests(RunningServer server) : IClassFixture<RunningServer>
{
    private static readonly TestTuf.Signer RootKey = TestTuf.Ed25519();
    private static readonly TestTuf.Signer TargetsKey = TestTuf.Rsa();

    private HttpClient Client => server.Client;

    private static JsonObject Root() => TestTuf.Sign(TestTuf.RootSigned([RootKey], 1, [TargetsKey], 1), RootKey);

    [Fact]
    public async Task An_entry_is_created_verified_and_found_by_its_metadata_hash()
    {
        var metadata = TestTuf.Sign(TestTuf.TargetsSigned(file: $"{Guid.NewGuid()}.txt"), TargetsKey);

        var response = await Client.PostJsonAsync("/api/v1/log/entries", TestTuf.Entry(metadata, Root(), asBase64: true));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var member = Assert.Single((await response.JsonAsync()).EnumerateObject());
        var entryId = member.Name;
        var logKey = LogKey.FromPem(await (await Client.GetAsync("/api/v1/log/publicKey")).Content.ReadAsStringAsync());
        var verification = LogEntryVerifier.Verify(
            entryId, member.Value.Deserialize<LogEntryValue>(RekorJson.Options)!, new TrustedLogKeys([logKey]),
            new VerificationOptions { ExpectedCheckpointSignerName = "127.0.0.1" });
        Assert.True(verification.IsVerified, string.Join("; ", verification.Checks.Select(c => c.ToString())));

        // tuf indexes the metadata hash as bare hex, which a hash search (always prefixed "sha256:") cannot reach, as in
        // Rekor; the root, given as a tuf public key, finds the entry.
        var metadataHash = Convert.ToHexStringLower(SHA256.HashData(JsonCanonicalizer.Canonicalize(System.Text.Encoding.UTF8.GetBytes(metadata.ToJsonString()))));
        var byHash = await (await Client.PostJsonAsync("/api/v1/index/retrieve", $"{{\"hash\":\"{metadataHash}\"}}")).JsonAsync();
        Assert.Empty(byHash.EnumerateArray());
        var root = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Root().ToJsonString()));
        var byRoot = await (await Client.PostJsonAsync("/api/v1/index/retrieve", $"{{\"publicKey\":{{\"format\":\"tuf\",\"content\":\"{root}\"}}}}")).JsonAsync();
        Assert.Contains(entryId, byRoot.EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Tampered_metadata_is_a_400_and_logs_nothing()
    {
        var metadata = TestTuf.Sign(TestTuf.TargetsSigned(file: $"{Guid.NewGuid()}.txt"), TargetsKey);
        metadata["signed"]!["version"] = 99;
        var before = await Client.TreeSizeAsync();

        var response = await Client.PostJsonAsync("/api/v1/log/entries", TestTuf.Entry(metadata, Root()));

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "error processing entry: ");
        Assert.Equal(before, await Client.TreeSizeAsync());
    }
}
