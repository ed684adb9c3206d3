using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rekor.Core.Models;
using Rekor.Core.Signing;
using Rekor.Core.Tests.Pki.Jar;
using Rekor.Core.Tests.Pki.Rfc3161;
using Rekor.Core.Types;
using Rekor.Core.Verification;

namespace Rekor.Server.Tests.Api;

/// <summary>
/// The two kinds built on PKCS#7 through the real server: rfc3161 responses made by <c>openssl ts</c> and JARs signed
/// by <c>jarsigner</c>, created, verified as a client verifies them and found by hash; altered ones refused.
/// </summary>
public sealed class Pkcs7KindsApiTests(RunningServer server) : IClassFixture<RunningServer>, IDisposable
{
    private readonly OpensslTsa _tsa = new("p256");
    private readonly JdkJarSigner _jdk = NewSigner();

    private HttpClient Client => server.Client;

    public void Dispose()
    {
        _tsa.Dispose();
        _jdk.Dispose();
    }

    [Fact]
    public async Task A_timestamp_response_is_created_verified_and_found_by_its_hash()
    {
        var response = _tsa.Timestamp(System.Text.Encoding.UTF8.GetBytes($"timestamped {Guid.NewGuid()}"));

        var entryId = await CreateAndVerifyAsync(Proposed("rfc3161", new JsonObject { ["tsr"] = new JsonObject { ["content"] = Convert.ToBase64String(response) } }));

        Assert.Equal([entryId], await FindByHashAsync(response));
    }

    [Fact]
    public async Task An_altered_timestamp_response_is_a_400_and_logs_nothing()
    {
        var response = _tsa.Timestamp("altered"u8.ToArray());
        response[^1] ^= 0x01;
        var before = await Client.TreeSizeAsync();

        var posted = await Client.PostJsonAsync("/api/v1/log/entries", Proposed("rfc3161", new JsonObject { ["tsr"] = new JsonObject { ["content"] = Convert.ToBase64String(response) } }));

        await posted.AssertErrorAsync(HttpStatusCode.BadRequest, "error processing entry: tsr verification error: ");
        Assert.Equal(before, await Client.TreeSizeAsync());
    }

    [Fact]
    public async Task A_signed_jar_is_created_verified_and_found_by_its_hash_but_not_by_its_certificate_as_in_Rekor()
    {
        var jar = SignedJar();

        var entryId = await CreateAndVerifyAsync(JarProposed(jar));

        Assert.Equal([entryId], await FindByHashAsync(jar));

        // Rekor indexes a jar by the hash of its signature PEM, not of its certificate: a search by key misses it.
        var logged = await (await Client.GetAsync($"/api/v1/log/entries/{entryId}")).JsonAsync();
        var body = JsonNode.Parse(Convert.FromBase64String(logged.EnumerateObject().Single().Value.GetProperty("body").GetString()!))!;
        var certificate = (string)body["spec"]!["signature"]!["publicKey"]!["content"]!;
        var byKey = await (await Client.PostJsonAsync("/api/v1/index/retrieve", $"{{\"publicKey\":{{\"format\":\"x509\",\"content\":\"{certificate}\"}}}}")).JsonAsync();
        Assert.Empty(byKey.EnumerateArray());
    }

    [Fact]
    public async Task A_jar_whose_class_changed_after_signing_is_a_400_and_logs_nothing()
    {
        var jar = ZipEdits.Put(SignedJar(), "pkg/A.class", "class A { evil(); }"u8.ToArray());
        var before = await Client.TreeSizeAsync();

        var posted = await Client.PostJsonAsync("/api/v1/log/entries", JarProposed(jar));

        await posted.AssertErrorAsync(HttpStatusCode.BadRequest, "error processing entry: file \"pkg/A.class\" in MANIFEST.MF: Sha-256-Digest mismatch");
        Assert.Equal(before, await Client.TreeSizeAsync());
    }

    internal static JdkJarSigner NewSigner()
    {
        var jdk = new JdkJarSigner();
        jdk.NewKey("signer", "EC");
        return jdk;
    }

    internal static byte[] SignedJar(JdkJarSigner jdk) =>
        jdk.Sign(jdk.MakeJar(new Dictionary<string, string> { ["pkg/A.class"] = "class A {}", ["id.txt"] = Guid.NewGuid().ToString() }), "signer");

    internal static string JarProposed(byte[] jar) =>
        Proposed("jar", new JsonObject { ["archive"] = new JsonObject { ["content"] = Convert.ToBase64String(jar) } });

    private byte[] SignedJar() => SignedJar(_jdk);

    private static string Proposed(string kind, JsonObject spec) =>
        new JsonObject { ["kind"] = kind, ["apiVersion"] = "0.0.1", ["spec"] = spec }.ToJsonString();

    private async Task<string> CreateAndVerifyAsync(string proposed)
    {
        var response = await Client.PostJsonAsync("/api/v1/log/entries", proposed);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var member = Assert.Single((await response.JsonAsync()).EnumerateObject());
        var logKey = LogKey.FromPem(await (await Client.GetAsync("/api/v1/log/publicKey")).Content.ReadAsStringAsync());
        var verification = LogEntryVerifier.Verify(
            member.Name, member.Value.Deserialize<LogEntryValue>(RekorJson.Options)!, new TrustedLogKeys([logKey]),
            new VerificationOptions { ExpectedCheckpointSignerName = "127.0.0.1" });
        Assert.True(verification.IsVerified, string.Join("; ", verification.Checks.Select(c => c.ToString())));
        return member.Name;
    }

    private async Task<IEnumerable<string?>> FindByHashAsync(byte[] content) =>
        (await (await Client.PostJsonAsync("/api/v1/index/retrieve", $"{{\"hash\":\"sha256:{Convert.ToHexStringLower(SHA256.HashData(content))}\"}}")).JsonAsync())
        .EnumerateArray().Select(e => e.GetString());
}

/// <summary>A server reading at most 512 bytes of each jar's META-INF files (a jarsigner EC block is about 800).</summary>
public sealed class SmallJarMetadataServer() : RunningServer(["--max_jar_metadata_size", "512"]);

/// <summary><c>--max_jar_metadata_size</c> given on the command line reaches the jar kind.</summary>
public sealed class JarMetadataLimitApiTests(SmallJarMetadataServer server) : IClassFixture<SmallJarMetadataServer>
{
    [Fact]
    public async Task A_jar_with_a_metadata_file_over_the_command_line_limit_is_a_400_and_logs_nothing()
    {
        using var jdk = Pkcs7KindsApiTests.NewSigner();
        var jar = Pkcs7KindsApiTests.SignedJar(jdk);
        var before = await server.Client.TreeSizeAsync();

        var posted = await server.Client.PostJsonAsync("/api/v1/log/entries", Pkcs7KindsApiTests.JarProposed(jar));

        await posted.AssertErrorAsync(HttpStatusCode.BadRequest, "exceeds max allowed size 512");
        Assert.Equal(before, await server.Client.TreeSizeAsync());
    }
}
