using StackExchange.Redis;

namespace Rekor.Server.Storage.Redis;

/// <summary>
/// The search index in Redis, in Rekor's layout (its <c>pkg/indexstorage/redis</c>), so an index written by Rekor can
/// be read here and the other way round: database 0; each search key, lowercased, is a Redis LIST of entry IDs
/// (80 hex). Rekor appends with <c>LPUSH</c> (its lists may hold an ID twice) and reads with <c>LRANGE key 0 -1</c>.
/// <para>Written after commit (<see cref="WrittenInLogTransaction"/> is false): the log hands committed batches to
/// <see cref="WriteAsync"/>. Writes are idempotent: each (key, ID) pair is one Lua script that removes the ID from the
/// list and pushes it back, so a retried write never lists an ID twice (and collapses duplicates Rekor left).</para>
/// <para>Owns one <see cref="ConnectionMultiplexer"/>, opened on first use and closed by <see cref="DisposeAsync"/>.
/// It is opened with <c>AbortOnConnectFail = false</c>: while Redis is down the client keeps reconnecting by itself,
/// and every read or write that fails meanwhile throws <see cref="StorageUnavailableException"/> (never a Redis type),
/// whose message names the address but never the password.</para>
/// </summary>
public sealed class RedisSearchIndex : ISearchIndex, ISearchIndexWriter, IAsyncDisposable
{
    /// <summary>
    /// Files ARGV[1] under KEYS[1] exactly once: a list that held the ID (once or, as Rekor may leave it, more) holds it
    /// once afterwards. Sent with EVALSHA by the client (EVAL when the server lost its script cache, e.g. a restart).
    /// </summary>
    private const string AddIdScript = """
        redis.call('LREM', KEYS[1], 0, ARGV[1])
        return redis.call('LPUSH', KEYS[1], ARGV[1])
        """;

    /// <summary>How much of the client's message goes into ours.</summary>
    private const int CauseLength = 240;

    private readonly RedisIndexOptions _options;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private ConnectionMultiplexer? _connection;
    private bool _disposed;

    /// <summary>An index in the Redis <paramref name="options"/> name; connects on first use, not here.</summary>
    public RedisSearchIndex(RedisIndexOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    public bool WrittenInLogTransaction => false;

    public string Consumer => $"redis:{_options.Address}:{_options.Port}";

    /// <summary>Redis needs nothing created before the first write.</summary>
    public Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<IReadOnlyList<string>> LookupAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var lowered = keys.Select(key => key.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Select(key => (RedisKey)key).ToArray();
        if (lowered.Length == 0)
        {
            return [];
        }

        cancellationToken.ThrowIfCancellationRequested();
        RedisValue[][] lists;
        try
        {
            var database = await DatabaseAsync(cancellationToken);
            var batch = database.CreateBatch();
            var reads = Array.ConvertAll(lowered, key => batch.ListRangeAsync(key, 0, -1));
            batch.Execute();
            lists = await Task.WhenAll(reads).WaitAsync(cancellationToken);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Unavailable($"couldn't look up {lowered.Length} search keys in", e);
        }

        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var list in lists)
        {
            foreach (var value in list)
            {
                if (!value.IsNullOrEmpty)
                {
                    found.Add(value.ToString());
                }
            }
        }

        return [.. found];
    }

    /// <summary>Files every entry's ID under each of its keys (lowercased), all pairs pipelined in one batch; idempotent.</summary>
    public async Task WriteAsync(IReadOnlyList<IndexedEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var pairs = new HashSet<(string Key, string Id)>();
        foreach (var entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry);
            foreach (var key in entry.Keys)
            {
                pairs.Add((key.ToLowerInvariant(), entry.EntryId));
            }
        }

        if (pairs.Count == 0)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var database = await DatabaseAsync(cancellationToken);
            var batch = database.CreateBatch();
            var writes = pairs.Select(pair => batch.ScriptEvaluateAsync(AddIdScript, [pair.Key], [pair.Id])).ToArray();
            batch.Execute();
            await Task.WhenAll(writes).WaitAsync(cancellationToken);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            throw Unavailable($"couldn't write {pairs.Count} search keys of {entries.Count} entries to", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connectLock.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }
        }
        finally
        {
            _connectLock.Release();
        }
    }

    /// <summary>The database, connecting first if this is the first use (or the first connect threw).</summary>
    private async Task<IDatabase> DatabaseAsync(CancellationToken cancellationToken)
    {
        var connection = Volatile.Read(ref _connection);
        if (connection is null)
        {
            await _connectLock.WaitAsync(cancellationToken);
            try
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                // With AbortOnConnectFail = false this returns once the first attempt is over, connected or not; the
                // multiplexer keeps reconnecting in the background and fails commands meanwhile.
                _connection ??= await ConnectionMultiplexer.ConnectAsync(_options.ToConfigurationOptions());
                connection = _connection;
            }
            finally
            {
                _connectLock.Release();
            }
        }

        return connection.GetDatabase(0);
    }

    /// <summary>Failures of the client or the server (a cancellation is not one: it stays what it is).</summary>
    private static bool IsRedisFailure(Exception e) => e is RedisException or TimeoutException;

    /// <summary>
    /// "couldn't ... redis at host:port: cause". The client's messages run to a kilobyte of diagnostics (thread pool,
    /// queue counters); the first <see cref="CauseLength"/> characters say what failed, the inner exception keeps the rest.
    /// </summary>
    private StorageUnavailableException Unavailable(string doing, Exception cause)
    {
        var reason = Scrub(cause.Message);
        if (reason.Length > CauseLength)
        {
            reason = string.Concat(reason.AsSpan(0, CauseLength), "...");
        }

        return new StorageUnavailableException($"{doing} {_options.Describe()}: {reason}", cause);
    }

    /// <summary>The client's message with the password blanked, should the client ever quote its configuration.</summary>
    private string Scrub(string message) =>
        _options.Password.Length == 0 ? message : message.Replace(_options.Password, "***", StringComparison.Ordinal);
}
