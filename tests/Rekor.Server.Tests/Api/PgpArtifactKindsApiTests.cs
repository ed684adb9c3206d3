using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Rekor.Core.Models;
using Rekor.Core.Signing;
using Rekor.Core.Tests.Pki.Pgp;
using Rekor.Core.Tests.Types.Helm;
using Rekor.Core.Tests.Types.Rpm;
using Rekor.Core.Types;
using Rekor.Core.Verification;

namespace Rekor.Server.Tests.Api;

/// <summary>
/// The kinds whose artifact carries a PGP signature, made by the real tools, through the API: rpm (rpmbuild and rpmsign)
/// and helm (a provenance file in helm's format, clear-signed by gpg).
/// Each entry is created, verified as a client verifies it and found by the artifact's hash and the key's email; a
/// tampered artifact is a 400 that logs nothing.
/// </summary>
public sealed class PgpArtifactKindsApiTests(RunningServer server) : IClassFixture<RunningServer>, IDisposable
{
    private readonly Gpg _gpg = new();
    private readonly RpmTool _rpm = new();

    private HttpClient Client => server.Client;

    public void Dispose()
    {
        _rpm.Dispose();
        _gpg.Dispose();
    }

    /// <summary>A package signed by rpmsign with a fresh key whose user ID is <paramref name="email"/>, and that key.</summary>
    private (byte[] Package, byte[] Key) SignedPackage(string email)
    {
        var fingerprint = _gpg.NewKey($"Packager <{email}>", "ed25519");
        return (_rpm.Sign(_rpm.Build(), _gpg, fingerprint), _gpg.Export(armor: true, fingerprint));
    }

    private async Task<string> CreateVerified(string proposed)
    {
        var response = await Client.PostJsonAsync("/api/v1/log/entries", proposed);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var member = Assert.Single((await response.JsonAsync()).EnumerateObject());
        var logKey = LogKey.FromPem(await (await Client.GetAsync("/api/v1/log/publicKey")).Content.ReadAsStringAsync());
        var verification = LogEntryVerifier.Verify(
            member.Name, member.Value.Deserialize<LogEntryValue>(RekorJson.Options)!, new TrustedLogKeys([logKey]),
            new VerificationOptions { ExpectedCheckpointSignerName = "127.0.0.1" });
        Assert.True(verification.IsVerified, string.Join("; ", verification.Checks.Select(c => c.ToString())));
        return member.Name;
    }

    private async Task<IEnumerable<string?>> Search(string query) =>
        (await (await Client.PostJsonAsync("/api/v1/index/retrieve", query)).JsonAsync()).EnumerateArray().Select(e => e.GetString());

    [Fact]
    public async Task An_rpm_entry_is_created_verified_and_found_by_the_package_hash_and_the_keys_email()
    {
        var email = $"packager-{Guid.NewGuid():N}@example.com";
        var (package, key) = SignedPackage(email);

        var entryId = await CreateVerified(RpmEntries.Proposed(key, package));

        Assert.Equal([entryId], await Search($"{{\"hash\":\"sha256:{Convert.ToHexStringLower(SHA256.HashData(package))}\"}}"));
        Assert.Equal([entryId], await Search($"{{\"email\":\"{email}\"}}"));
    }

    [Fact]
    public async Task A_tampered_rpm_is_a_400_and_logs_nothing()
    {
        var (package, key) = SignedPackage($"packager-{Guid.NewGuid():N}@example.com");
        package[^1] ^= 0x01;
        var before = await Client.TreeSizeAsync();

        var response = await Client.PostJsonAsync("/api/v1/log/entries", RpmEntries.Proposed(key, package));

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "error processing entry: payload SHA-256 digest mismatch");
        Assert.Equal(before, await Client.TreeSizeAsync());
    }

    [Fact]
    public async Task An_unsigned_rpm_is_a_400_and_logs_nothing()
    {
        var (_, key) = SignedPackage($"packager-{Guid.NewGuid():N}@example.com");
        var before = await Client.TreeSizeAsync();

        var response = await Client.PostJsonAsync("/api/v1/log/entries", RpmEntries.Proposed(key, _rpm.Build()));

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "error processing entry: no supported PGP signature found in RPM");
        Assert.Equal(before, await Client.TreeSizeAsync());
    }

    /// <summary>A provenance file in helm's format for a fresh chart, clear-signed by a fresh key whose user ID is <paramref name="email"/>.</summary>
    private (byte[] Provenance, byte[] Key, byte[] Chart) SignedProvenance(string email)
    {
        var fingerprint = _gpg.NewKey($"Chart Signer <{email}>", "ed25519");
        var chart = HelmProvenanceFiles.Chart(email);
        return (HelmProvenanceFiles.Sign(_gpg, fingerprint, HelmProvenanceFiles.MessageBlock(chart)), _gpg.Export(armor: true, fingerprint), chart);
    }

    [Fact]
    public async Task A_helm_entry_is_created_verified_and_found_by_the_chart_hash_and_the_keys_email()
    {
        var email = $"charts-{Guid.NewGuid():N}@example.com";
        var (provenance, key, chart) = SignedProvenance(email);

        var entryId = await CreateVerified(HelmProvenanceFiles.Proposed(key, provenance));

        Assert.Equal([entryId], await Search($"{{\"hash\":\"sha256:{HelmProvenanceFiles.ChartSha256(chart)}\"}}"));
        Assert.Equal([entryId], await Search($"{{\"email\":\"{email}\"}}"));
    }

    [Fact]
    public async Task A_tampered_provenance_is_a_400_and_logs_nothing()
    {
        var (provenance, key, chart) = SignedProvenance($"charts-{Guid.NewGuid():N}@example.com");
        var tampered = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(provenance)
            .Replace(HelmProvenanceFiles.ChartSha256(chart), HelmProvenanceFiles.ChartSha256([.. chart, 0]), StringComparison.Ordinal));
        var before = await Client.TreeSizeAsync();

        var response = await Client.PostJsonAsync("/api/v1/log/entries", HelmProvenanceFiles.Proposed(key, tampered));

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "error processing entry: openpgp: invalid signature");
        Assert.Equal(before, await Client.TreeSizeAsync());
    }
}
