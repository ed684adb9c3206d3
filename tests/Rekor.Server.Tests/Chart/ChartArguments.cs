namespace Rekor.Server.Tests.Chart;

/// <summary>
/// The sigstore Helm chart's default container arguments for the Rekor server exactly as rendered (release
/// <c>rekor</c>, all defaults: §3 of the chart reference), in the chart's order, with what the chart takes from its
/// environment filled in: <c>$(TREE_ID)</c> (<see cref="TreeId"/>), the sharding ConfigMap's file and the attestation
/// volume (<see cref="ChartMounts"/>). Invariant: this is the one copy of the list in the tests; whatever a test adds
/// comes after it (the chart's <c>server.extraArgs</c> are rendered last), and the server reads its command line last
/// wins, so a later flag overrides the chart's.
/// </summary>
internal static class ChartArguments
{
    /// <summary>The tree ID the chart's <c>$(TREE_ID)</c> expands to.</summary>
    public const long TreeId = 1193046817491352131;

    /// <summary>
    /// Added after everything else: listen on loopback only (the chart binds <c>0.0.0.0</c> for its pod network; a test
    /// machine must not expose its servers).
    /// </summary>
    public const string LoopbackBind = "--rekor_server.address=127.0.0.1";

    /// <summary>The arguments, <c>serve</c> first, as the container receives them.</summary>
    public static string[] Render(ChartMounts mounts) =>
    [
        "serve",
        "--trillian_log_server.address=trillian-logserver.trillian-system",
        "--trillian_log_server.port=8091",
        $"--trillian_log_server.sharding_config={mounts.ShardingConfig}",
        "--redis_server.address=rekor-redis",
        "--redis_server.port=6379",
        "--rekor_server.address=0.0.0.0",
        "--rekor_server.signer=memory",
        "--enable_retrieve_api=true",
        $"--trillian_log_server.tlog_id={TreeId}",
        "--enable_attestation_storage",
        $"--attestation_storage_bucket={mounts.AttestationBucket}",
    ];
}
