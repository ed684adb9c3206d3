using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Rekor.Core.Tests.Pki.Rfc3161;
using Rekor.Core.Types;
using Rekor.Core.Types.Rfc3161.V001;

namespace Rekor.Core.Tests.Types;

/// <summary>
/// rfc3161 0.0.1 against real timestamp responses: made by <c>openssl ts</c> in the test (RSA and P-256 TSAs) and
/// committed fixtures made the same way (Pki/Rfc3161/Fixtures), read through the type map as the server reads them.
/// </summary>
public class Rfc3161V001EntryTests
{
    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Pki", "Rfc3161", "Fixtures");

    [Theory]
    [InlineData("rsa")]
    [InlineData("p256")]
    public async Task A_response_openssl_just_made_is_accepted_kept_unchanged_and_reread(string keyAlgorithm)
    {
        using var tsa = new OpensslTsa(keyAlgorithm);
        var response = tsa.Timestamp("an artifact to timestamp"u8.ToArray());

        await AssertAcceptedAndReread(response);
    }

    [Theory]
    [InlineData("rsa.tsr")]
    [InlineData("p256.tsr")]
    public async Task A_committed_openssl_response_is_accepted_kept_unchanged_and_reread(string fixture) =>
        await AssertAcceptedAndReread(Fixture(fixture));

    [Fact]
    public void A_response_without_the_tsa_certificate_is_refused_because_nothing_can_verify_it()
    {
        using var tsa = new OpensslTsa("p256");
        var response = tsa.Timestamp("no certificate requested"u8.ToArray(), includeCertificate: false);

        var error = Refusal(response);

        Assert.StartsWith("tsr verification error: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_response_over_10_KiB_is_refused_with_Rekors_message_even_when_it_verifies()
    {
        // Go's asn1.Unmarshal ignores bytes after the response, so only the size refuses this one.
        var padded = Fixture("rsa.tsr").Concat(new byte[(10 * 1024) + 1 - Fixture("rsa.tsr").Length]).ToArray();
        var atLimit = padded[..(10 * 1024)];

        Assert.Equal("tsr exceeds maximum allowed size (10kB)", Refusal(padded));
        Assert.True(Parse(atLimit).Validate().Succeeded);
    }

    [Fact]
    public void A_rejection_is_refused_with_its_status()
    {
        using var tsa = new OpensslTsa("rsa");
        var fresh = tsa.Timestamp("sha1 is not accepted by this TSA"u8.ToArray(), queryDigest: "sha1");

        Assert.Equal("tsr status not granted: 2", Refusal(fresh));
        Assert.Equal("tsr status not granted: 2", Refusal(Fixture("rejection.tsr")));
    }

    [Theory]
    [InlineData("rsa.tsr")]
    [InlineData("p256.tsr")]
    public void A_response_whose_signature_was_altered_is_refused(string fixture)
    {
        var response = Fixture(fixture);
        response[^1] ^= 0x01; // the signature is the response's last field

        Assert.StartsWith("tsr verification error: ", Refusal(response), StringComparison.Ordinal);
    }

    [Fact]
    public void A_response_whose_timestamped_digest_was_altered_is_refused_for_its_content_digest()
    {
        var response = Fixture("p256.tsr");
        var imprint = SHA256.HashData(Fixture("artifact.txt"));
        var at = response.AsSpan().IndexOf(imprint);
        Assert.True(at > 0, "the message imprint is inside the token's content");
        response[at] ^= 0x01;

        Assert.StartsWith("tsr verification error: ", Refusal(response), StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_not_a_response_are_refused_as_invalid_input()
    {
        Assert.NotEmpty(Refusal("not a timestamp response"u8.ToArray()));
        Assert.NotEmpty(Refusal(Encoding.ASCII.GetBytes("-----BEGIN PKCS7-----\nAAAA\n-----END PKCS7-----\n")));

        // A certificate is DER but not a TimeStampResp.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=not a TSR", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        Assert.NotEmpty(Refusal(certificate.RawData));
    }

    [Fact]
    public void Every_truncation_and_every_single_byte_change_of_a_response_is_an_answer_never_an_exception()
    {
        var response = Fixture("p256.tsr");
        for (var length = 1; length < response.Length; length++)
        {
            Assert.NotEmpty(Refusal(response[..length]));
        }

        for (var at = 0; at < response.Length; at++)
        {
            var changed = (byte[])response.Clone();
            changed[at] ^= 0x80;
            _ = Parse(changed).Validate(); // accepted (a byte nobody signed, such as a status string) or refused, no throw
        }
    }

    private static async Task AssertAcceptedAndReread(byte[] response)
    {
        var entry = Parse(response);
        Assert.True(entry.Validate().Succeeded, entry.Validate().Error?.Message);

        var canonical = await entry.CanonicalizeAsync(CancellationToken.None);
        Assert.True(canonical.Succeeded, canonical.Error?.Message);
        var body = JsonNode.Parse(canonical.Value)!;
        Assert.Equal("rfc3161", (string?)body["kind"]);
        Assert.Equal(Convert.ToBase64String(response), (string?)body["spec"]!["tsr"]!["content"]);

        var keys = await entry.IndexKeysAsync(CancellationToken.None);
        Assert.Equal(["sha256:" + Convert.ToHexStringLower(SHA256.HashData(response))], keys.Value);

        var logged = Assert.IsType<Rfc3161V001Entry>(LoggedEntry.Parse(canonical.Value));
        Assert.Equal(canonical.Value, logged.CanonicalizeStoredEntry().Value);
        Assert.True((await logged.VerifyAsync(CancellationToken.None)).Succeeded);
    }

    /// <summary>The message of the refusal, which must be invalid input.</summary>
    private static string Refusal(byte[] response)
    {
        var outcome = Parse(response).Validate();
        Assert.False(outcome.Succeeded, "the response was accepted");
        Assert.Equal(EntryErrorKind.InvalidInput, outcome.Error!.Kind);
        return outcome.Error.Message;
    }

    private static EntryImplementation Parse(byte[] response) =>
        LoggedEntry.Parse(Proposed(response));

    internal static string Proposed(byte[] response) => new JsonObject
    {
        ["kind"] = "rfc3161",
        ["apiVersion"] = "0.0.1",
        ["spec"] = new JsonObject { ["tsr"] = new JsonObject { ["content"] = Convert.ToBase64String(response) } },
    }.ToJsonString();

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(FixtureDirectory, name));
}
