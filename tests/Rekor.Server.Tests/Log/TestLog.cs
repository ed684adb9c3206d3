using Rekor.Core.Signing;
using Rekor.Server.Log;
using Rekor.Server.Log.Tiles;
using Rekor.Server.Storage;
using Rekor.Server.Storage.Sqlite;

namespace Rekor.Server.Tests.Log;

/// <summary>Opens a real log (SQLite file, in-memory ECDSA key) for a test.</summary>
internal static class TestLog
{
    public const string Hostname = "rekor.test";

    public static async Task<TransparencyLog> OpenAsync(ILogStorage storage, ILogSigner signer, SequencerOptions? options = null) =>
        await TransparencyLog.OpenAsync(storage, new LogIdentity(Hostname, signer), options ?? new SequencerOptions(), new TileCache(), CancellationToken.None);

    public static SqliteLogStorage Storage(TemporaryDirectory directory) => new(directory.File("log.db"));

    public static byte[] Leaf(string text) => System.Text.Encoding.UTF8.GetBytes(text);
}
