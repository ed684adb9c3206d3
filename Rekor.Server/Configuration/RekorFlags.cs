namespace Rekor.Server.Configuration;

/// <summary>
/// The catalogue of rekor-server's flag names (v1.5.4, as the sigstore Helm chart renders them): which ones set an
/// option of <see cref="RekorServerOptions"/>, which ones are accepted and ignored (they configure Trillian or
/// features this server does not have), which are booleans (may be given bare) and which are string slices
/// (CSV, appending). Invariant: a name is in at most one of <see cref="Mapped"/>, <see cref="Special"/> and
/// <see cref="Ignored"/>; <see cref="Known"/> is their union, and only those names are read from the environment or
/// the config file.
/// </summary>
public static class RekorFlags
{
    /// <summary>Flags that set one option each, to the value given.</summary>
    public static readonly IReadOnlyDictionary<string, string> Mapped = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["rekor_server.address"] = nameof(RekorServerOptions.Address),
        ["port"] = nameof(RekorServerOptions.Port),
        ["rekor_server.hostname"] = nameof(RekorServerOptions.Hostname),
        ["rekor_server.signer"] = nameof(RekorServerOptions.Signer),
        ["rekor_server.signer-passwd"] = nameof(RekorServerOptions.SignerPassword),
        ["rekor_server.signer.gcpkms.retries"] = nameof(RekorServerOptions.SignerGcpKmsRetries),
        ["rekor_server.signer.gcpkms.timeout"] = nameof(RekorServerOptions.SignerGcpKmsTimeoutSeconds),
        ["max_request_body_size"] = nameof(RekorServerOptions.MaxRequestBodySize),
        ["max_json_depth"] = nameof(RekorServerOptions.MaxJsonDepth),
        ["request_body_memory_limit"] = nameof(RekorServerOptions.RequestBodyMemoryLimit),
        ["search_index.storage_provider"] = nameof(RekorServerOptions.SearchIndexStorageProvider),
        ["search_index.mysql.dsn"] = nameof(RekorServerOptions.SearchIndexMySqlDsn),
        ["log_storage.provider"] = nameof(RekorServerOptions.LogStorageProvider),
        ["log_storage.mysql.dsn"] = nameof(RekorServerOptions.LogStorageMySqlDsn),
        ["log_storage.mysql.max_open_connections"] = nameof(RekorServerOptions.LogStorageMySqlMaxOpenConnections),
        ["log_storage.mysql.max_idle_connections"] = nameof(RekorServerOptions.LogStorageMySqlMaxIdleConnections),
        ["redis_server.address"] = nameof(RekorServerOptions.RedisAddress),
        ["redis_server.port"] = nameof(RekorServerOptions.RedisPort),
        ["redis_server.password"] = nameof(RekorServerOptions.RedisPassword),
        ["redis_server.enable-tls"] = nameof(RekorServerOptions.RedisEnableTls),
        ["redis_server.insecure-skip-verify"] = nameof(RekorServerOptions.RedisInsecureSkipVerify),
        ["enable_retrieve_api"] = nameof(RekorServerOptions.EnableRetrieveApi),
        ["enabled_api_endpoints"] = nameof(RekorServerOptions.EnabledApiEndpoints),
        ["enabled_entry_types"] = nameof(RekorServerOptions.EnabledEntryTypes),
        ["enable_attestation_storage"] = nameof(RekorServerOptions.EnableAttestationStorage),
        ["attestation_storage_bucket"] = nameof(RekorServerOptions.AttestationStorageBucket),
        ["max_attestation_size"] = nameof(RekorServerOptions.MaxAttestationSize),
        ["max_jar_metadata_size"] = nameof(RekorServerOptions.MaxJarMetadataSize),
        ["max_apk_metadata_size"] = nameof(RekorServerOptions.MaxApkMetadataSize),
        ["trillian_log_server.tlog_id"] = nameof(RekorServerOptions.TreeId),
        ["trillian_log_server.sharding_config"] = nameof(RekorServerOptions.ShardingConfig),
        ["client-signing-algorithms"] = nameof(RekorServerOptions.ClientSigningAlgorithms),
        ["public_url"] = nameof(RekorServerOptions.PublicUrl),
        ["data_directory"] = nameof(RekorServerOptions.DataDirectory),
        ["metrics_port"] = nameof(RekorServerOptions.MetricsPort),
    };

    /// <summary>
    /// Flags translated by <see cref="RekorCommandLine"/> itself: <c>log_type</c> (<c>prod</c>: JSON console logs),
    /// <c>config</c> (the YAML file), <c>search_index.mysql.conn_max_lifetime</c> (a Go duration, kept in whole
    /// seconds rounded up) and the search index's MySQL pool sizes (this server has one index pool, so the
    /// read and write pools' sizes add up, and the deprecated totals are taken whole).
    /// </summary>
    public static readonly IReadOnlySet<string> Special = new HashSet<string>(StringComparer.Ordinal)
    {
        "log_type",
        "config",
        "search_index.mysql.max_open_connections",
        "search_index.mysql.max_idle_connections",
        "search_index.mysql.conn_max_lifetime",
        "search_index.mysql.read.max_open_connections",
        "search_index.mysql.read.max_idle_connections",
        "search_index.mysql.write.max_open_connections",
        "search_index.mysql.write.max_idle_connections",
    };

    /// <summary>
    /// Flags accepted so that the chart's arguments start the server, but with no effect here; start-up reports them
    /// in one line (event 104). Trillian's transport (no Trillian here), legacy knobs, and upstream features this
    /// server does not implement yet.
    /// </summary>
    public static readonly IReadOnlySet<string> Ignored = new HashSet<string>(StringComparer.Ordinal)
    {
        "trillian_log_server.address",
        "trillian_log_server.port",
        "trillian_log_server.tls",
        "trillian_log_server.tls_ca_cert",
        "trillian_log_server.grpc_default_service_config",
        "enable_stable_checkpoint",
        "publish_frequency",
        "search_index.mysql.conn_max_idletime",
        "enable_pprof",
        "gcp_cloud_profiling.enabled",
        "gcp_cloud_profiling.service",
        "gcp_cloud_profiling.service_version",
        "gcp_cloud_profiling.project_id",
        "gcp_cloud_profiling.enable_oc_telemetry",
        "rekor_server.tink_kek_uri",
        "rekor_server.tink_keyset_path",
        "rekor_server.new_entry_publisher",
        "rekor_server.publish_events_protobuf",
        "rekor_server.publish_events_json",
        "http-request-id-header-name",
        "trace-string-prefix",
    };

    /// <summary>Boolean flags: given bare they mean true; a following <c>true</c>/<c>false</c> token is their value.</summary>
    public static readonly IReadOnlySet<string> Booleans = new HashSet<string>(StringComparer.Ordinal)
    {
        "enable_retrieve_api", "enable_attestation_storage", "redis_server.enable-tls", "redis_server.insecure-skip-verify",
        "trillian_log_server.tls", "enable_stable_checkpoint", "enable_pprof", "gcp_cloud_profiling.enabled",
        "gcp_cloud_profiling.enable_oc_telemetry", "rekor_server.publish_events_protobuf", "rekor_server.publish_events_json",
    };

    /// <summary>String-slice flags: the first occurrence replaces the default, later ones append (each value CSV-split), as pflag does.</summary>
    public static readonly IReadOnlySet<string> Slices = new HashSet<string>(StringComparer.Ordinal)
    {
        "enabled_api_endpoints", "enabled_entry_types", "client-signing-algorithms",
    };

    /// <summary>
    /// This server's own flags (not rekor-server's): read from the command line and the config file, never from the
    /// environment, so that a common variable such as <c>PUBLIC_URL</c> or <c>DATA_DIRECTORY</c> cannot change them.
    /// </summary>
    public static readonly IReadOnlySet<string> OwnFlags = new HashSet<string>(StringComparer.Ordinal)
    {
        "max_json_depth", "request_body_memory_limit", "log_storage.provider", "log_storage.mysql.dsn",
        "log_storage.mysql.max_open_connections", "log_storage.mysql.max_idle_connections", "public_url", "data_directory", "metrics_port",
    };

    /// <summary>Every rekor-server flag name this server accepts.</summary>
    public static IEnumerable<string> Known => Mapped.Keys.Concat(Special).Concat(Ignored);

    public static bool IsKnown(string name) => Mapped.ContainsKey(name) || Special.Contains(name) || Ignored.Contains(name);
}
