using System.Text.Json;
using System.Text.Json.Nodes;
using Rekor.Core.Tests.Vectors;
using Rekor.Core.Types;
using Rekor.Core.Signing;
using Rekor.Server.Api;
using Rekor.Server.Log;
using Rekor.Server.Tests.Log;
using Rekor.Server.Tests.Storage;

namespace Rekor.Server.Tests.Api;

/// <summary>The write path without HTTP, where the queue can be made to fill.</summary>
public sealed class EntrySubmissionTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly EcdsaLogSigner _logKey = EcdsaLogSigner.Generate();
    private readonly SignedArtifacts _artifacts = new();

    public void Dispose()
    {
        _artifacts.Dispose();
        _logKey.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_full_queue_is_a_503_and_adds_nothing()
    {
        var blocking = new BlockingStorage(TestLog.Storage(_directory));
        await using var log = await TestLog.OpenAsync(blocking, _logKey, new SequencerOptions { QueueCapacity = 2, MaxBatchSize = 1 });
        var submission = new EntrySubmission(log, [new SigningAlgorithmEntryPolicy()], Rekor.Server.Attestations.AttestationStorage.Disabled, EntryLimits.Default);

        var pending = Enumerable.Range(0, 12).Select(i => submission.SubmitAsync(JsonDocument.Parse(_artifacts.HashedRekord($"queued {i}")).RootElement, CancellationToken.None)).ToList();
        var refusedAtOnce = pending.Where(t => t.IsCompleted).Select(t => t.Result).ToList();
        blocking.Release();
        var results = await Task.WhenAll(pending);

        Assert.Contains(refusedAtOnce, r => r is SubmissionResult.Pushback);
        var created = results.Count(r => r is SubmissionResult.Appended);
        Assert.Equal(12, created + results.Count(r => r is SubmissionResult.Pushback));
        Assert.Equal(created, log.Sequencer.CommittedHead.Size);
    }

    [Fact]
    public async Task An_entry_larger_than_the_store_keeps_is_refused_alone_and_the_others_are_logged()
    {
        var storage = new SmallRowStorage(TestLog.Storage(_directory), maxEntryBytes: 1200);
        await using var log = await TestLog.OpenAsync(storage, _logKey);
        var submission = new EntrySubmission(log, [new SigningAlgorithmEntryPolicy()], Rekor.Server.Attestations.AttestationStorage.Disabled, EntryLimits.Default);
        var small = _artifacts.HashedRekord("fits");

        var results = await Task.WhenAll(submission.SubmitAsync(JsonDocument.Parse(small).RootElement, CancellationToken.None), SubmitWithLongKeyAsync(submission));

        Assert.IsType<SubmissionResult.Appended>(results[0]);
        var refused = Assert.IsType<SubmissionResult.Refused>(results[1]);
        Assert.Equal(RefusalReason.TooLarge, refused.Reason);
        Assert.Contains("larger than this log's store keeps (1200 bytes)", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, log.Sequencer.CommittedHead.Size);
    }

    /// <summary>A valid hashedrekord whose canonical body is long: its public key is a 4096-bit RSA key.</summary>
    private static async Task<SubmissionResult> SubmitWithLongKeyAsync(EntrySubmission submission)
    {
        using var rsa = System.Security.Cryptography.RSA.Create(4096);
        var digest = SignedArtifacts.Digest("long key");
        var signature = rsa.SignHash(digest, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        var built = Rekor.Core.Types.HashedRekord.V001.HashedRekordV001Entry.FromArtifact(new Rekor.Core.Types.ArtifactInput
        {
            DigestAlgorithm = "sha256",
            ArtifactDigest = digest,
            Signature = signature,
            VerificationMaterial = System.Text.Encoding.UTF8.GetBytes(rsa.ExportSubjectPublicKeyInfoPem()),
        });
        var json = JsonSerializer.Serialize((Rekor.Core.Models.ProposedEntry)built.Value!.ToProposedEntry(), Rekor.Core.Types.RekorJson.Options);
        return await submission.SubmitAsync(JsonDocument.Parse(json).RootElement, CancellationToken.None);
    }

    /// <summary>A store whose rows hold at most <paramref name="maxEntryBytes"/> bytes of entry body (as a small max_allowed_packet makes MySQL).</summary>
    private sealed class SmallRowStorage(Rekor.Server.Storage.ILogStorage inner, long maxEntryBytes) : Rekor.Server.Tests.Storage.DelegatingStorage(inner)
    {
        public override long MaxEntryBytes => maxEntryBytes;
    }

    [Fact]
    public async Task An_entry_whose_index_keys_fail_is_refused_and_not_logged()
    {
        await using var storage = TestLog.Storage(_directory);
        await using var log = await TestLog.OpenAsync(storage, _logKey);
        var submission = new EntrySubmission(log, [new SigningAlgorithmEntryPolicy()], Rekor.Server.Attestations.AttestationStorage.Disabled, EntryLimits.Default);

        var invalid = await submission.SubmitAsync(new UnindexableEntry(EntryErrorKind.InvalidInput), CancellationToken.None);
        var broken = await submission.SubmitAsync(new UnindexableEntry(EntryErrorKind.Internal), CancellationToken.None);

        Assert.Equal(new SubmissionResult.Refused(RefusalReason.InvalidEntry, "error processing entry: no index keys"), invalid);
        Assert.Equal(new SubmissionResult.Refused(RefusalReason.Internal, "error generating canonicalized entry"), broken);
        Assert.Equal(0, log.Sequencer.CommittedHead.Size);
    }

    [Fact]
    public async Task A_real_dsse_envelope_is_logged_once_and_then_a_duplicate()
    {
        await using var storage = TestLog.Storage(_directory);
        await using var log = await TestLog.OpenAsync(storage, _logKey);
        var submission = new EntrySubmission(log, [new SigningAlgorithmEntryPolicy()], Rekor.Server.Attestations.AttestationStorage.Disabled, EntryLimits.Default);
        var vector = JsonNode.Parse(File.ReadAllBytes(VectorFiles.PathOf("dsse/public-175508996-cosign-oci-attestation.json")))!;
        var envelope = vector["artifact"]!["dsseEnvelope"]!;

        // cosign's envelope text: Go struct order, compact, an empty keyid (vectors README §8.10).
        var envelopeText = new JsonObject
        {
            ["payloadType"] = envelope["payloadType"]!.GetValue<string>(),
            ["payload"] = envelope["payload"]!.GetValue<string>(),
            ["signatures"] = new JsonArray(new JsonObject { ["keyid"] = "", ["sig"] = envelope["signatures"]![0]!["sig"]!.GetValue<string>() }),
        }.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var proposed = new JsonObject
        {
            ["kind"] = "dsse",
            ["apiVersion"] = "0.0.1",
            ["spec"] = new JsonObject
            {
                ["proposedContent"] = new JsonObject
                {
                    ["envelope"] = envelopeText,
                    ["verifiers"] = new JsonArray(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(vector["artifact"]!["certificatePem"]!.GetValue<string>()))),
                },
            },
        }.ToJsonString();

        var first = await submission.SubmitAsync(JsonDocument.Parse(proposed).RootElement, CancellationToken.None);
        var second = await submission.SubmitAsync(JsonDocument.Parse(proposed).RootElement, CancellationToken.None);

        // The leaf is the one rekor.sigstore.dev logged for this envelope.
        Assert.Equal(vector["leafHash"]!.GetValue<string>(), Assert.IsType<SubmissionResult.Appended>(first).Outcome.LeafHash.ToHex());
        Assert.IsType<SubmissionResult.Duplicate>(second);
        Assert.Equal(1, log.Sequencer.CommittedHead.Size);
    }

    [Fact]
    public async Task An_intoto_002_entry_without_its_client_hash_is_a_400_where_Rekor_answers_500()
    {
        await using var storage = TestLog.Storage(_directory);
        await using var log = await TestLog.OpenAsync(storage, _logKey);
        var submission = new EntrySubmission(log, [new SigningAlgorithmEntryPolicy()], Rekor.Server.Attestations.AttestationStorage.Disabled, EntryLimits.Default);
        var vector = JsonNode.Parse(File.ReadAllBytes(VectorFiles.PathOf("intoto/v002-public-28016452-sigstore-go-public-key.json")))!;
        var proposed = vector["decodedBody"]!.DeepClone();
        var content = proposed["spec"]!["content"]!.AsObject();
        content.Remove("hash");
        content["envelope"]!["payload"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(vector["artifact"]!["dsseEnvelope"]!["payload"]!.GetValue<string>()));

        var withoutHash = await submission.SubmitAsync(JsonDocument.Parse(proposed.ToJsonString()).RootElement, CancellationToken.None);
        content["hash"] = vector["decodedBody"]!["spec"]!["content"]!["hash"]!.DeepClone();
        var withHash = await submission.SubmitAsync(JsonDocument.Parse(proposed.ToJsonString()).RootElement, CancellationToken.None);

        Assert.Equal(new SubmissionResult.Refused(RefusalReason.InvalidEntry, "error processing entry: missing envelope digest"), withoutHash);
        Assert.Equal(vector["leafHash"]!.GetValue<string>(), Assert.IsType<SubmissionResult.Appended>(withHash).Outcome.LeafHash.ToHex());
    }

    /// <summary>An entry that validates and canonicalizes but whose index keys cannot be computed.</summary>
    private sealed class UnindexableEntry(EntryErrorKind failure) : EntryImplementation
    {
        public override string Kind => "unindexable";

        public override string ApiVersion => "0.0.1";

        public override EntrySpec SpecModel => throw new NotSupportedException();

        public override IProposedEntry ToProposedEntry() => throw new NotSupportedException();

        public override EntryOutcome Validate() => EntryOutcome.Success;

        public override ValueTask<EntryOutcome<byte[]>> CanonicalizeAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult(EntryOutcome<byte[]>.Success("{\"kind\":\"unindexable\"}"u8.ToArray()));

        public override ValueTask<EntryOutcome<IReadOnlyList<string>>> IndexKeysAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Fail(failure, "no index keys"));
    }
}
