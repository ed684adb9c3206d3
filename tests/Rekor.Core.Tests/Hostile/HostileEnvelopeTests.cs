using System.Text;
using System.Text.Json.Nodes;
using Rekor.Core.Tests.Merkle;
using Rekor.Core.Tests.Pki;
using Rekor.Core.Tests.Types;
using Rekor.Core.Types;

namespace Rekor.Core.Tests.Hostile;

/// <summary>
/// dsse and intoto entries whose envelope or payload is truncated, corrupted or nested without end: every operation
/// of the kind answers with success or an <see cref="EntryErrorKind.InvalidInput"/> failure, never an exception.
/// </summary>
public class HostileEnvelopeTests
{
    private static readonly TestKey Key = TestKey.Get("P-256");

    private static readonly string ValidEnvelope = TestEnvelopes.Json(
        TestEnvelopes.InTotoType, TestEnvelopes.Statement, (TestEnvelopes.Sign(Key, TestEnvelopes.InTotoType, TestEnvelopes.Statement), ""));

    /// <summary>Runs every operation of the entry; returns the first failure's kind, or null when all succeeded.</summary>
    private static async Task<EntryErrorKind?> RunAll(string proposedJson)
    {
        var entry = LoggedEntry.Parse(proposedJson);
        var validated = entry.Validate();
        var canonical = await entry.CanonicalizeAsync(CancellationToken.None);
        var keys = await entry.IndexKeysAsync(CancellationToken.None);
        var verified = await entry.VerifyAsync(CancellationToken.None);
        _ = entry.Attestation;
        _ = entry.AttestationKey;
        return validated.Error?.Kind ?? canonical.Error?.Kind ?? keys.Error?.Kind ?? verified.Error?.Kind;
    }

    private static string Dsse(string envelope) => TestEnvelopes.Dsse(envelope, Key.PublicKeyPem);

    private static string IntotoV001(string envelope) => TestEnvelopes.IntotoV001(envelope, Key.PublicKeyPem);

    public static TheoryData<string> Kinds => ["dsse", "intoto 0.0.1"];

    private static string Proposed(string kind, string envelope) => kind == "dsse" ? Dsse(envelope) : IntotoV001(envelope);

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_truncation_of_an_envelope_is_refused_as_invalid_input(string kind)
    {
        Assert.Null(await RunAll(Proposed(kind, ValidEnvelope)));
        for (var length = 0; length < ValidEnvelope.Length; length++)
        {
            var outcome = await RunAll(Proposed(kind, ValidEnvelope[..length]));
            Assert.True(outcome == EntryErrorKind.InvalidInput, $"{kind}, envelope cut at {length}: {outcome?.ToString() ?? "accepted"}");
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Corrupted_envelopes_are_refused_or_accepted_never_thrown(string kind)
    {
        const string alphabet = "{}[]\":,\\ 0123456789abcAZ+/=-_\u0000\u00e9\ud800\uffff";
        PropertyRun.Seeded(random =>
        {
            for (var i = 0; i < 300; i++)
            {
                var chars = ValidEnvelope.ToCharArray();
                for (var edits = random.Next(1, 4); edits > 0; edits--)
                {
                    chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
                }

                var envelope = new string(chars);
                var proposed = Proposed(kind, envelope);
                if (!TypeMap.ParseProposedEntry(System.Text.Json.JsonDocument.Parse(proposed).RootElement).Succeeded)
                {
                    continue;
                }

                var outcome = RunAll(proposed).GetAwaiter().GetResult();
                Assert.True(outcome is null or EntryErrorKind.InvalidInput, $"{kind}, envelope {envelope}: {outcome}");
            }
        });
    }

    [Theory]
    [InlineData(5000)]
    [InlineData(20000)]
    public async Task Deeply_nested_envelopes_are_refused_as_invalid_input(int depth)
    {
        var envelope = "{\"extra\":" + new string('[', depth) + new string(']', depth) + "}";

        Assert.Equal(EntryErrorKind.InvalidInput, await RunAll(Dsse(envelope)));
        Assert.Equal(EntryErrorKind.InvalidInput, await RunAll(IntotoV001(envelope)));
    }

    [Fact]
    public async Task A_signed_statement_nested_without_end_is_admitted_without_statement_digests()
    {
        var payload = Encoding.UTF8.GetBytes("{\"subject\":[{\"digest\":{\"sha256\":\"aa\"}}],\"predicate\":" + new string('[', 20000) + new string(']', 20000) + "}");
        var envelope = TestEnvelopes.Json(TestEnvelopes.InTotoType, payload, (TestEnvelopes.Sign(Key, TestEnvelopes.InTotoType, payload), null));

        var entry = LoggedEntry.Parse(Dsse(envelope));

        // Deeper than Go's 10000 levels, so the statement does not read at all: the key, payload and envelope hashes only.
        Assert.Null(await RunAll(Dsse(envelope)));
        Assert.Equal(3, (await entry.IndexKeysAsync(CancellationToken.None)).Value!.Count);
        Assert.Null(await RunAll(TestEnvelopes.IntotoV002(TestEnvelopes.InTotoType, payload, new string('0', 64), (TestEnvelopes.Sign(Key, TestEnvelopes.InTotoType, payload), null, Key.PublicKeyPem))));
    }

    [Theory]
    [InlineData("not base64 at all")]
    [InlineData("////")]
    [InlineData("")]
    public async Task An_intoto_v002_payload_or_signature_that_is_not_base64_inside_is_refused(string inner)
    {
        var proposed = JsonNode.Parse(TestEnvelopes.IntotoV002(
            TestEnvelopes.InTotoType, TestEnvelopes.Statement, new string('0', 64), (TestEnvelopes.Sign(Key, TestEnvelopes.InTotoType, TestEnvelopes.Statement), null, Key.PublicKeyPem)))!;
        var envelope = proposed["spec"]!["content"]!["envelope"]!;
        var garbled = Convert.ToBase64String([.. Encoding.UTF8.GetBytes(inner), 0xff, 0x00]);

        envelope["payload"] = garbled;
        Assert.Equal(EntryErrorKind.InvalidInput, await RunAll(proposed.ToJsonString()));
        envelope["payload"] = TestEnvelopes.Twice(Convert.ToBase64String(TestEnvelopes.Statement));
        envelope["signatures"]![0]!["sig"] = garbled;
        Assert.Equal(EntryErrorKind.InvalidInput, await RunAll(proposed.ToJsonString()));
    }

    [Fact]
    public async Task Verifiers_and_keys_that_are_garbage_are_refused_as_invalid_input()
    {
        byte[][] garbage = [[0xff, 0xfe], "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"u8.ToArray(), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"u8.ToArray()];
        foreach (var material in garbage)
        {
            Assert.Equal(EntryErrorKind.InvalidInput, await RunAll(TestEnvelopes.Dsse(ValidEnvelope, material)));
            Assert.Equal(EntryErrorKind.InvalidInput, await RunAll(TestEnvelopes.IntotoV001(ValidEnvelope, material)));
        }
    }
}
