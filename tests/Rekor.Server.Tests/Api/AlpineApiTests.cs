using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rekor.Core.Models;
using Rekor.Core.Signing;
using Rekor.Core.Tests.Alpine;
using Rekor.Core.Types;
using Rekor.Core.Verification;

namespace Rekor.Server.Tests.Api;

/// <summary>
/// alpine 0.0.1 entries through the API, with packages built in code as abuild builds them (<see cref="TestApk"/>;
/// Debian has no abuild): created and verified as a client verifies them, found by package hash and key; a tampered
/// package is a 400 that logs nothing.
/// </summary>
public sealed class AlpineApiTests(RunningServer server) : IClassFixture<RunningServer>
{
    private static readonly RSA Key = RSA.Create(2048);

    private HttpClient Client => server.Client;

    internal static byte[] Pem => Rekor.Core.Pki.Pem.Encode("PUBLIC KEY", Key.ExportSubjectPublicKeyInfo());

    /// <summary>A package unique to the caller (its data differs), signed by <see cref="Key"/>, with an extra <c>pkgdesc</c> if given.</summary>
    internal static byte[] NewPackage(string? pkgdesc = null)
    {
        var content = System.Text.Encoding.UTF8.GetBytes($"#!/bin/sh\necho {Guid.NewGuid()}\n");
        var (_, data) = TestApk.Unsigned(dataContent: content);
        var extra = pkgdesc is null ? "" : $"pkgdesc = {pkgdesc}\n";
        return TestApk.Build(Key, TestApk.PkgInfoText(Convert.ToHexStringLower(SHA256.HashData(data)), extra: extra), content);
    }

    internal static string Proposed(byte[] apk) => new JsonObject
    {
        ["kind"] = "alpine",
        ["apiVersion"] = "0.0.1",
        ["spec"] = new JsonObject
        {
            ["publicKey"] = new JsonObject { ["content"] = Convert.ToBase64String(Pem) },
            ["package"] = new JsonObject { ["content"] = Convert.ToBase64String(apk) },
        },
    }.ToJsonString();

    [Fact]
    public async Task An_entry_is_created_verified_and_found_by_its_package_hash_and_key()
    {
        var apk = NewPackage();

        var response = await Client.PostJsonAsync("/api/v1/log/entries", Proposed(apk));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var member = Assert.Single((await response.JsonAsync()).EnumerateObject());
        var entryId = member.Name;
        var logKey = LogKey.FromPem(await (await Client.GetAsync("/api/v1/log/publicKey")).Content.ReadAsStringAsync());
        var verification = LogEntryVerifier.Verify(
            entryId, member.Value.Deserialize<LogEntryValue>(RekorJson.Options)!, new TrustedLogKeys([logKey]),
            new VerificationOptions { ExpectedCheckpointSignerName = "127.0.0.1" });
        Assert.True(verification.IsVerified, string.Join("; ", verification.Checks.Select(c => c.ToString())));

        var byHash = await (await Client.PostJsonAsync("/api/v1/index/retrieve",
            $"{{\"hash\":\"sha256:{Convert.ToHexStringLower(SHA256.HashData(apk))}\"}}")).JsonAsync();
        Assert.Equal([entryId], byHash.EnumerateArray().Select(e => e.GetString()));
        var byKey = await (await Client.PostJsonAsync("/api/v1/index/retrieve",
            $"{{\"publicKey\":{{\"format\":\"x509\",\"content\":\"{Convert.ToBase64String(Pem)}\"}}}}")).JsonAsync();
        Assert.Contains(entryId, byKey.EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_tampered_package_is_a_400_and_logs_nothing()
    {
        var apk = NewPackage();
        apk[^20] ^= 0x01;
        var before = await Client.TreeSizeAsync();

        var response = await Client.PostJsonAsync("/api/v1/log/entries", Proposed(apk));

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "error processing entry: ");
        Assert.Equal(before, await Client.TreeSizeAsync());
    }
}

/// <summary>A server reading apk metadata (.SIGN, .PKGINFO, the inflated signature tar) only up to 2,048 bytes.</summary>
public sealed class SmallApkMetadataServer() : RunningServer(["--max_apk_metadata_size", "2048"]);

/// <summary><c>--max_apk_metadata_size</c> given on the command line reaches the alpine kind.</summary>
public sealed class AlpineMetadataLimitApiTests(SmallApkMetadataServer server) : IClassFixture<SmallApkMetadataServer>
{
    [Fact]
    public async Task A_PKGINFO_over_the_limit_is_a_400_and_one_under_it_is_logged()
    {
        var before = await server.Client.TreeSizeAsync();

        var tooLarge = await server.Client.PostJsonAsync("/api/v1/log/entries", AlpineApiTests.Proposed(AlpineApiTests.NewPackage(pkgdesc: new string('x', 3000))));

        await tooLarge.AssertErrorAsync(HttpStatusCode.BadRequest, "error processing entry: ");
        Assert.Contains("exceeds max allowed size 2048", await tooLarge.Content.ReadAsStringAsync());
        Assert.Equal(before, await server.Client.TreeSizeAsync());

        var small = await server.Client.PostJsonAsync("/api/v1/log/entries", AlpineApiTests.Proposed(AlpineApiTests.NewPackage()));
        Assert.Equal(HttpStatusCode.Created, small.StatusCode);
    }
}
