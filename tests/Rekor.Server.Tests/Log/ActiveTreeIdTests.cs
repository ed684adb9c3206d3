using Rekor.Core.Signing;
using Rekor.Server.Log;
using Rekor.Server.Log.Tiles;
using Rekor.Server.Storage;

namespace Rekor.Server.Tests.Log;

/// <summary>
/// <c>--trillian_log_server.tlog_id</c> (the chart's <c>$(TREE_ID)</c>) names the active tree: an empty store gets a
/// first tree with exactly that ID, a store whose active tree has it opens, and a store whose active tree has another
/// ID refuses to open, naming both.
/// </summary>
public sealed class ActiveTreeIdTests : IDisposable
{
    private const long WantedTreeId = 3904496407287907110;

    private readonly TemporaryDirectory _directory = new();
    private readonly EcdsaLogSigner _signer = EcdsaLogSigner.Generate();

    public void Dispose()
    {
        _signer.Dispose();
        _directory.Dispose();
    }

    private Task<TransparencyLog> OpenAsync(ILogStorage storage, long treeId) =>
        TransparencyLog.OpenAsync(storage, new LogIdentity(TestLog.Hostname, _signer), new SequencerOptions(), new TileCache(), treeId, CancellationToken.None);

    [Fact]
    public async Task An_empty_store_gets_a_first_tree_with_exactly_the_given_id_and_reopens_it()
    {
        await using var storage = TestLog.Storage(_directory);
        await using (var log = await OpenAsync(storage, WantedTreeId))
        {
            Assert.Equal(WantedTreeId, log.Shards.ActiveTreeId);
            Assert.Equal(AppendStatus.Appended, (await log.Sequencer.AppendAsync(TestLog.Leaf("one"), [], CancellationToken.None)).Status);
        }

        await using var reopened = await OpenAsync(storage, WantedTreeId);
        Assert.Equal(WantedTreeId, reopened.Shards.ActiveTreeId);
        Assert.Equal(1, reopened.Sequencer.CommittedHead.Size);
    }

    [Fact]
    public async Task Zero_opens_whatever_tree_is_active()
    {
        await using var storage = TestLog.Storage(_directory);
        await (await OpenAsync(storage, WantedTreeId)).DisposeAsync();

        await using var log = await OpenAsync(storage, 0);

        Assert.Equal(WantedTreeId, log.Shards.ActiveTreeId);
    }

    [Fact]
    public async Task A_store_whose_active_tree_has_another_id_is_refused_naming_both()
    {
        await using var storage = TestLog.Storage(_directory);
        long existing;
        await using (var log = await OpenAsync(storage, 0))
        {
            existing = log.Shards.ActiveTreeId;
        }

        var refusal = await Assert.ThrowsAsync<LogUnavailableException>(() => OpenAsync(storage, WantedTreeId));

        Assert.Contains($"--trillian_log_server.tlog_id is {WantedTreeId}", refusal.Message, StringComparison.Ordinal);
        Assert.Contains($"the store's active tree is {existing}", refusal.Message, StringComparison.Ordinal);
    }
}
