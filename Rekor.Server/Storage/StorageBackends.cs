using Rekor.Server.Configuration;
using Rekor.Server.Storage.MySql;
using Rekor.Server.Storage.Redis;
using Rekor.Server.Storage.Sqlite;

namespace Rekor.Server.Storage;

/// <summary>
/// Builds the log's store and its search index from the options (<c>--log_storage.provider</c>,
/// <c>--search_index.storage_provider</c>, the DSNs and the Redis flags). The one place that knows which classes
/// stand behind <see cref="ILogStorage"/> and <see cref="ISearchIndex"/>.
/// </summary>
public static class StorageBackends
{
    public static ILogStorage CreateLogStorage(RekorServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.EffectiveLogStorageProvider == "mysql"
            ? new MySqlLogStorage(
                GoMySqlDsn.Parse(options.LogStorageMySqlDsn),
                new MySqlPoolOptions(options.LogStorageMySqlMaxOpenConnections, options.LogStorageMySqlMaxIdleConnections),
                keepsSearchIndex: options.SearchIndexInLogDatabase)
            : new SqliteLogStorage(options.DatabasePath);
    }

    /// <summary>The index lookups use; it is also an <see cref="ISearchIndexWriter"/> when kept outside the log's database.</summary>
    public static ISearchIndex CreateSearchIndex(RekorServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // The search index's own pool (lookups only, or a separate index's writes).
        var indexPool = new MySqlPoolOptions(options.SearchIndexMySqlMaxOpenConnections, options.SearchIndexMySqlMaxIdleConnections, options.SearchIndexMySqlConnMaxLifetimeSeconds);
        return options.EffectiveSearchIndex switch
        {
            "sqlite" => new SqliteSearchIndex(options.DatabasePath),
            "mysql" => new MySqlSearchIndex(GoMySqlDsn.Parse(options.LogStorageMySqlDsn), indexPool, inLogTransaction: true),
            "mysql-separate" => new MySqlSearchIndex(GoMySqlDsn.Parse(options.SearchIndexMySqlDsn), indexPool, inLogTransaction: false),
            "redis" => new RedisSearchIndex(options.RedisIndex),
            var other => throw new InvalidOperationException($"search index '{other}' is not supported"),
        };
    }
}
