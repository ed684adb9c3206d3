using System.Security.Cryptography;
using Rekor.Core.Merkle;
using Rekor.Server.Storage;

namespace Rekor.Server.Tests.Storage;

/// <summary>The contract for large entries: a body of tens of MiB commits and reads back byte for byte.</summary>
public abstract partial class LogStorageContract
{
    private const int LargeBody = 20 << 20;

    [Fact]
    public async Task An_entry_body_of_20_MiB_commits_and_reads_back_byte_identical()
    {
        Assert.True(Storage.MaxEntryBytes > LargeBody, $"the store says it keeps at most {Storage.MaxEntryBytes} bytes per entry");
        var body = RandomNumberGenerator.GetBytes(LargeBody);
        var small = Batch(0, 2);
        var batch = small with { Entries = [small.Entries[0], small.Entries[1] with { Body = body, LeafHash = Rfc6962.HashLeaf(body) }] };

        Assert.Equal(BatchRejection.None, await Storage.CommitBatchAsync(batch, CancellationToken.None));

        var second = await SecondStoreAsync();
        var read = await second.ReadEntryAsync(Tree, 1, CancellationToken.None);
        Assert.Equal(LargeBody, read!.Body.Length);
        Assert.True(body.AsSpan().SequenceEqual(read.Body), "the 20 MiB body read back differs from the one committed");
        Assert.Equal(Rfc6962.HashLeaf(body), read.LeafHash);
        Assert.Equal(small.Entries[0].Body, (await second.ReadEntryAsync(Tree, 0, CancellationToken.None))!.Body);
    }

    [Fact]
    public async Task The_largest_entry_a_store_keeps_is_known_after_it_is_initialized_and_fits()
    {
        var most = (int)Math.Min(Storage.MaxEntryBytes, 40 << 20); // the server's body limit is 32 MiB
        var body = new byte[most];
        RandomNumberGenerator.Fill(body);
        var small = Batch(0, 1);
        var batch = small with { Entries = [small.Entries[0] with { Body = body, LeafHash = Rfc6962.HashLeaf(body) }] };

        Assert.Equal(BatchRejection.None, await Storage.CommitBatchAsync(batch, CancellationToken.None));
        Assert.Equal(most, (await Storage.ReadEntryAsync(Tree, 0, CancellationToken.None))!.Body.Length);
    }
}
