using System.Text.Json;
using System.Text.Json.Nodes;
using Rekor.Cli.Tests.Fixtures;

namespace Rekor.Cli.Tests;

/// <summary>
/// <c>rekor verify --bundle</c> on real Sigstore bundles' tlog entries (from ../shared/vectors), offline: the server
/// named is a closed port. A bundle verifies against its log's key, and fails loudly (exit 3, the check named) when its
/// body is altered or the key is another.
/// </summary>
public sealed class BundleVerifyTests : IDisposable
{
    private const string Vector = "hashedrekord/public-79571823-conformance-happy-path-v03.json";

    private readonly TemporaryDirectory _directory = new();
    private readonly CliRunner _offline;

    public BundleVerifyTests() => _offline = new CliRunner($"http://127.0.0.1:{FreeTcpPort.Pick()}", _directory.File("state"));

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_real_bundles_tlog_entry_verifies_against_its_logs_key()
    {
        var (bundle, logKey) = WriteBundle(tamper: null);

        var run = await _offline.RunAsync("verify", "--bundle", bundle, "--log-public-key", logKey);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Verification successful for the 1 tlog entry", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_altered_body_fails_with_exit_3_and_the_failed_check_named()
    {
        var (bundle, logKey) = WriteBundle(tamper: entry =>
        {
            var body = Convert.FromBase64String(entry["canonicalizedBody"]!.GetValue<string>());
            body[^3] ^= 0x01;
            entry["canonicalizedBody"] = Convert.ToBase64String(body);
        });

        var run = await _offline.RunAsync("verify", "--bundle", bundle, "--log-public-key", logKey, "--format", "json");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("tlogEntries[0] FAILED verification: SignedEntryTimestamp", run.Error, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(run.Out);
        Assert.False(report.RootElement.GetProperty("verified").GetBoolean());
    }

    [Fact]
    public async Task Against_another_log_key_the_bundle_does_not_verify()
    {
        var (bundle, _) = WriteBundle(tamper: null);
        using var stranger = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var otherKey = _directory.File("other.pem");
        File.WriteAllText(otherKey, stranger.ExportSubjectPublicKeyInfoPem());

        var run = await _offline.RunAsync("verify", "--bundle", bundle, "--log-public-key", otherKey);

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("FAILED verification", run.Error, StringComparison.Ordinal);
    }

    /// <summary>A bundle holding the vector's tlog entry (optionally altered) and the PEM of the log key that signed it.</summary>
    private (string Bundle, string LogKey) WriteBundle(Action<JsonObject>? tamper)
    {
        var vector = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "..", "shared", "vectors", Vector)))!;
        var entry = vector["bundleTransparencyLogEntry"]!.DeepClone().AsObject();
        tamper?.Invoke(entry);
        var bundle = new JsonObject
        {
            ["mediaType"] = "application/vnd.dev.sigstore.bundle.v0.3+json",
            ["verificationMaterial"] = new JsonObject { ["tlogEntries"] = new JsonArray(entry) },
        };
        var bundlePath = _directory.File("artifact.sigstore.json");
        var keyPath = _directory.File("rekor.pub");
        File.WriteAllText(bundlePath, bundle.ToJsonString());
        File.WriteAllText(keyPath, vector["logPublicKeyPem"]!.GetValue<string>());
        return (bundlePath, keyPath);
    }
}
