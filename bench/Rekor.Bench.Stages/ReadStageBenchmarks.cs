using BenchmarkDotNet.Attributes;
using Rekor.Core.Merkle;
using Rekor.Core.Signing;
using Rekor.Server.Log;
using Rekor.Server.Log.Tiles;
using Rekor.Server.Storage;
using Rekor.Server.Storage.Sqlite;

namespace Rekor.Bench.Stages;

/// <summary>
/// The read side's stages on a SQLite log of <see cref="Size"/> entries (built through the sequencer before measuring):
/// an entry read, an inclusion proof and a consistency proof from tiles through the tile cache, each at random
/// positions, next to the floor of one SHA-256 node hash (the unit a proof costs if nothing is cached).
/// </summary>
[MemoryDiagnoser]
public class ReadStageBenchmarks : IAsyncDisposable
{
    private readonly Random _random = new(7);
    private string _directory = null!;
    private SqliteLogStorage _storage = null!;
    private TransparencyLog _log = null!;
    private long _treeId;
    private Hash32 _left;
    private Hash32 _right;

    [Params(100_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = Path.Combine(Path.GetTempPath(), "rekor-stages-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _storage = new SqliteLogStorage(Path.Combine(_directory, "log.db"));
        _log = await TransparencyLog.OpenAsync(_storage, new LogIdentity("stages.bench", EcdsaLogSigner.Generate()), new SequencerOptions(), new TileCache(), CancellationToken.None);
        _treeId = _log.Shards.ActiveTreeId;
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Size)
            {
                // The queue pushes back when full: wait and append again, so the tree holds exactly Size entries.
                while ((await _log.Sequencer.AppendAsync(System.Text.Encoding.UTF8.GetBytes($"read stage entry {i}"), [], CancellationToken.None)).Status == AppendStatus.Pushback)
                {
                    await Task.Delay(1);
                }
            }
        })));
        if (_log.Sequencer.CommittedHead.Size != Size)
        {
            throw new InvalidOperationException($"the benchmark log holds {_log.Sequencer.CommittedHead.Size} entries, not {Size}");
        }

        _left = Rfc6962.HashLeaf([1]);
        _right = Rfc6962.HashLeaf([2]);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _log.DisposeAsync();
        await _storage.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await CleanupAsync();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Description = "entry read by index")]
    public async Task<StoredEntry?> ReadEntry() => await _log.Reader.ReadEntryAsync(_treeId, _random.NextInt64(Size), CancellationToken.None);

    [Benchmark(Description = "inclusion proof at the tree size")]
    public async Task<Hash32[]> InclusionProof() => await _log.Reader.InclusionProofAsync(_treeId, _random.NextInt64(Size), Size, CancellationToken.None);

    [Benchmark(Description = "consistency proof between random sizes")]
    public async Task<Hash32[]> ConsistencyProof()
    {
        var first = 1 + _random.NextInt64(Size - 1);
        return await _log.Reader.ConsistencyProofAsync(_treeId, first, Size, CancellationToken.None);
    }

    [Benchmark(Description = "floor: one node hash (SHA-256 of 65 bytes)")]
    public Hash32 FloorNodeHash() => Rfc6962.HashChildren(_left, _right);
}
