using Rekor.Server.Attestations;

namespace Rekor.Server.Tests.Attestations;

/// <summary>The contract every <see cref="IAttestationStore"/> keeps, run against each implementation.</summary>
public sealed class AttestationStoreTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public static TheoryData<string> Stores() => ["sqlite", "file"];

    private IAttestationStore Open(string store) => store switch
    {
        "sqlite" => new SqliteAttestationStore(_directory.File("attestations.db")),
        "file" => new FileAttestationStore(_directory.File("bucket")),
        _ => throw new ArgumentOutOfRangeException(nameof(store)),
    };

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task What_is_put_is_got_back_and_survives_reopening(string store)
    {
        var key = "sha256:" + new string('a', 64);
        byte[] data = [.. "{\"_type\":\"https://in-toto.io/Statement/v0.1\"}"u8, 0, 255];

        await Open(store).PutAsync(key, data, CancellationToken.None);

        Assert.Equal(data, await Open(store).GetAsync(key, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_missing_key_is_null_and_a_second_put_replaces_the_first(string store)
    {
        var attestations = Open(store);
        Assert.Null(await attestations.GetAsync("sha256:" + new string('b', 64), CancellationToken.None));

        await attestations.PutAsync("k1", "first"u8.ToArray(), CancellationToken.None);
        await attestations.PutAsync("k1", "second"u8.ToArray(), CancellationToken.None);
        await attestations.PutAsync("k2", ReadOnlyMemory<byte>.Empty, CancellationToken.None);

        Assert.Equal((byte[])[.. "second"u8], await attestations.GetAsync("k1", CancellationToken.None));
        Assert.Equal(Array.Empty<byte>(), await attestations.GetAsync("k2", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Keys_that_could_escape_or_hide_are_refused_before_anything_is_touched(string store)
    {
        var attestations = Open(store);
        foreach (var key in new[] { "", "../escape", "a/b", ".hidden", "sp ace", "nul\0", new string('k', AttestationKeys.MaxLength + 1) })
        {
            await Assert.ThrowsAsync<ArgumentException>(() => attestations.PutAsync(key, "x"u8.ToArray(), CancellationToken.None));
            await Assert.ThrowsAsync<ArgumentException>(() => attestations.GetAsync(key, CancellationToken.None));
        }

        Assert.False(File.Exists(_directory.File("escape")));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Concurrent_puts_of_one_key_leave_one_whole_value(string store)
    {
        var attestations = Open(store);
        var values = Enumerable.Range(0, 16).Select(i => Enumerable.Repeat((byte)i, 10_000).ToArray()).ToArray();

        await Task.WhenAll(values.Select(v => Task.Run(() => attestations.PutAsync("shared", v, CancellationToken.None))));

        var stored = await attestations.GetAsync("shared", CancellationToken.None);
        Assert.Contains(values, v => v.AsSpan().SequenceEqual(stored));
    }

    [Fact]
    public async Task The_file_store_names_files_by_key_and_leaves_no_temporary_files()
    {
        var attestations = Open("file");

        await attestations.PutAsync("sha256:" + new string('c', 64), "x"u8.ToArray(), CancellationToken.None);

        Assert.Equal(["sha256:" + new string('c', 64)], Directory.EnumerateFileSystemEntries(_directory.File("bucket")).Select(Path.GetFileName));
    }
}
