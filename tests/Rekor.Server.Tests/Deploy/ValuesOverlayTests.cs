using SharpYaml.Serialization;

namespace Rekor.Server.Tests.Deploy;

/// <summary>
/// deploy/values-rekor.yaml against the chart it overlays (keys from /work/shared/reference/helm-chart.md, see
/// <see cref="ChartValuesKeys"/>) and against the setup deploy/README.md describes: no Trillian, a pinned tree ID,
/// Memorystore, the Cloud SQL proxy socket the log DSN names, the gcpkms signer under Workload Identity.
/// </summary>
public sealed class ValuesOverlayTests
{
    private static readonly ValuesOverlay Overlay = ValuesOverlay.Load(DeployFiles.ValuesOverlay);

    [Fact]
    public void Every_key_is_one_the_chart_reads()
    {
        var unknown = Overlay.Keys().Select(k => k.Path).Where(p => !ChartValuesKeys.Accepts(p)).ToList();
        Assert.Empty(unknown);
    }

    [Fact]
    public void Every_setting_has_a_comment()
    {
        // A setting (a key whose value is a scalar or a list) has a comment on its own line or on the lines above it.
        foreach (var (path, key, value) in Overlay.Keys().Where(k => k.Value is not YamlMappingNode || ChartValuesKeys.FreeForm.Contains(k.Path)))
        {
            var line = (int)key.Start.Line;
            var above = line > 0 ? Overlay.Lines[line - 1].Trim() : string.Empty;
            Assert.True(Overlay.Lines[line].Contains(" #", StringComparison.Ordinal) || above.StartsWith('#'), $"{path} (line {line + 1}) has no comment");
        }
    }

    [Fact]
    public void Trillian_is_off_and_the_tree_ID_is_pinned()
    {
        Assert.Equal("false", Overlay.Scalar("trillian.enabled"));
        Assert.False(string.IsNullOrWhiteSpace(Overlay.Scalar("server.config.treeID")), "without a treeID the createtree Job dials Trillian and TREE_ID is missing");
    }

    [Fact]
    public void The_init_container_polls_an_endpoint_that_answers_without_Trillian()
    {
        // The chart's wait-for-trillian-log-server runs `curl --max-time 10 http://<name>.<forceNamespace>:<portHTTP>`.
        var url = $"http://{Overlay.Scalar("trillian.logServer.name")}.{Overlay.Scalar("trillian.forceNamespace")}:{Overlay.Scalar("trillian.logServer.portHTTP")}";
        Assert.Equal("http://metadata.google.internal:80", url);
    }

    [Fact]
    public void The_signer_is_a_Cloud_KMS_key_used_through_Workload_Identity()
    {
        Assert.Matches("^gcpkms://projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+$", Overlay.Scalar("server.signer"));
        Assert.EndsWith(".iam.gserviceaccount.com", GoogleServiceAccount(), StringComparison.Ordinal);
        Assert.Equal("true", Overlay.Scalar("server.serviceAccount.create"));
    }

    [Fact]
    public void The_index_is_Memorystore_Redis()
    {
        Assert.Equal("false", Overlay.Scalar("redis.enabled"));
        Assert.False(string.IsNullOrWhiteSpace(Overlay.Scalar("redis.hostname")), "without redis.hostname the chart renders no --redis_server flags");
        Assert.Equal("redis", Overlay.Scalar("server.searchIndex.storageProvider"));
    }

    [Fact]
    public void The_log_DSN_names_the_Cloud_SQL_proxy_socket_and_its_IAM_user()
    {
        Assert.Equal("true", Overlay.Scalar("mysql.gcp.enabled"));
        Assert.Equal("true", Overlay.Scalar("mysql.gcp.cloudsql.unixDomainSocket.enabled"));
        var socket = $"{Overlay.Scalar("mysql.gcp.cloudsql.unixDomainSocket.path")}/{Overlay.Scalar("mysql.gcp.instance")}";
        var user = Overlay.Scalar("mysql.gcp.cloudsql.iamUsername");
        var arguments = Overlay.Sequence("server.extraArgs");
        Assert.Contains("--log_storage.provider=mysql", arguments);
        var dsn = Assert.Single(arguments, a => a.StartsWith("--log_storage.mysql.dsn=", StringComparison.Ordinal));
        Assert.StartsWith($"--log_storage.mysql.dsn={user}@unix({socket})/", dsn, StringComparison.Ordinal);
        Assert.StartsWith(user + "@", GoogleServiceAccount(), StringComparison.Ordinal); // the IAM login is the pod's account
    }

    [Fact]
    public void Replicas_share_one_checkpoint_hostname()
    {
        Assert.Single(Overlay.Sequence("server.extraArgs"), a => a.StartsWith("--rekor_server.hostname=", StringComparison.Ordinal));
    }

    [Fact]
    public void The_pod_runs_as_the_image_user_and_the_attestation_volume_is_writable_by_it()
    {
        Assert.Equal("65533", Overlay.Scalar("server.securityContext.runAsUser"));
        Assert.Equal("true", Overlay.Scalar("server.securityContext.runAsNonRoot"));
        Assert.Equal("65533", Overlay.Scalar("server.securityContext.fsGroup"));
        Assert.Equal("true", Overlay.Scalar("server.containerSecurityContext.readOnlyRootFilesystem"));
        Assert.Equal("file:///var/run/attestations", Overlay.Scalar("server.attestation_storage.bucket"));
    }

    [Fact]
    public void Yamllint_accepts_the_overlay()
    {
        var (exitCode, output) = Rekor.Core.Tests.Pki.ExternalTool.Run(
            "yamllint", "yamllint", ["-f", "parsable", "-c", DeployFiles.YamllintConfig, DeployFiles.ValuesOverlay, DeployFiles.YamllintConfig], throwOnFailure: false);
        Assert.True(exitCode == 0, System.Text.Encoding.UTF8.GetString(output));
    }

    /// <summary>The Workload Identity annotation on the server's Kubernetes ServiceAccount.</summary>
    private static string GoogleServiceAccount()
    {
        var annotations = Assert.IsType<YamlMappingNode>(Overlay.Find("server.serviceAccount.annotations"));
        return Assert.IsType<YamlScalarNode>(annotations.Children[new YamlScalarNode("iam.gke.io/gcp-service-account")]).Value ?? string.Empty;
    }
}
