using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Rekor.Core.Checkpoints;
using Rekor.Core.Client;
using Rekor.Core.Merkle;
using Rekor.Core.Signing;
using Rekor.Core.Tests.Merkle;

namespace Rekor.Core.Tests.Client;

/// <summary>
/// <see cref="RekorClient.CheckConsistencyAsync"/> against a log whose checkpoints are signed here and whose
/// <c>/api/v1/log/proof</c> answers from a tree of known leaves: each way two checkpoints can fail to be one history.
/// </summary>
public sealed class CheckConsistencyTests : IDisposable
{
    private const long TreeId = 42;
    private readonly EcdsaLogSigner _log = EcdsaLogSigner.Generate();
    private readonly EcdsaLogSigner _impostor = EcdsaLogSigner.Generate();
    private readonly NaiveMerkleTree _tree = new(i => Rfc6962.HashLeaf(Encoding.UTF8.GetBytes("leaf " + i.ToString(CultureInfo.InvariantCulture))));
    private readonly NaiveMerkleTree _forkedTree = new(i => Rfc6962.HashLeaf(Encoding.UTF8.GetBytes((i >= 2 ? "other " : "leaf ") + i.ToString(CultureInfo.InvariantCulture))));

    private readonly List<HttpClient> _http = [];

    public void Dispose()
    {
        _http.ForEach(h => h.Dispose());
        _log.Dispose();
        _impostor.Dispose();
    }

    [Fact]
    public async Task A_log_that_grew_with_a_valid_proof_is_consistent_and_none_kept_is_the_first_checkpoint()
    {
        var client = ClientServing(_tree);
        var result = await client.CheckConsistencyAsync(await SignAsync(_tree, 7), await SignAsync(_tree, 3), _log.PublicKey, "42");
        Assert.Equal(ConsistencyOutcome.Consistent, result.Outcome);
        Assert.True(result.IsGood);

        var first = await client.CheckConsistencyAsync(await SignAsync(_tree, 7), null, _log.PublicKey, "42");
        Assert.Equal(ConsistencyOutcome.FirstCheckpoint, first.Outcome);
        Assert.Equal(7, first.Current!.Checkpoint.TreeSize);

        var same = await client.CheckConsistencyAsync(await SignAsync(_tree, 7), await SignAsync(_tree, 7), _log.PublicKey, "42");
        Assert.Equal(ConsistencyOutcome.Consistent, same.Outcome);
    }

    [Fact]
    public async Task Another_root_at_the_same_size_a_smaller_size_and_a_proof_that_does_not_join_are_forks()
    {
        var client = ClientServing(_forkedTree);
        var sameSize = await client.CheckConsistencyAsync(await SignAsync(_forkedTree, 5), await SignAsync(_tree, 5), _log.PublicKey, "42");
        Assert.Equal(ConsistencyOutcome.Forked, sameSize.Outcome);
        Assert.Contains("two different roots for size 5", sameSize.Reason, StringComparison.Ordinal);

        var shrank = await client.CheckConsistencyAsync(await SignAsync(_tree, 4), await SignAsync(_tree, 5), _log.PublicKey, "42");
        Assert.Equal(ConsistencyOutcome.Forked, shrank.Outcome);
        Assert.Contains("shrank", shrank.Reason, StringComparison.Ordinal);

        var diverged = await client.CheckConsistencyAsync(await SignAsync(_forkedTree, 8), await SignAsync(_tree, 3), _log.PublicKey, "42");
        Assert.Equal(ConsistencyOutcome.Forked, diverged.Outcome);
        Assert.Contains("cannot prove", diverged.Reason, StringComparison.Ordinal);
        Assert.False(diverged.IsGood);
    }

    [Fact]
    public async Task Checkpoints_not_signed_by_the_log_and_malformed_proofs_are_refused()
    {
        var client = ClientServing(_tree);
        var forgedCurrent = await client.CheckConsistencyAsync(await SignAsync(_tree, 7, _impostor), await SignAsync(_tree, 3), _log.PublicKey, "42");
        Assert.Equal(ConsistencyOutcome.CheckpointInvalid, forgedCurrent.Outcome);
        Assert.Null(forgedCurrent.Current);

        var forgedKept = await client.CheckConsistencyAsync(await SignAsync(_tree, 7), await SignAsync(_tree, 3, _impostor), _log.PublicKey, "42");
        Assert.Equal(ConsistencyOutcome.CheckpointInvalid, forgedKept.Outcome);

        var garbage = await client.CheckConsistencyAsync("not a checkpoint", null, _log.PublicKey, "42");
        Assert.Equal(ConsistencyOutcome.CheckpointInvalid, garbage.Outcome);

        var badProof = ClientAnswering(_ => """{"rootHash":"00","hashes":["zz"]}""");
        var malformed = await badProof.CheckConsistencyAsync(await SignAsync(_tree, 7), await SignAsync(_tree, 3), _log.PublicKey, "42");
        Assert.Equal(ConsistencyOutcome.ProofInvalid, malformed.Outcome);
    }

    [Theory]
    [InlineData("/api/v1/log/entries/abc123", "abc123")]
    [InlineData("http://host/rekor/api/v1/log/entries/abc123?x=1", "abc123")]
    [InlineData("api/v1/log/entries/abc123/", "abc123")]
    public void The_entry_a_409_names_is_the_last_segment_of_its_location(string location, string expected) =>
        Assert.Equal(expected, RekorClient.EntryIdOfLocation(new Uri(location, UriKind.RelativeOrAbsolute)));

    private async Task<string> SignAsync(NaiveMerkleTree tree, long size, EcdsaLogSigner? signer = null) =>
        await SignedCheckpoint.SignAsync(Checkpoint.ForTree("log.example", TreeId, size, tree.Mth(0, size)), "log.example", signer ?? _log);

    /// <summary>A client whose log answers consistency proofs from <paramref name="tree"/>.</summary>
    private RekorClient ClientServing(NaiveMerkleTree tree) =>
        ClientAnswering(request =>
        {
            var query = request.RequestUri!.Query.TrimStart('?').Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture));
            var (first, last) = (query["firstSize"], query["lastSize"]);
            var hashes = MerkleProofs.Consistency(first, last, tree.Node).Select(h => h.ToHex());
            return JsonSerializer.Serialize(new { rootHash = tree.Mth(0, last).ToHex(), hashes });
        });

    /// <summary>A client of a log that answers every request with <paramref name="answer"/>'s JSON; disposed with the test.</summary>
    private RekorClient ClientAnswering(Func<HttpRequestMessage, string> answer)
    {
        var http = new HttpClient(new AnsweringHandler(answer)) { BaseAddress = new Uri("http://log.example/") };
        _http.Add(http);
        return new RekorClient(http);
    }

    private sealed class AnsweringHandler(Func<HttpRequestMessage, string> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(answer(request), Encoding.UTF8, "application/json") });
    }
}
