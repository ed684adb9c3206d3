using Rekor.Core.Types;

namespace Rekor.Server.Configuration;

/// <summary>
/// Everything an operator sets, bound from appsettings, environment (REKOR_*) and the command line (which also
/// accepts rekor-server's own flag names, see <see cref="RekorCommandLine"/>). Validated once at start-up.
/// </summary>
public sealed record RekorServerOptions
{
    public const string Section = "Rekor";

    /// <summary>Address the API listens on (rekor-server's <c>rekor_server.address</c>).</summary>
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>Port of the API (<c>port</c>).</summary>
    public int Port { get; init; } = 3000;

    /// <summary>Port of the Prometheus metrics listener (rekor-server serves it on 2112).</summary>
    public int MetricsPort { get; init; } = 2112;

    /// <summary>
    /// The URL clients use to reach this log. Its host is the default <see cref="Hostname"/>, because clients
    /// (sigstore-js) require the checkpoint signer name to appear in the URL they trust.
    /// </summary>
    public string? PublicUrl { get; init; }

    /// <summary>Checkpoint origin prefix and signer name (<c>rekor_server.hostname</c>).</summary>
    public string? Hostname { get; init; }

    /// <summary>
    /// The signing key (<c>rekor_server.signer</c>): a PEM file path (generated there on first start when missing),
    /// or <c>memory</c> for a fresh key per process as rekor-server's default does.
    /// </summary>
    public string? Signer { get; init; }

    /// <summary>Retries of a Cloud KMS call (<c>rekor_server.signer.gcpkms.retries</c>; 0: the signer's default of 3, as Go's client retries anyway).</summary>
    public int SignerGcpKmsRetries { get; init; }

    /// <summary>Timeout of one Cloud KMS call in seconds (<c>rekor_server.signer.gcpkms.timeout</c>; 0: the signer's default of 60).</summary>
    public int SignerGcpKmsTimeoutSeconds { get; init; }

    /// <summary>Password of an encrypted PKCS#8 signer file (<c>rekor_server.signer-passwd</c>).</summary>
    public string? SignerPassword { get; init; }

    /// <summary>Where the embedded store and generated key live (<c>data_directory</c>); see <see cref="DefaultDataDirectory"/>.</summary>
    public string DataDirectory { get; init; } = DefaultDataDirectory;

    /// <summary>
    /// The data directory when none is given: <c>rekor</c> under the user's data directory as the XDG base directory
    /// specification names it (<c>$XDG_DATA_HOME</c>, else <c>~/.local/share</c>; <c>%LOCALAPPDATA%</c> on Windows), so
    /// the same user finds the same log however the server was started (<c>dotnet run</c>, the published binary, a
    /// service unit), never a directory that depends on the working directory. Containers should mount a volume and
    /// pass <c>--data_directory</c>. Empty when the user has no data directory at all (no home): then the option must
    /// be given.
    /// </summary>
    public static string DefaultDataDirectory { get; } =
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify) is { Length: > 0 } data
            ? Path.Combine(data, "rekor")
            : string.Empty;

    /// <summary>Largest request body accepted, in bytes (<c>max_request_body_size</c>); larger ones get 413.</summary>
    public long MaxRequestBodySize { get; init; } = 32 * 1024 * 1024;

    /// <summary>Deepest nesting of arrays and objects a JSON body may have (<c>max_json_depth</c>); deeper is a 400.</summary>
    public int MaxJsonDepth { get; init; } = 64;

    /// <summary>
    /// Bytes that request bodies in flight may hold together (<c>request_body_memory_limit</c>), each charged
    /// <see cref="Api.RequestBodyBudget.ChargeFor"/> its size. Unset: room for two of the largest bodies allowed.
    /// </summary>
    public long? RequestBodyMemoryLimit { get; init; }

    /// <summary>How long a body waits for memory under <see cref="RequestBodyMemoryLimit"/> before it is a 503 with Retry-After.</summary>
    public double RequestBodyWaitSeconds { get; init; } = 10;

    /// <summary>Where the log is kept (<c>log_storage.provider</c>): <c>sqlite</c> (the embedded file) or <c>mysql</c>.</summary>
    public string LogStorageProvider { get; init; } = "sqlite";

    /// <summary>The log's MySQL database (<c>log_storage.mysql.dsn</c>), in Go's driver grammar; holds a password (never logged).</summary>
    public string LogStorageMySqlDsn { get; init; } = string.Empty;

    /// <summary>Connections each replica may open to the log's MySQL database (<c>log_storage.mysql.max_open_connections</c>).</summary>
    public int LogStorageMySqlMaxOpenConnections { get; init; } = 32;

    /// <summary>Connections kept open while idle (<c>log_storage.mysql.max_idle_connections</c>).</summary>
    public int LogStorageMySqlMaxIdleConnections { get; init; } = 4;

    /// <summary>
    /// Search index backend (<c>search_index.storage_provider</c>): unset for the log's own database (written in the
    /// log's transaction), <c>sqlite</c> or <c>mysql</c> likewise (with <see cref="SearchIndexMySqlDsn"/>: Rekor's
    /// EntryIndex in another MySQL database, fed after commit), or <c>redis</c> (fed after commit).
    /// </summary>
    public string SearchIndexStorageProvider { get; init; } = string.Empty;

    /// <summary>A separate MySQL database for the index (<c>search_index.mysql.dsn</c>), as Rekor's; holds a password (never logged).</summary>
    public string SearchIndexMySqlDsn { get; init; } = string.Empty;

    /// <summary>Connections the search index's MySQL pool may open (<c>search_index.mysql.max_open_connections</c>, or the read and write pools' sum).</summary>
    public int SearchIndexMySqlMaxOpenConnections { get; init; } = 16;

    /// <summary>Connections the search index's MySQL pool keeps while idle (<c>search_index.mysql.max_idle_connections</c>, or the two pools' sum).</summary>
    public int SearchIndexMySqlMaxIdleConnections { get; init; } = 2;

    /// <summary>Longest a connection of the search index's MySQL pool is reused, in seconds (<c>search_index.mysql.conn_max_lifetime</c>; 0: no limit).</summary>
    public int SearchIndexMySqlConnMaxLifetimeSeconds { get; init; }

    /// <summary>
    /// The active tree's ID (<c>trillian_log_server.tlog_id</c>, the chart's <c>$(TREE_ID)</c>). 0: the store's
    /// active tree, or a new one with a random ID on an empty store. Otherwise the active tree must have this ID
    /// (an empty store gets a first tree with exactly this ID).
    /// </summary>
    public long TreeId { get; init; }

    /// <summary>The inactive-shard file (<c>trillian_log_server.sharding_config</c>); see <see cref="ShardingConfigFile"/>.</summary>
    public string ShardingConfig { get; init; } = string.Empty;

    /// <summary>Redis host of the search index (<c>redis_server.address</c>).</summary>
    public string RedisAddress { get; init; } = "127.0.0.1";

    /// <summary>Redis port (<c>redis_server.port</c>).</summary>
    public int RedisPort { get; init; } = 6379;

    /// <summary>Redis password (<c>redis_server.password</c>); a secret, never logged.</summary>
    public string RedisPassword { get; init; } = string.Empty;

    /// <summary>Speak TLS to Redis (<c>redis_server.enable-tls</c>).</summary>
    public bool RedisEnableTls { get; init; }

    /// <summary>Accept any certificate from Redis (<c>redis_server.insecure-skip-verify</c>).</summary>
    public bool RedisInsecureSkipVerify { get; init; }

    /// <summary>The log's store: <c>sqlite</c> or <c>mysql</c>, lowercased.</summary>
    public string EffectiveLogStorageProvider => LogStorageProvider.ToLowerInvariant();

    /// <summary>The index backend resolved: <c>sqlite</c> or <c>mysql</c> in the log's database, <c>mysql-separate</c>, or <c>redis</c>.</summary>
    public string EffectiveSearchIndex => SearchIndexStorageProvider.ToLowerInvariant() switch
    {
        "" => EffectiveLogStorageProvider,
        "mysql" when SearchIndexMySqlDsn.Length > 0 => "mysql-separate",
        var other => other,
    };

    /// <summary>Whether the search index lives in the log's database and is written in the log's transaction.</summary>
    public bool SearchIndexInLogDatabase => EffectiveSearchIndex == EffectiveLogStorageProvider;

    /// <summary>The Redis settings of the index.</summary>
    public Storage.Redis.RedisIndexOptions RedisIndex => new()
    {
        Address = RedisAddress,
        Port = RedisPort,
        Password = RedisPassword,
        EnableTls = RedisEnableTls,
        InsecureSkipVerify = RedisInsecureSkipVerify,
    };

    /// <summary>
    /// Deprecated <c>enable_retrieve_api</c>: while true (the default) <c>POST /api/v1/index/retrieve</c> answers even
    /// when <see cref="EnabledApiEndpoints"/> leaves out <c>searchIndex</c>; see <see cref="EnabledOperations"/>.
    /// </summary>
    public bool EnableRetrieveApi { get; init; } = true;

    /// <summary>
    /// The API operations that answer (<c>enabled_api_endpoints</c>: operation IDs of Rekor's openapi.yaml, comma-separated,
    /// see <see cref="Api.ApiEndpoints.OperationIds"/>); null (not given) for all of them, empty for none. Read
    /// through <see cref="EnabledOperations"/>.
    /// </summary>
    public string? EnabledApiEndpoints { get; init; }

    /// <summary>
    /// The operations that answer, as Rekor decides: those <see cref="EnabledApiEndpoints"/> names (all when not
    /// given), and <c>searchIndex</c> also while <see cref="EnableRetrieveApi"/> is true, which is its default: so
    /// the search index is off only when both leave it out. The others answer 501 (<see cref="Api.ApiEndpoints"/>).
    /// </summary>
    public IReadOnlySet<string> EnabledOperations
    {
        get
        {
            var enabled = new HashSet<string>(ListValue(EnabledApiEndpoints) ?? Api.ApiEndpoints.OperationIds, StringComparer.Ordinal);
            if (EnableRetrieveApi)
            {
                enabled.Add(Api.ApiEndpoints.SearchIndex);
            }

            enabled.IntersectWith(Api.ApiEndpoints.OperationIds);
            return enabled;
        }
    }

    /// <summary>
    /// The entry kinds new entries may have (<c>enabled_entry_types</c>: kind names, comma-separated); null (not
    /// given) for every kind this server has. Only submissions are refused: entries of any kind already in the log
    /// are still read, searched and proven. Read through <see cref="EnabledKinds"/>.
    /// </summary>
    public string? EnabledEntryTypes { get; init; }

    /// <summary>The kinds <see cref="EnabledEntryTypes"/> names that this server has (every kind when not given).</summary>
    public IReadOnlySet<string> EnabledKinds
    {
        get
        {
            var known = TypeMap.Kinds.Select(k => k.Kind).ToHashSet(StringComparer.Ordinal);
            if (ListValue(EnabledEntryTypes) is { } named)
            {
                known.IntersectWith(named);
            }

            return known;
        }
    }

    /// <summary>A string-slice setting's names: null when not given, none for an empty value (pflag's reading of <c>--flag=</c>).</summary>
    private static string[]? ListValue(string? value) => value switch
    {
        null => null,
        "" => [],
        _ => value.Split(','),
    };

    /// <summary>Whether intoto (and later cose) attestations are kept and returned (<c>enable_attestation_storage</c>).</summary>
    public bool EnableAttestationStorage { get; init; }

    /// <summary>
    /// Where attestations are kept (<c>attestation_storage_bucket</c>): empty for the embedded database
    /// (<c>attestations.db</c> in the data directory), or <c>file:///absolute/path</c> for a directory.
    /// </summary>
    public string AttestationStorageBucket { get; init; } = string.Empty;

    /// <summary>Largest attestation kept, in bytes (<c>max_attestation_size</c>); a larger one is not stored, its entry still is.</summary>
    public long MaxAttestationSize { get; init; } = 100 * 1024;

    /// <summary>The directory of a <c>file://</c> <see cref="AttestationStorageBucket"/>; null for the embedded database.</summary>
    public string? AttestationDirectory =>
        AttestationStorageBucket is { Length: > 0 } bucket && Uri.TryCreate(bucket, UriKind.Absolute, out var uri) && uri.IsFile ? uri.LocalPath : null;

    public string AttestationDatabasePath => Path.Combine(DataDirectory, "attestations.db");

    /// <summary>Largest <c>META-INF/</c> entry of a jar read (<c>max_jar_metadata_size</c>, bytes; 0 = unlimited).</summary>
    public long MaxJarMetadataSize { get; init; } = EntryLimits.Default.MaxJarMetadataSize;

    /// <summary>Largest <c>.SIGN.*</c> or <c>.PKGINFO</c> member of an apk read (<c>max_apk_metadata_size</c>, bytes; 0 = unlimited).</summary>
    public long MaxApkMetadataSize { get; init; } = EntryLimits.Default.MaxApkMetadataSize;

    /// <summary>The limits kinds apply while reading artifacts, from the two options above.</summary>
    public EntryLimits EntryLimits => new() { MaxJarMetadataSize = MaxJarMetadataSize, MaxApkMetadataSize = MaxApkMetadataSize };

    /// <summary>
    /// The key and hash pairings entries may use (<c>client-signing-algorithms</c>, comma-separated flag names such as
    /// <c>ecdsa-sha2-256-nistp256,ed25519</c>); empty for Rekor's default list.
    /// </summary>
    public string ClientSigningAlgorithms { get; init; } = string.Empty;

    /// <summary>The policy <see cref="ClientSigningAlgorithms"/> names (Rekor's default when empty or unreadable, which <see cref="Problems"/> reports).</summary>
    public Core.Pki.SigningAlgorithmPolicy ClientSigningAlgorithmPolicy =>
        Core.Pki.SigningAlgorithmPolicy.TryParse(ClientSigningAlgorithmNames, out var policy, out _) ? policy : Core.Pki.SigningAlgorithmPolicy.RekorDefault;

    private string[] ClientSigningAlgorithmNames =>
        ClientSigningAlgorithms.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Largest batch the sequencer commits at once.</summary>
    public int MaxBatchSize { get; init; } = Log.SequencerOptions.DefaultMaxBatchSize;

    /// <summary>How long a batch waits for more entries, in milliseconds.</summary>
    public double MaxBatchWaitMilliseconds { get; init; } = Log.SequencerOptions.DefaultMaxBatchWaitMilliseconds;

    /// <summary>Entries allowed to wait; beyond this appends get 503 with Retry-After.</summary>
    public int QueueCapacity { get; init; } = Log.SequencerOptions.DefaultQueueCapacity;

    /// <summary>How often the server looks for a shard rotation made through another server, in milliseconds (reads see the new tree within this).</summary>
    public double ShardPollMilliseconds { get; init; } = 1000;

    public TimeSpan ShardPollInterval => TimeSpan.FromMilliseconds(ShardPollMilliseconds);

    public string EffectiveHostname => Hostname ?? (PublicUrl is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : Address);

    public long EffectiveRequestBodyMemoryLimit => RequestBodyMemoryLimit ?? (2 * Api.RequestBodyBudget.ChargeFor(MaxRequestBodySize));

    public string DatabasePath => Path.Combine(DataDirectory, "rekor.db");

    public string SignerPath => Signer is null or "" ? Path.Combine(DataDirectory, "signing-key.pem") : Signer;

    /// <summary>What the signer is, for logs: the key file's path, <c>memory</c>, or the KMS key URI (which holds no secret).</summary>
    public string DescribeSigner => Signer is null ? "generated key file " + SignerPath : SignerPath;

    /// <summary>
    /// What the record's printed form shows: every option but the secrets (the signer password, shown only as set or
    /// not; the MySQL DSNs, shown without their passwords; the Redis password, left out), so that logging the options
    /// can never leak them.
    /// </summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Address = ").Append(Address).Append(", Port = ").Append(Port).Append(", MetricsPort = ").Append(MetricsPort)
            .Append(", PublicUrl = ").Append(PublicUrl).Append(", Hostname = ").Append(Hostname).Append(", Signer = ").Append(Signer)
            .Append(", SignerPassword = ").Append(SignerPassword is null ? "(none)" : "(set)")
            .Append(", DataDirectory = ").Append(DataDirectory).Append(", MaxRequestBodySize = ").Append(MaxRequestBodySize)
            .Append(", MaxJsonDepth = ").Append(MaxJsonDepth).Append(", RequestBodyMemoryLimit = ").Append(EffectiveRequestBodyMemoryLimit)
            .Append(", TreeId = ").Append(TreeId).Append(", ShardingConfig = ").Append(ShardingConfig)
            .Append(", LogStorage = ").Append(DescribeLogStorage()).Append(", SearchIndex = ").Append(DescribeSearchIndex());
        return true;
    }

    /// <summary>Where the log is, as logs may show it: the database file, or the MySQL DSN without its password.</summary>
    public string DescribeLogStorage() => EffectiveLogStorageProvider == "mysql"
        ? "mysql " + DescribeDsn(LogStorageMySqlDsn)
        : "sqlite " + DatabasePath;

    /// <summary>Where the search index is, as logs may show it (no password).</summary>
    public string DescribeSearchIndex() => EffectiveSearchIndex switch
    {
        "redis" => RedisIndex.Describe(),
        "mysql-separate" => "mysql " + DescribeDsn(SearchIndexMySqlDsn),
        var inLog => inLog + ", in the log's database",
    };

    private static string DescribeDsn(string dsn) => Storage.MySql.GoMySqlDsn.TryParse(dsn, out var parsed, out _) ? parsed!.Description : "(unreadable DSN)";

    /// <summary>Every problem with these options, for a start-up failure that names them all.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Port is < 1 or > 65535)
        {
            problems.Add($"port {Port} is not a TCP port");
        }

        if (Address is not "localhost" && !System.Net.IPAddress.TryParse(Address, out _))
        {
            problems.Add($"rekor_server.address '{Address}' is not an IP address or localhost");
        }

        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            problems.Add("data_directory is not set, and this user has no data directory for the default (no $XDG_DATA_HOME or home): pass --data_directory");
        }

        if (MetricsPort is < 0 or > 65535)
        {
            problems.Add($"metrics port {MetricsPort} is not a TCP port (0 disables metrics)");
        }

        if (MaxRequestBodySize < 1)
        {
            problems.Add($"max_request_body_size must be positive, not {MaxRequestBodySize}");
        }

        if (MaxJsonDepth is < 1 or > 1000)
        {
            problems.Add($"max_json_depth must be between 1 and 1000, not {MaxJsonDepth}");
        }

        if (MaxRequestBodySize is > 0 and <= int.MaxValue && EffectiveRequestBodyMemoryLimit < Api.RequestBodyBudget.ChargeFor(MaxRequestBodySize))
        {
            problems.Add($"request_body_memory_limit {EffectiveRequestBodyMemoryLimit} cannot hold even one body of max_request_body_size {MaxRequestBodySize}: "
                + $"each body is charged {Api.RequestBodyBudget.BytesHeldPerBodyByte} times its size plus {Api.RequestBodyBudget.FixedChargePerBody}, so it must be at least {Api.RequestBodyBudget.ChargeFor(MaxRequestBodySize)}");
        }

        if (MaxRequestBodySize > int.MaxValue)
        {
            problems.Add($"max_request_body_size must be at most {int.MaxValue}, not {MaxRequestBodySize}");
        }

        if (RequestBodyWaitSeconds is < 0 or > 3600)
        {
            problems.Add($"request body wait must be between 0 and 3600 seconds, not {RequestBodyWaitSeconds}");
        }

        if (AttestationStorageBucket is { Length: > 0 } && AttestationDirectory is null)
        {
            problems.Add($"attestation_storage_bucket '{AttestationStorageBucket}' is not supported: give file:///absolute/path, or nothing for the embedded database");
        }

        if (MaxJarMetadataSize < 0 || MaxApkMetadataSize < 0)
        {
            problems.Add($"max_jar_metadata_size and max_apk_metadata_size must not be negative, not {MaxJarMetadataSize} and {MaxApkMetadataSize}");
        }

        if (MaxAttestationSize < 0)
        {
            problems.Add($"max_attestation_size must not be negative, not {MaxAttestationSize}");
        }

        if (!Core.Pki.SigningAlgorithmPolicy.TryParse(ClientSigningAlgorithmNames, out _, out var algorithmProblem))
        {
            problems.Add("client-signing-algorithms: " + algorithmProblem);
        }

        if (ShardPollMilliseconds is < 10 or > 3_600_000)
        {
            problems.Add($"ShardPollMilliseconds must be between 10 and 3600000, not {ShardPollMilliseconds}");
        }

        // Rekor stops at a name it does not know (a panic for an endpoint, a fatal error for a kind); so does start-up here.
        foreach (var name in ListValue(EnabledApiEndpoints) ?? [])
        {
            if (!Api.ApiEndpoints.OperationIds.Contains(name, StringComparer.Ordinal))
            {
                problems.Add($"enabled_api_endpoints: Unknown API endpoint requested: '{name}'; the API endpoints (operation IDs of openapi.yaml) are {string.Join(", ", Api.ApiEndpoints.OperationIds)}");
            }
        }

        foreach (var name in ListValue(EnabledEntryTypes) ?? [])
        {
            if (TypeMap.FindKind(name) is null)
            {
                problems.Add($"invalid --enabled_entry_types flag: unknown entry type \"{name}\"; compiled-in types are: {string.Join(", ", TypeMap.Kinds.Select(k => k.Kind))}");
            }
        }

        if (TreeId < 0)
        {
            problems.Add($"trillian_log_server.tlog_id must not be negative, not {TreeId}");
        }

        if (ShardingConfigFile.Inspect(ShardingConfig).Problem is { } sharding)
        {
            problems.Add(sharding);
        }

        if (SearchIndexMySqlMaxOpenConnections < 1 || SearchIndexMySqlMaxIdleConnections < 0 || SearchIndexMySqlConnMaxLifetimeSeconds < 0)
        {
            problems.Add("search_index.mysql.max_open_connections must be positive, max_idle_connections and conn_max_lifetime not negative");
        }

        if (MetricsPort == Port)
        {
            problems.Add($"metrics port {MetricsPort} must differ from the API port");
        }

        problems.AddRange(StorageProblems());
        if (Signing.LogSigners.RemoteScheme(Signer) is { } scheme && !Signing.LogSigners.IsSupportedRemote(scheme))
        {
            problems.Add($"rekor_server.signer '{scheme}://' is not supported: use gcpkms://, awskms://, hashivault://, a PEM key file or memory");
        }

        if (SignerGcpKmsRetries < 0 || SignerGcpKmsTimeoutSeconds < 0)
        {
            problems.Add("rekor_server.signer.gcpkms.retries and .timeout must not be negative");
        }

        if (PublicUrl is not null && !Uri.TryCreate(PublicUrl, UriKind.Absolute, out _))
        {
            problems.Add($"public URL '{PublicUrl}' is not an absolute URL");
        }

        if (string.IsNullOrWhiteSpace(EffectiveHostname) || EffectiveHostname.Any(char.IsWhiteSpace))
        {
            problems.Add($"hostname '{EffectiveHostname}' must be non-empty and contain no spaces (it names the checkpoint signer)");
        }

        if (MaxBatchSize < 1 || QueueCapacity < 1 || MaxBatchWaitMilliseconds < 0)
        {
            problems.Add("the sequencer needs a positive batch size and queue capacity and a non-negative wait");
        }

        return problems;
    }

    private IEnumerable<string> StorageProblems()
    {
        if (EffectiveLogStorageProvider is not ("sqlite" or "mysql"))
        {
            yield return $"log_storage.provider '{LogStorageProvider}' is not supported: use sqlite or mysql";
        }

        if (EffectiveLogStorageProvider == "mysql" && !Storage.MySql.GoMySqlDsn.TryParse(LogStorageMySqlDsn, out _, out var logProblem))
        {
            yield return LogStorageMySqlDsn.Length == 0 ? "log_storage.provider mysql needs --log_storage.mysql.dsn" : "log_storage.mysql.dsn: " + logProblem;
        }

        if (SearchIndexMySqlDsn.Length > 0 && !Storage.MySql.GoMySqlDsn.TryParse(SearchIndexMySqlDsn, out _, out var indexProblem))
        {
            yield return "search_index.mysql.dsn: " + indexProblem;
        }

        switch (EffectiveSearchIndex)
        {
            case "redis" or "mysql-separate":
                break;
            case "sqlite" when EffectiveLogStorageProvider != "sqlite":
                yield return "search_index.storage_provider sqlite keeps the index in the log's SQLite file, but the log is on mysql: use mysql, or redis";
                break;
            case "mysql" when EffectiveLogStorageProvider != "mysql":
                yield return "search_index.storage_provider mysql needs --search_index.mysql.dsn when the log is not on mysql";
                break;
            case "sqlite" or "mysql":
                break;
            default:
                yield return $"search_index.storage_provider '{SearchIndexStorageProvider}' is not supported: use sqlite, mysql or redis";
                break;
        }

        if (RedisPort is < 1 or > 65535)
        {
            yield return $"redis_server.port {RedisPort} is not a TCP port";
        }

        if (LogStorageMySqlMaxOpenConnections < 2 || LogStorageMySqlMaxIdleConnections < 0)
        {
            yield return "log_storage.mysql.max_open_connections must be at least 2 (a batch holds one while reads use others) and max_idle_connections not negative";
        }
    }
}
