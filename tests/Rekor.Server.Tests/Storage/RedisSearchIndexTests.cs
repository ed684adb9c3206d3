using System.Net.Security;
using System.Reflection;
using System.Security.Cryptography;
using Rekor.Server.Storage;
using Rekor.Server.Storage.Redis;
using StackExchange.Redis;

namespace Rekor.Server.Tests.Storage;

/// <summary>
/// <see cref="RedisSearchIndex"/> against a real redis-server of its own (<see cref="Services.RedisInstance"/>, one per test):
/// the index semantics, Rekor's raw layout both ways, idempotent writes, and failures while Redis is unreachable.
/// </summary>
public sealed class RedisSearchIndexTests : IAsyncLifetime, IDisposable
{
    private Services.RedisInstance _redis = null!;
    private RedisSearchIndex _index = null!;
    private ConnectionMultiplexer _raw = null!;

    public async Task InitializeAsync()
    {
        _redis = await Services.RedisInstance.StartAsync();
        _index = new RedisSearchIndex(Options());
        var raw = Options().ToConfigurationOptions();
        _raw = await ConnectionMultiplexer.ConnectAsync(raw);
    }

    public async Task DisposeAsync()
    {
        await _index.DisposeAsync();
        await _raw.DisposeAsync();
        await _redis.DisposeAsync();
    }

    public void Dispose() => _index?.DisposeAsync().AsTask().GetAwaiter().GetResult(); // idempotent; DisposeAsync ran first

    /// <summary>Database 0, as Rekor reads and writes it.</summary>
    private IDatabase Raw => _raw.GetDatabase(0);

    [Fact]
    public async Task A_written_entry_is_found_under_its_keys_whatever_their_case()
    {
        var id = NewId();
        await _index.WriteAsync([new IndexedEntry(id, ["SHA256:ABCDEF", "Alice@Example.COM"])], CancellationToken.None);

        Assert.Equal([id], await _index.LookupAsync(["sha256:abcdef"], CancellationToken.None));
        Assert.Equal([id], await _index.LookupAsync(["Sha256:AbCdEf"], CancellationToken.None));
        Assert.Equal([id], await _index.LookupAsync(["alice@example.com"], CancellationToken.None));
        Assert.Empty(await _index.LookupAsync(["sha256:000000"], CancellationToken.None));
    }

    [Fact]
    public async Task A_lookup_of_several_keys_is_the_distinct_union_of_their_lists()
    {
        var (a, b, c) = (NewId(), NewId(), NewId());
        await _index.WriteAsync(
            [new IndexedEntry(a, ["k1", "shared"]), new IndexedEntry(b, ["k2", "shared"]), new IndexedEntry(c, ["k3"])],
            CancellationToken.None);

        var found = await _index.LookupAsync(["k1", "K2", "shared", "missing"], CancellationToken.None);

        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
        Assert.Empty(await _index.LookupAsync([], CancellationToken.None));
    }

    [Fact]
    public async Task A_retried_write_leaves_each_id_once_in_each_list()
    {
        var (a, b) = (NewId(), NewId());
        IndexedEntry[] batch = [new IndexedEntry(a, ["key", "KEY", "other"]), new IndexedEntry(b, ["key"])];

        await _index.WriteAsync(batch, CancellationToken.None);
        await _index.WriteAsync(batch, CancellationToken.None);
        await _index.WriteAsync([batch[0], batch[0]], CancellationToken.None);

        var list = (await Raw.ListRangeAsync("key", 0, -1)).Select(value => value.ToString()).ToArray();
        Assert.Equal(2, list.Length);
        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), list.Order(StringComparer.Ordinal));
        Assert.Equal([a], (await Raw.ListRangeAsync("other", 0, -1)).Select(value => value.ToString()));
    }

    [Fact]
    public async Task Lists_written_the_way_Rekor_writes_them_are_read_and_their_duplicates_collapsed()
    {
        var (a, b) = (NewId(), NewId());
        // Rekor: LPUSH <lowercased key> <id>, once per write, so a retried write repeats the ID.
        await Raw.ListLeftPushAsync("sha256:feed", a);
        await Raw.ListLeftPushAsync("sha256:feed", b);
        await Raw.ListLeftPushAsync("sha256:feed", a);

        var found = await _index.LookupAsync(["SHA256:FEED"], CancellationToken.None);

        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));

        // Our write over Rekor's list leaves the ID once.
        await _index.WriteAsync([new IndexedEntry(a, ["sha256:feed"])], CancellationToken.None);
        Assert.Equal(2, await Raw.ListLengthAsync("sha256:feed"));
    }

    [Fact]
    public async Task Our_write_is_exactly_Rekors_layout_a_list_at_the_lowercased_key_in_database_0()
    {
        var id = NewId();
        await _index.WriteAsync([new IndexedEntry(id, ["SHA256:C0FFEE"])], CancellationToken.None);

        Assert.Equal(RedisType.List, await Raw.KeyTypeAsync("sha256:c0ffee"));
        Assert.False(await Raw.KeyExistsAsync("SHA256:C0FFEE"));
        Assert.Equal([id], (await Raw.ListRangeAsync("sha256:c0ffee", 0, -1)).Select(value => value.ToString()));
        Assert.Matches("^[0-9a-f]{80}$", id);
        Assert.Equal(1L, await _raw.GetServer("127.0.0.1", _redis.Port).DatabaseSizeAsync(0));
    }

    [Fact]
    public async Task A_wrong_password_is_unavailable_storage_and_the_message_never_shows_the_password()
    {
        const string WrongPassword = "not-the-password-51c7";
        await using var index = new RedisSearchIndex(Options() with { Password = WrongPassword });

        var lookup = await Assert.ThrowsAsync<StorageUnavailableException>(() => index.LookupAsync(["key"], CancellationToken.None));
        var write = await Assert.ThrowsAsync<StorageUnavailableException>(
            () => index.WriteAsync([new IndexedEntry(NewId(), ["key"])], CancellationToken.None));

        Assert.Contains($"couldn't look up 1 search keys in redis at 127.0.0.1:{_redis.Port}", lookup.Message, StringComparison.Ordinal);
        Assert.Contains($"couldn't write 1 search keys of 1 entries to redis at 127.0.0.1:{_redis.Port}", write.Message, StringComparison.Ordinal);
        Assert.Contains("AuthenticationFailure", lookup.Message, StringComparison.Ordinal);
        foreach (var text in new[] { lookup.ToString(), write.ToString(), index.ToString()!, (Options() with { Password = WrongPassword }).ToString() })
        {
            Assert.DoesNotContain(WrongPassword, text, StringComparison.Ordinal);
            Assert.DoesNotContain(_redis.Password, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task While_Redis_is_down_reads_and_writes_are_unavailable_and_the_same_index_works_once_it_is_back()
    {
        var id = NewId();
        await _index.WriteAsync([new IndexedEntry(id, ["before"])], CancellationToken.None);

        await _redis.StopAsync(); // no persistence: what was written is gone with it

        var write = await Assert.ThrowsAsync<StorageUnavailableException>(
            () => _index.WriteAsync([new IndexedEntry(id, ["during"])], CancellationToken.None));
        var lookup = await Assert.ThrowsAsync<StorageUnavailableException>(() => _index.LookupAsync(["before"], CancellationToken.None));
        Assert.Contains($"127.0.0.1:{_redis.Port}", write.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{_redis.Port}", lookup.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_redis.Password, write.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_redis.Password, lookup.ToString(), StringComparison.Ordinal);

        await _redis.StartAgainAsync();

        // The client reconnects by itself, within its backoff (at most 5 s between attempts).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await _index.WriteAsync([new IndexedEntry(id, ["after"])], CancellationToken.None);
                break;
            }
            catch (StorageUnavailableException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }

        Assert.Equal([id], await _index.LookupAsync(["AFTER"], CancellationToken.None));
    }

    [Fact]
    public async Task The_index_connects_lazily_and_an_empty_lookup_or_write_needs_no_redis()
    {
        await using var index = new RedisSearchIndex(new RedisIndexOptions { Port = 1 });

        Assert.False(index.WrittenInLogTransaction);
        Assert.Empty(await index.LookupAsync([], CancellationToken.None));
        await index.WriteAsync([new IndexedEntry(NewId(), [])], CancellationToken.None);
    }

    [Fact]
    public void The_options_build_Rekors_client_settings()
    {
        var configuration = new RedisIndexOptions { Address = "redis.example", Port = 6380, Password = "s3cret" }.ToConfigurationOptions();

        Assert.False(configuration.AbortOnConnectFail);
        Assert.Equal(0, configuration.DefaultDatabase);
        Assert.Equal("s3cret", configuration.Password);
        Assert.False(configuration.Ssl);
        Assert.Equal(new System.Net.DnsEndPoint("redis.example", 6380), Assert.Single(configuration.EndPoints));
        Assert.InRange(configuration.ConnectTimeout, 1000, 10_000);
        Assert.Null(ValidationCallback(configuration));

        var defaults = new RedisIndexOptions();
        Assert.Equal(("127.0.0.1", 6379, "", false, false), (defaults.Address, defaults.Port, defaults.Password, defaults.EnableTls, defaults.InsecureSkipVerify));
    }

    [Fact]
    public void Tls_turns_on_Ssl_and_only_insecure_skip_verify_installs_a_callback_that_accepts_any_certificate()
    {
        var verified = new RedisIndexOptions { EnableTls = true }.ToConfigurationOptions();
        Assert.True(verified.Ssl);
        Assert.Null(ValidationCallback(verified));

        var insecure = new RedisIndexOptions { EnableTls = true, InsecureSkipVerify = true }.ToConfigurationOptions();
        Assert.True(insecure.Ssl);
        var callback = ValidationCallback(insecure);
        Assert.NotNull(callback);
        Assert.True(callback(this, null, null, SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.True(callback(this, null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    [Fact]
    public void Describe_and_ToString_leave_the_password_out()
    {
        var options = new RedisIndexOptions { Address = "::1", Password = "hunter2-secret", EnableTls = true, InsecureSkipVerify = true };

        Assert.Equal("redis at [::1]:6379, tls without certificate checks", options.Describe());
        Assert.Equal(options.Describe(), options.ToString());
        Assert.DoesNotContain("hunter2-secret", options.ToString(), StringComparison.Ordinal);
    }

    private RedisIndexOptions Options() => new() { Address = "127.0.0.1", Port = _redis.Port, Password = _redis.Password };

    private static string NewId() => RandomNumberGenerator.GetHexString(80, lowercase: true);

    /// <summary>The handler on the client's CertificateValidation event (a field-like event: read through its backing field).</summary>
    private static RemoteCertificateValidationCallback? ValidationCallback(ConfigurationOptions configuration)
    {
        var field = typeof(ConfigurationOptions).GetField(nameof(ConfigurationOptions.CertificateValidation), BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("StackExchange.Redis no longer keeps CertificateValidation in a field of that name");
        return (RemoteCertificateValidationCallback?)field.GetValue(configuration);
    }
}
