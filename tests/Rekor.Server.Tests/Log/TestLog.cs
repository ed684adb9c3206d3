using Rekor.Core.Signing;
using Rekor.Server.Log;
using Rekor.Server.Log.Tiles;
using Rekor.Server.Storage;

namespace Rekor.Server.Tests.Log;

/// <summary>Opens a real log (on the run's backend, in-memory ECDSA key) for a test.</summary>
internal static class TestLog
{
    public const string Hostname = "rekor.test";

    public static async Task<TransparencyLog> OpenAsync(ILogStorage storage, ILogSigner signer, SequencerOptions? options = null) =>
        await TransparencyLog.OpenAsync(storage, new LogIdentity(Hostname, signer), options ?? new SequencerOptions(), new TileCache(), CancellationToken.None);

    /// <summary>The log's store for a test directory, on the backend the run selects (<see cref="Services.TestBackend"/>).</summary>
    public static ILogStorage Storage(TemporaryDirectory directory) => Services.TestBackend.LogStorage(directory.Path);

    public static byte[] Leaf(string text) => System.Text.Encoding.UTF8.GetBytes(text);
}
