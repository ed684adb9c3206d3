using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Rekor.Core.Models;
using Rekor.Core.Signing;
using Rekor.Core.Tests.Pki.Minisign;
using Rekor.Core.Tests.Pki.Pgp;
using Rekor.Core.Tests.Pki.Ssh;
using Rekor.Core.Types;
using Rekor.Core.Types.Rekord.V001;
using Rekor.Core.Verification;

namespace Rekor.Server.Tests.Api;

/// <summary>
/// rekord entries in the pgp, minisign and ssh formats, signed by the real tools, through the API: created, verified as
/// a client verifies them, and found by public key (in their format), by artifact hash and by the key's email.
/// </summary>
public sealed class RekordFormatsApiTests(RunningServer server) : IClassFixture<RunningServer>, IDisposable
{
    private readonly SshKeygen _ssh = new();
    private readonly MinisignTool _minisign = new();
    private readonly Gpg _gpg = new();

    private HttpClient Client => server.Client;

    public void Dispose()
    {
        _ssh.Dispose();
        _minisign.Dispose();
        _gpg.Dispose();
    }

    public static TheoryData<string> Formats() => ["pgp", "minisign", "ssh"];

    private (byte[] Signature, byte[] Key) Sign(string format, byte[] artifact, string comment = "")
    {
        if (format == "pgp")
        {
            var fingerprint = _gpg.NewKey($"Signer <{(comment.Length > 0 ? comment : $"signer-{Guid.NewGuid():N}@example.com")}>", "ed25519");
            return (_gpg.Sign(fingerprint, artifact, armor: true), _gpg.Export(armor: true, fingerprint));
        }

        if (format == "minisign")
        {
            return (_minisign.Sign(artifact), _minisign.PublicKeyFile);
        }

        var key = _ssh.NewKey("ed25519", comment);
        return (_ssh.Sign(key, artifact), SshKeygen.PublicKeyLine(key));
    }

    private static string Proposed(string format, byte[] artifact, byte[] signature, byte[] key)
    {
        var built = RekordV001Entry.FromArtifact(new ArtifactInput { Artifact = artifact, Signature = signature, VerificationMaterial = key, SignatureFormat = format });
        Assert.True(built.Succeeded, built.Error?.Message);
        return JsonSerializer.Serialize((ProposedEntry)built.Value!.ToProposedEntry(), RekorJson.Options);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task An_entry_is_created_verified_and_found_by_its_key_in_its_format_and_by_its_hash(string format)
    {
        var artifact = System.Text.Encoding.UTF8.GetBytes($"artifact signed with {format} {Guid.NewGuid()}");
        var (signature, key) = Sign(format, artifact);

        var response = await Client.PostJsonAsync("/api/v1/log/entries", Proposed(format, artifact, signature, key));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var member = Assert.Single((await response.JsonAsync()).EnumerateObject());
        var entryId = member.Name;
        var logKey = LogKey.FromPem(await (await Client.GetAsync("/api/v1/log/publicKey")).Content.ReadAsStringAsync());
        var verification = LogEntryVerifier.Verify(
            entryId, member.Value.Deserialize<LogEntryValue>(RekorJson.Options)!, new TrustedLogKeys([logKey]),
            new VerificationOptions { ExpectedCheckpointSignerName = "127.0.0.1" });
        Assert.True(verification.IsVerified, string.Join("; ", verification.Checks.Select(c => c.ToString())));

        var byKey = await (await Client.PostJsonAsync("/api/v1/index/retrieve",
            $"{{\"publicKey\":{{\"format\":\"{format}\",\"content\":\"{Convert.ToBase64String(key)}\"}}}}")).JsonAsync();
        Assert.Equal([entryId], byKey.EnumerateArray().Select(e => e.GetString()));
        var byHash = await (await Client.PostJsonAsync("/api/v1/index/retrieve",
            $"{{\"hash\":\"sha256:{Convert.ToHexStringLower(SHA256.HashData(artifact))}\"}}")).JsonAsync();
        Assert.Equal([entryId], byHash.EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("ssh")]
    [InlineData("pgp")]
    public async Task A_key_naming_an_email_is_found_by_that_email(string format)
    {
        // An ssh key's comment, a pgp key's user ID.
        var email = $"signer-{Guid.NewGuid():N}@example.org";
        var artifact = System.Text.Encoding.UTF8.GetBytes("artifact of " + email);
        var (signature, key) = Sign(format, artifact, comment: email);
        var entryId = Assert.Single((await (await Client.PostJsonAsync("/api/v1/log/entries", Proposed(format, artifact, signature, key))).JsonAsync()).EnumerateObject()).Name;

        var byEmail = await (await Client.PostJsonAsync("/api/v1/index/retrieve", $"{{\"email\":\"{email.ToUpperInvariant()}\"}}")).JsonAsync();

        Assert.Equal([entryId], byEmail.EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_signature_over_other_content_is_a_400_and_logs_nothing(string format)
    {
        var artifact = System.Text.Encoding.UTF8.GetBytes($"the artifact {Guid.NewGuid()}");
        var (signature, key) = Sign(format, [.. artifact, (byte)'!']);
        var proposed = new System.Text.Json.Nodes.JsonObject
        {
            ["kind"] = "rekord",
            ["apiVersion"] = "0.0.1",
            ["spec"] = new System.Text.Json.Nodes.JsonObject
            {
                ["signature"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["format"] = format,
                    ["content"] = Convert.ToBase64String(signature),
                    ["publicKey"] = new System.Text.Json.Nodes.JsonObject { ["content"] = Convert.ToBase64String(key) },
                },
                ["data"] = new System.Text.Json.Nodes.JsonObject { ["content"] = Convert.ToBase64String(artifact) },
            },
        }.ToJsonString();
        var before = await Client.TreeSizeAsync();

        var response = await Client.PostJsonAsync("/api/v1/log/entries", proposed);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "error processing entry: ");
        Assert.Equal(before, await Client.TreeSizeAsync());
    }

    [Fact]
    public async Task A_search_with_a_key_its_format_cannot_read_is_a_400()
    {
        var (_, key) = Sign("ssh", "x"u8.ToArray());

        var response = await Client.PostJsonAsync("/api/v1/index/retrieve",
            $"{{\"publicKey\":{{\"format\":\"minisign\",\"content\":\"{Convert.ToBase64String(key)}\"}}}}");

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "public key provided could not be parsed");
    }
}
