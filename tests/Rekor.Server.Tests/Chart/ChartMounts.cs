namespace Rekor.Server.Tests.Chart;

/// <summary>
/// What the chart mounts into the server's pod, as local files: the sharding ConfigMap's <c>sharding-config.yaml</c>
/// (empty, as the chart's default) and the attestation volume (the chart's bucket <c>file:///var/run/attestations</c>).
/// Invariant: one server's mounts are its own, and are deleted on dispose.
/// </summary>
internal sealed class ChartMounts : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public ChartMounts()
    {
        ShardingConfig = _directory.File("sharding-config.yaml");
        File.WriteAllText(ShardingConfig, string.Empty);
        var attestations = _directory.File("attestations");
        Directory.CreateDirectory(attestations);
        AttestationBucket = new Uri(attestations).AbsoluteUri;
    }

    public string ShardingConfig { get; }

    /// <summary>A <c>file://</c> URI, as the chart's bucket value.</summary>
    public string AttestationBucket { get; }

    public void Dispose() => _directory.Dispose();
}
