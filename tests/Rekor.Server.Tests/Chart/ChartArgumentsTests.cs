using Rekor.Server.Configuration;

namespace Rekor.Server.Tests.Chart;

/// <summary>
/// The sigstore Helm chart's container arguments (§3 of the chart reference) translate: every flag it renders is
/// accepted, the ones with no meaning here are reported once, and values fall back as viper's do (flag, then
/// environment, then config file, then default).
/// </summary>
public sealed class ChartArgumentsTests
{
    /// <summary>Every argument the chart can render, in its order, as <c>--name=value</c> tokens.</summary>
    private static readonly string[] EveryChartArgument =
    [
        "--trillian_log_server.address=trillian-logserver.trillian-system",
        "--trillian_log_server.port=8091",
        "--trillian_log_server.sharding_config=/sharding/sharding-config.yaml",
        "--redis_server.address=rekor-redis",
        "--redis_server.port=6379",
        "--search_index.storage_provider=mysql",
        "--search_index.mysql.dsn=user:pw@tcp(rekor-mysql:3306)/rekor?parseTime=true&interpolateParams=true",
        "--search_index.mysql.conn_max_idletime=30s",
        "--search_index.mysql.conn_max_lifetime=1m30s",
        "--search_index.mysql.max_open_connections=20",
        "--search_index.mysql.max_idle_connections=5",
        "--rekor_server.address=0.0.0.0",
        "--rekor_server.signer=memory",
        "--enable_retrieve_api=true",
        "--trillian_log_server.tlog_id=1234",
        "--enable_attestation_storage",
        "--attestation_storage_bucket=file:///var/run/attestations",
        "--log_type=prod",
    ];

    private static TranslatedCommandLine Translate(IReadOnlyList<string> args, Dictionary<string, string>? environment = null, string? home = null) =>
        RekorCommandLine.Translate(args, new FlagSources(environment ?? [], home, null));

    [Fact]
    public void Every_argument_the_chart_renders_is_accepted()
    {
        var translated = Translate(["serve", .. EveryChartArgument]);

        Assert.Empty(translated.Problems);
        Assert.Equal("0.0.0.0", translated.Settings["Rekor:Address"]);
        Assert.Equal("1234", translated.Settings["Rekor:TreeId"]);
        Assert.Equal("true", translated.Settings["Rekor:EnableAttestationStorage"]);
        Assert.Equal("/sharding/sharding-config.yaml", translated.Settings["Rekor:ShardingConfig"]);
        Assert.Equal("20", translated.Settings["Rekor:SearchIndexMySqlMaxOpenConnections"]);
        Assert.Equal("5", translated.Settings["Rekor:SearchIndexMySqlMaxIdleConnections"]);
        Assert.Equal("json", translated.Settings["Logging:Console:FormatterName"]);
        Assert.Equal("90", translated.Settings["Rekor:SearchIndexMySqlConnMaxLifetimeSeconds"]);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("30s", 30)]
    [InlineData("1m30s", 90)]
    [InlineData("1.5h", 5400)]
    [InlineData("250ms", 0.25)]
    public void Go_durations_are_read(string text, double seconds)
    {
        Assert.True(GoDuration.TryParse(text, out var duration));
        Assert.Equal(seconds, duration.TotalSeconds, 6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("-1s")]
    [InlineData("1d")]
    public void Other_durations_are_refused(string text) => Assert.False(GoDuration.TryParse(text, out _));

    [Fact]
    public void The_should_accept_flags_are_accepted_in_both_forms()
    {
        string[] flags =
        [
            "--port", "3001", "--rekor_server.hostname", "rekor.example", "--redis_server.password", "secret",
            "--redis_server.enable-tls", "--redis_server.insecure-skip-verify=false", "--max_request_body_size", "1000000",
            "--rekor_server.signer-passwd=pw", "--rekor_server.signer.gcpkms.retries=3", "--rekor_server.signer.gcpkms.timeout", "10",
            "--enabled_api_endpoints=searchIndex,getLogInfo", "--enabled_entry_types", "hashedrekord", "--client-signing-algorithms=ed25519",
            "--max_attestation_size=1000", "--search_index.mysql.read.max_open_connections=7", "--search_index.mysql.write.max_open_connections", "3",
            "--search_index.mysql.read.max_idle_connections=1", "--search_index.mysql.write.max_idle_connections=1",
            "--enable_stable_checkpoint", "--publish_frequency=5", "--trillian_log_server.tls", "--trillian_log_server.tls_ca_cert=/ca.pem",
            "--trillian_log_server.grpc_default_service_config={}",
        ];

        var translated = Translate(flags);

        Assert.Empty(translated.Problems);
        Assert.Equal("3001", translated.Settings["Rekor:Port"]);
        Assert.Equal("true", translated.Settings["Rekor:RedisEnableTls"]);
        Assert.Equal("false", translated.Settings["Rekor:RedisInsecureSkipVerify"]);
        Assert.Equal("10", translated.Settings["Rekor:SearchIndexMySqlMaxOpenConnections"]); // read + write
        Assert.Equal("2", translated.Settings["Rekor:SearchIndexMySqlMaxIdleConnections"]);
    }

    [Fact]
    public void Flags_without_meaning_here_are_reported_once_each_and_values_never()
    {
        var translated = Translate([.. EveryChartArgument, "--trillian_log_server.port=8090", "--publish_frequency=5", "--publish_frequency=6"]);

        Assert.Equal(
            ["--publish_frequency", "--search_index.mysql.conn_max_idletime", "--trillian_log_server.address", "--trillian_log_server.port"],
            translated.Ignored);
        Assert.DoesNotContain(translated.Ignored, name => name.Contains('=', StringComparison.Ordinal));
    }

    [Fact]
    public void A_later_scalar_wins_and_a_bare_boolean_is_true()
    {
        var translated = Translate(["--rekor_server.address=0.0.0.0", "--enable_attestation_storage", "--port", "1", "--rekor_server.address=127.0.0.1"]);

        Assert.Empty(translated.Problems);
        Assert.Equal("127.0.0.1", translated.Settings["Rekor:Address"]);
        Assert.Equal("true", translated.Settings["Rekor:EnableAttestationStorage"]);
        Assert.Equal("1", translated.Settings["Rekor:Port"]);
    }

    [Fact]
    public void Client_signing_algorithms_append_and_set_the_entry_policy()
    {
        var translated = Translate(["--client-signing-algorithms=ed25519", "--client-signing-algorithms", "ecdsa-sha2-256-nistp256"]);
        var options = new RekorServerOptions { ClientSigningAlgorithms = translated.Settings["Rekor:ClientSigningAlgorithms"]! };

        Assert.Equal("ed25519,ecdsa-sha2-256-nistp256", options.ClientSigningAlgorithms);
        Assert.Equal([Rekor.Core.Pki.SigningAlgorithm.Ed25519, Rekor.Core.Pki.SigningAlgorithm.EcdsaP256Sha256], options.ClientSigningAlgorithmPolicy.Permitted.ToArray());
        Assert.Contains(
            new RekorServerOptions { ClientSigningAlgorithms = "rsa-md5" }.Problems(),
            p => p.StartsWith("client-signing-algorithms: could not find matching signature algorithm for flag: rsa-md5", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unexpanded_tree_id_is_refused_naming_the_charts_TREE_ID()
    {
        var translated = Translate(["--trillian_log_server.tlog_id=$(TREE_ID)"]);

        var problem = Assert.Single(translated.Problems);
        Assert.Contains("the chart's TREE_ID was not set", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_flag_is_still_refused()
    {
        Assert.Contains("unknown option '--trillian_log_server.adress'", Assert.Single(Translate(["--trillian_log_server.adress=x"]).Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void A_flag_wins_over_the_environment_which_wins_over_the_config_file()
    {
        using var home = new TemporaryDirectory();
        File.WriteAllText(home.File("rekor-server.yaml"), "port: 3100\nrekor_server.address: 0.0.0.0\nrekor_server:\n  hostname: from-file\nmax_attestation_size: 5\n");
        var environment = new Dictionary<string, string> { ["PORT"] = "3200", ["REKOR_SERVER.HOSTNAME"] = "from-env", ["UNRELATED"] = "x", ["HOSTNAME"] = "pod-1" };

        var translated = Translate(["--port=3300"], environment, home.Path);

        Assert.Empty(translated.Problems);
        Assert.Equal("3300", translated.Settings["Rekor:Port"]);
        Assert.Equal("from-env", translated.Settings["Rekor:Hostname"]);
        Assert.Equal("0.0.0.0", translated.Settings["Rekor:Address"]);
        Assert.Equal("5", translated.Settings["Rekor:MaxAttestationSize"]);
        Assert.False(translated.Settings.ContainsKey("Rekor:MetricsPort"));
    }

    [Fact]
    public void A_config_file_named_by_config_is_read_and_its_unknown_keys_refused()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("custom.yaml");
        File.WriteAllText(path, "log_type: prod\nport: 3400\nno_such_flag: 1\n");

        var translated = Translate(["--config", path]);

        Assert.Equal("3400", translated.Settings["Rekor:Port"]);
        Assert.Equal("json", translated.Settings["Logging:Console:FormatterName"]);
        Assert.Contains("unknown key 'no_such_flag'", Assert.Single(translated.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_log_format_wins_over_log_type()
    {
        Assert.Equal("simple", Translate(["--log_type=prod", "--log_format=simple"]).Settings["Logging:Console:FormatterName"]);
        Assert.False(Translate(["--log_type=dev"]).Settings.ContainsKey("Logging:Console:FormatterName"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\t\n")]
    [InlineData("# no shards\n")]
    [InlineData("[]")]
    public void An_empty_sharding_config_means_no_inactive_shards(string content)
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("sharding-config.yaml");
        File.WriteAllText(path, content);

        Assert.Equal((false, (string?)null), ShardingConfigFile.Inspect(path));
    }

    [Theory]
    [InlineData("- treeID: 12345\n  treeLength: 100\n  signingConfig:\n    signingSchemeOrKeyPath: /keys/old.pem\n")]
    [InlineData("[{\"treeID\": 12345, \"treeLength\": 100}]")]
    public void A_sharding_config_with_shards_is_read_and_checked_against_the_store_at_start(string content)
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("sharding-config.yaml");
        File.WriteAllText(path, content);

        var options = new RekorServerOptions { ShardingConfig = path, DataDirectory = directory.Path };

        Assert.DoesNotContain(options.Problems(), p => p.Contains("sharding", StringComparison.Ordinal));
        Assert.Equal(12345, Assert.Single(ShardingConfigFile.Read(path).Shards).TreeId);
    }

    [Fact]
    public void A_missing_sharding_config_is_no_shards_with_a_warning()
    {
        Assert.Equal((true, (string?)null), ShardingConfigFile.Inspect("/nonexistent/sharding-config.yaml"));
    }
}
