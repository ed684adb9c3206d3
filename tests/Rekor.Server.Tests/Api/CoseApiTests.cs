using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rekor.Core.Models;
using Rekor.Core.Pki;
using Rekor.Core.Signing;
using Rekor.Core.Tests.Cose;
using Rekor.Core.Types;
using Rekor.Core.Verification;
using Rekor.Server.Tests.Attestations;

namespace Rekor.Server.Tests.Api;

/// <summary>
/// cose 0.0.1 entries through the API, with COSE_Sign1 messages built and signed in code (<see cref="TestCose"/>;
/// Debian has no COSE tool): created and verified as a client verifies them, found by key, message and payload hash;
/// a tampered message is a 400 that logs nothing.
/// </summary>
public sealed class CoseApiTests(RunningServer server) : IClassFixture<RunningServer>
{
    private static readonly ECDsa Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private HttpClient Client => server.Client;

    internal static byte[] Pem => Rekor.Core.Pki.Pem.Encode("PUBLIC KEY", Key.ExportSubjectPublicKeyInfo());

    internal static byte[] NewMessage(out byte[] payload)
    {
        payload = System.Text.Encoding.UTF8.GetBytes($"{{\"cose\":\"{Guid.NewGuid()}\"}}");
        return TestCose.Sign1(payload, TestCose.ES256, TestCose.Es256(Key));
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public async Task An_entry_is_created_verified_and_found_by_its_key_its_message_and_its_payload()
    {
        var message = NewMessage(out var payload);

        var response = await Client.PostJsonAsync("/api/v1/log/entries", TestCose.Entry(message, Pem, new JsonObject()));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var member = Assert.Single((await response.JsonAsync()).EnumerateObject());
        var entryId = member.Name;
        var logKey = LogKey.FromPem(await (await Client.GetAsync("/api/v1/log/publicKey")).Content.ReadAsStringAsync());
        var verification = LogEntryVerifier.Verify(
            entryId, member.Value.Deserialize<LogEntryValue>(RekorJson.Options)!, new TrustedLogKeys([logKey]),
            new VerificationOptions { ExpectedCheckpointSignerName = "127.0.0.1" });
        Assert.True(verification.IsVerified, string.Join("; ", verification.Checks.Select(c => c.ToString())));

        foreach (var hash in new[] { Hex(message), Hex(payload) })
        {
            var byHash = await (await Client.PostJsonAsync("/api/v1/index/retrieve", $"{{\"hash\":\"sha256:{hash}\"}}")).JsonAsync();
            Assert.Equal([entryId], byHash.EnumerateArray().Select(e => e.GetString()));
        }

        var byKey = await (await Client.PostJsonAsync("/api/v1/index/retrieve",
            $"{{\"publicKey\":{{\"format\":\"x509\",\"content\":\"{Convert.ToBase64String(Pem)}\"}}}}")).JsonAsync();
        Assert.Contains(entryId, byKey.EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_tampered_message_is_a_400_and_logs_nothing()
    {
        var message = NewMessage(out _);
        message[^70] ^= 0x01; // inside the payload, before the 64-byte signature
        var before = await Client.TreeSizeAsync();

        var response = await Client.PostJsonAsync("/api/v1/log/entries", TestCose.Entry(message, Pem, new JsonObject()));

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "error processing entry: ");
        Assert.Equal(before, await Client.TreeSizeAsync());
    }
}

/// <summary>With <c>--enable_attestation_storage</c>, a cose entry's whole message comes back as <c>attestation.data</c> on reads.</summary>
public sealed class CoseAttestationApiTests(DatabaseAttestationServer server) : IClassFixture<DatabaseAttestationServer>
{
    [Fact]
    public async Task The_message_is_returned_as_the_attestation_on_GET_but_not_in_the_201()
    {
        var message = CoseApiTests.NewMessage(out _);
        var response = await server.Client.PostJsonAsync("/api/v1/log/entries", TestCose.Entry(message, CoseApiTests.Pem, new JsonObject()));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = Assert.Single((await response.JsonAsync()).EnumerateObject());
        Assert.False(created.Value.TryGetProperty("attestation", out _));

        var read = Assert.Single((await (await server.Client.GetAsync("/api/v1/log/entries/" + created.Name)).JsonAsync()).EnumerateObject());

        Assert.Equal(message, Convert.FromBase64String(read.Value.GetProperty("attestation").GetProperty("data").GetString()!));
    }
}
