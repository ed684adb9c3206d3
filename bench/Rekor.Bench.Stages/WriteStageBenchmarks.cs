using System.Security.Cryptography;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Rekor.Core.Merkle;
using Rekor.Core.Models;
using Rekor.Core.Signing;
using Rekor.Core.Timestamps;
using Rekor.Core.Types;
using Rekor.Server.Api;

namespace Rekor.Bench.Stages;

/// <summary>
/// Each stage of a hashedrekord write as the server runs it (<see cref="EntrySubmission"/>), cumulatively — parse;
/// parse + validate (reads the key); + canonicalize (verifies the signature); + index keys — so a stage's cost is the
/// difference to the row above. Every call uses an entry with a fresh key, as a stream of real clients does. Next to
/// them, the floors no implementation can go below: importing a P-256 public key (the point check), verifying one
/// signature, signing one SET, hashing one leaf. The batch commit is measured by Rekor.Bench's <c>storage</c> suite.
/// </summary>
[MemoryDiagnoser]
public class WriteStageBenchmarks
{
    private FreshEntries _entries = null!;
    private byte[] _canonical = null!;
    private EcdsaLogSigner _logSigner = null!;
    private ECDsa _imported = null!;
    private FreshEntries.Entry _verifying = null!;
    private LogEntry _response = null!;

    [GlobalSetup]
    public void Setup()
    {
        _entries = new FreshEntries(4096);
        _logSigner = EcdsaLogSigner.Generate();
        _verifying = _entries.Next();
        _imported = ECDsa.Create();
        _imported.ImportSubjectPublicKeyInfo(_verifying.Spki, out _);
        _canonical = CanonicalAsync(_verifying.Json).AsTask().GetAwaiter().GetResult();
        _response = new LogEntry
        {
            [new string('a', 80)] = new LogEntryValue
            {
                Body = JsonSerializer.SerializeToElement(Convert.ToBase64String(_canonical)),
                IntegratedTime = 1_765_000_000,
                LogID = _logSigner.PublicKey.LogId.ToHex(),
                LogIndex = 123_456_789,
                Verification = new LogEntryValueVerification
                {
                    SignedEntryTimestamp = new byte[71],
                    InclusionProof = new InclusionProof
                    {
                        Checkpoint = "rekor.example - 1\n123456790\nAAAA\n\n— rekor.example AAAA\n",
                        Hashes = [.. Enumerable.Repeat(new string('b', 64), 27)],
                        LogIndex = 123_456_789,
                        RootHash = new string('c', 64),
                        TreeSize = 123_456_790,
                    },
                },
            },
        };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _logSigner.Dispose();
        _imported.Dispose();
    }

    [Benchmark(Description = "1 parse (JSON, kind, spec)")]
    public object? Parse()
    {
        using var document = JsonDocument.Parse(_entries.Next().Json);
        return EntrySubmission.Read(document.RootElement).Implementation;
    }

    [Benchmark(Description = "2 parse + validate (key read and imported)")]
    public EntryOutcome ParseValidate()
    {
        using var document = JsonDocument.Parse(_entries.Next().Json);
        return EntrySubmission.Read(document.RootElement).Implementation!.Validate();
    }

    [Benchmark(Description = "3 + canonicalize (signature verified)")]
    public async Task<byte[]> ParseValidateCanonicalize() => await CanonicalAsync(_entries.Next().Json);

    [Benchmark(Description = "4 + index keys")]
    public async Task<int> ThroughIndexKeys()
    {
        using var document = JsonDocument.Parse(_entries.Next().Json);
        var implementation = EntrySubmission.Read(document.RootElement).Implementation!;
        implementation.Validate();
        await implementation.CanonicalizeAsync(CancellationToken.None);
        return (await implementation.IndexKeysAsync(CancellationToken.None)).Value!.Count;
    }

    [Benchmark(Description = "leaf hash of the canonical body")]
    public Hash32 LeafHash() => Rfc6962.HashLeaf(_canonical);

    [Benchmark(Description = "SET: payload + ECDSA P-256 signature")]
    public async Task<byte[]> SignSet() =>
        await _logSigner.SignAsync(SignedEntryTimestamp.Payload(Convert.ToBase64String(_canonical), 1_765_000_000, _logSigner.PublicKey.LogId, 123_456_789), CancellationToken.None);

    [Benchmark(Description = "201 body serialized")]
    public byte[] SerializeResponse() => JsonSerializer.SerializeToUtf8Bytes(_response, RekorJson.Options);

    [Benchmark(Description = "floor: import a P-256 public key (SPKI)")]
    public int FloorKeyImport()
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(_entries.Next().Spki, out var read);
        return read;
    }

    [Benchmark(Description = "floor: verify one P-256 signature (key imported)")]
    public bool FloorVerify() => _imported.VerifyHash(_verifying.Digest, _verifying.Signature, DSASignatureFormat.Rfc3279DerSequence);

    [Benchmark(Description = "floor: sign with P-256 (the log key)")]
    public byte[] FloorSign() => _logSigner.SignAsync(_canonical, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "floor: SHA-256 of the canonical body")]
    public byte[] FloorSha256() => SHA256.HashData(_canonical);

    private static async ValueTask<byte[]> CanonicalAsync(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var implementation = EntrySubmission.Read(document.RootElement).Implementation!;
        if (implementation.Validate().Error is { } invalid)
        {
            throw new InvalidOperationException("a benchmark entry does not validate: " + invalid.Message);
        }

        var canonical = await implementation.CanonicalizeAsync(CancellationToken.None);
        return canonical.Value ?? throw new InvalidOperationException("a benchmark entry does not canonicalize: " + canonical.Error!.Message);
    }
}
