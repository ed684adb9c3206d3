using Rekor.Server.Tests.Api;

namespace Rekor.Server.Tests.Attestations;

/// <summary>
/// A server keeping attestations in its embedded database, with a 4,000-byte limit so a test can exceed it cheaply.
/// The empty bucket names the embedded database (the default; under the chart's arguments it replaces the chart's bucket).
/// </summary>
public sealed class DatabaseAttestationServer() : RunningServer(["--enable_attestation_storage", "--attestation_storage_bucket=", "--max_attestation_size", "4000"]);

/// <summary>
/// A server with attestation storage off: the server's default; under the chart's arguments, which turn it on, a later
/// <c>--enable_attestation_storage=false</c>, as a deployment's <c>server.extraArgs</c> would turn it off.
/// </summary>
public sealed class AttestationStorageOffServer() : RunningServer(Services.TestServerMode.IsChart ? ["--enable_attestation_storage=false"] : []);

/// <summary>A server keeping attestations as files in a <c>file://</c> bucket of its own.</summary>
public sealed class FileBucketAttestationServer() : RunningServer(["--enable_attestation_storage", "--attestation_storage_bucket", new Uri(Bucket).AbsoluteUri])
{
    /// <summary>The bucket's directory; tests may break it to make the store fail.</summary>
    public static string Bucket { get; } = Path.Combine(Path.GetTempPath(), "rekor-bucket-" + Guid.NewGuid().ToString("n"));
}
