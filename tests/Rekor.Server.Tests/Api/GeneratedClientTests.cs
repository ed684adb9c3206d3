using System.Net;
using System.Text.Json;
using Rekor.Core.Client;
using Rekor.Core.Merkle;
using Rekor.Core.Models;
using Rekor.Core.Signing;
using Rekor.Core.Verification;

namespace Rekor.Server.Tests.Api;

/// <summary>
/// The RekorClient generated from schemas/openapi.yaml against the running server: every operation, its answers read
/// into the generated models (and verified as a client verifies them), its refusals as RekorApiException.
/// </summary>
public sealed class GeneratedClientTests(RunningServer server) : IClassFixture<RunningServer>, IDisposable
{
    private readonly SignedArtifacts _signer = new();

    private RekorClient Client => new(server.Client);

    public void Dispose() => _signer.Dispose();

    [Fact]
    public async Task An_entry_created_through_the_client_verifies_with_the_key_the_client_fetched()
    {
        var created = await Client.CreateLogEntryAsync(ProposedEntryOf(_signer.HashedRekord("client artifact one")));

        var (entryId, value) = Assert.Single(created);
        var logKey = LogKey.FromPem(await Client.GetPublicKeyAsync());
        var verification = LogEntryVerifier.Verify(entryId, value, new TrustedLogKeys([logKey]), new VerificationOptions { ExpectedCheckpointSignerName = "127.0.0.1" });
        Assert.True(verification.IsVerified, string.Join("; ", verification.Checks.Select(c => c.ToString())));
    }

    [Fact]
    public async Task An_entry_is_found_through_the_client_by_index_by_uuid_and_by_search()
    {
        var (entryId, created) = Assert.Single(await Client.CreateLogEntryAsync(ProposedEntryOf(_signer.HashedRekord("client artifact found"))));

        var byIndex = Assert.Single(await Client.GetLogEntryByIndexAsync(created.LogIndex));
        var byUuid = Assert.Single(await Client.GetLogEntryByUUIDAsync(entryId[16..]));
        var searched = await Client.SearchLogQueryAsync(new SearchLogQuery { EntryUUIDs = [entryId], LogIndexes = [created.LogIndex] });

        Assert.Equal(entryId, byIndex.Key);
        Assert.Equal(entryId, byUuid.Key);
        Assert.Equal(2, searched.Count);
        Assert.All(searched, found => Assert.Equal(entryId, Assert.Single(found).Key));
        Assert.All([byIndex.Value, byUuid.Value], found => Assert.Equal(created.Body.GetString(), found.Body.GetString()));
    }

    [Fact]
    public async Task The_search_index_finds_an_entry_by_its_artifact_digest()
    {
        var (entryId, _) = Assert.Single(await Client.CreateLogEntryAsync(ProposedEntryOf(_signer.HashedRekord("client artifact indexed"))));

        var found = await Client.SearchIndexAsync(new SearchIndex { Hash = "sha256:" + Convert.ToHexStringLower(SignedArtifacts.Digest("client artifact indexed")) });

        Assert.Contains(found, id => entryId.EndsWith(id[^64..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Log_info_and_a_consistency_proof_fit_together()
    {
        await Client.CreateLogEntryAsync(ProposedEntryOf(_signer.HashedRekord("client artifact before")));
        var before = await Client.GetLogInfoAsync();
        await Client.CreateLogEntryAsync(ProposedEntryOf(_signer.HashedRekord("client artifact after")));
        var after = await Client.GetLogInfoAsync();

        var proof = await Client.GetLogProofAsync(after.TreeSize, firstSize: before.TreeSize, treeID: after.TreeID);

        Assert.Equal(after.RootHash, proof.RootHash);
        Assert.True(MerkleVerifier.VerifyConsistency(
            before.TreeSize, after.TreeSize, [.. proof.Hashes.Select(Hash32.ParseHex)], Hash32.ParseHex(before.RootHash), Hash32.ParseHex(after.RootHash)));
    }

    [Fact]
    public async Task A_duplicate_is_a_409_whose_exception_carries_the_existing_entrys_location()
    {
        var proposed = _signer.HashedRekord("client artifact twice");
        var (entryId, _) = Assert.Single(await Client.CreateLogEntryAsync(ProposedEntryOf(proposed)));

        var refused = await Assert.ThrowsAsync<RekorApiException>(() => Client.CreateLogEntryAsync(ProposedEntryOf(proposed)));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("createLogEntry", refused.OperationId);
        Assert.Equal("/api/v1/log/entries/" + entryId, refused.Location!.OriginalString);
        Assert.Contains(entryId, refused.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_entry_and_a_bad_proof_request_are_the_servers_errors_with_its_messages()
    {
        var missing = await Assert.ThrowsAsync<RekorApiException>(() => Client.GetLogEntryByUUIDAsync(new string('a', 64)));
        var badProof = await Assert.ThrowsAsync<RekorApiException>(() => Client.GetLogProofAsync(lastSize: 1, firstSize: 5));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badProof.StatusCode);
        Assert.False(string.IsNullOrEmpty(badProof.ServerMessage));
        Assert.Contains(badProof.ServerMessage!, badProof.Message, StringComparison.Ordinal);
    }

    private static ProposedEntry ProposedEntryOf(string json) =>
        JsonSerializer.Deserialize<ProposedEntry>(json, Rekor.Core.Types.RekorJson.Options)!;
}
