namespace Rekor.Server.Configuration;

/// <summary>
/// Translates the command line into configuration keys of <see cref="RekorServerOptions"/>. Accepts rekor-server's
/// flag names for what this server supports (<c>--rekor_server.address</c>, <c>--port</c>, …) and our own option names
/// (<c>--Rekor:DataDirectory</c>), as <c>--name value</c> or <c>--name=value</c>, and a few of the host's own settings
/// (<c>--urls</c>, <c>--log_format</c>, <c>--log_level</c>). Anything else is an error, so a typo stops start-up instead
/// of being ignored.
/// </summary>
public static class RekorCommandLine
{
    private static readonly Dictionary<string, string> RekorServerFlags = new(StringComparer.Ordinal)
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
        ["enable_attestation_storage"] = nameof(RekorServerOptions.EnableAttestationStorage),
        ["attestation_storage_bucket"] = nameof(RekorServerOptions.AttestationStorageBucket),
        ["max_attestation_size"] = nameof(RekorServerOptions.MaxAttestationSize),
        ["max_jar_metadata_size"] = nameof(RekorServerOptions.MaxJarMetadataSize),
        ["max_apk_metadata_size"] = nameof(RekorServerOptions.MaxApkMetadataSize),
        ["public_url"] = nameof(RekorServerOptions.PublicUrl),
        ["data_directory"] = nameof(RekorServerOptions.DataDirectory),
        ["metrics_port"] = nameof(RekorServerOptions.MetricsPort),
    };

    /// <summary>Flags that set the host's configuration rather than <see cref="RekorServerOptions"/>.</summary>
    private static readonly Dictionary<string, string> HostFlags = new(StringComparer.Ordinal)
    {
        ["urls"] = "urls",
        ["log_format"] = "Logging:Console:FormatterName",
        ["log_level"] = "Logging:LogLevel:Default",

        // What WebApplicationFactory passes to the entry point when a test hosts the server in memory.
        ["environment"] = "environment",
        ["contentRoot"] = "contentRoot",
        ["applicationName"] = "applicationName",
    };

    /// <summary>The console formats <c>--log_format</c> accepts (ASP.NET Core's formatter names).</summary>
    public static readonly IReadOnlyList<string> LogFormats = ["simple", "json", "systemd"];

    private static readonly HashSet<string> BooleanFlags = new(StringComparer.Ordinal) { "enable_retrieve_api", "enable_attestation_storage", "redis_server.enable-tls", "redis_server.insecure-skip-verify" };

    private static readonly HashSet<string> OptionNames = typeof(RekorServerOptions).GetProperties()
        .Where(p => p.CanWrite)
        .Select(p => p.Name)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The configuration keys and values the arguments set, or the problems with them.</summary>
    public static (Dictionary<string, string?> Settings, List<string> Problems) Translate(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) && !(arg.StartsWith('-') && arg.Length > 1 && !char.IsDigit(arg[1])))
            {
                problems.Add($"unexpected argument '{arg}': options are written --name value or --name=value");
                continue;
            }

            var body = arg.TrimStart('-');
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            var name = equals >= 0 ? body[..equals] : body;
            string? value = equals >= 0 ? body[(equals + 1)..] : null;
            var key = KeyFor(name);
            if (key is null)
            {
                problems.Add($"unknown option '--{name}'; supported: {string.Join(", ", RekorServerFlags.Keys.Concat(HostFlags.Keys).Select(k => "--" + k))}, or --Rekor:<Option>");
                continue;
            }

            if (value is null)
            {
                if (BooleanFlags.Contains(name) && (i + 1 >= args.Count || !bool.TryParse(args[i + 1], out _)))
                {
                    value = "true";
                }
                else if (i + 1 < args.Count)
                {
                    value = args[++i];
                }
                else
                {
                    problems.Add($"option '--{name}' needs a value");
                    continue;
                }
            }

            if (name == "log_format" && !LogFormats.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"log_format '{value}' is not one of {string.Join(", ", LogFormats)}");
                continue;
            }

            settings[key] = value;
        }

        return (settings, problems);
    }

    private static string? KeyFor(string name)
    {
        const string prefix = RekorServerOptions.Section + ":";
        if (RekorServerFlags.TryGetValue(name, out var key))
        {
            return prefix + key;
        }

        if (HostFlags.TryGetValue(name, out var hostKey))
        {
            return hostKey;
        }

        if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && OptionNames.Contains(name[prefix.Length..]))
        {
            return prefix + name[prefix.Length..];
        }

        return null;
    }
}
