using Rekor.Server.Tests.Api;

namespace Rekor.Server.Tests.Attestations;

/// <summary>A server keeping attestations in its embedded database, with a 4,000-byte limit so a test can exceed it cheaply.</summary>
public sealed class DatabaseAttestationServer() : RunningServer(["--enable_attestation_storage", "--max_attestation_size", "4000"]);

/// <summary>A server keeping attestations as files in a <c>file://</c> bucket of its own.</summary>
public sealed class FileBucketAttestationServer() : RunningServer(["--enable_attestation_storage", "--attestation_storage_bucket", new Uri(Bucket).AbsoluteUri])
{
    /// <summary>The bucket's directory; tests may break it to make the store fail.</summary>
    public static string Bucket { get; } = Path.Combine(Path.GetTempPath(), "rekor-bucket-" + Guid.NewGuid().ToString("n"));
}
