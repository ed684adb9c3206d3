using System.Globalization;
using Rekor.Core.Signing;
using Rekor.Server.Log;
using Rekor.Server.Log.Tiles;

// Usage: Rekor.CrashHarness <database> <key.pem> <run> <appenders>; <database> is a SQLite path or mysql:<Go DSN>.
// Appends unique leaves from several concurrent appenders until killed. After each acknowledgement it prints, and
// flushes, one line: "ACK <index> <leaf hex> <head size> <head root hex>". A line is printed only after the entry's
// batch committed, so every printed line names an entry that must survive the kill.
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: Rekor.CrashHarness <database> <key.pem> <run> <appenders>");
    return 2;
}

var (database, keyPath, run, appenders) = (args[0], args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture));
InMemoryLogSigner signer;
if (File.Exists(keyPath))
{
    signer = await LogSigningKeyFile.LoadAsync(keyPath, null, CancellationToken.None);
}
else
{
    signer = EcdsaLogSigner.Generate();
    await LogSigningKeyFile.WriteAsync(keyPath, signer, null, CancellationToken.None);
}

var storage = Rekor.CrashHarness.HarnessStore.Open(database);
var log = await TransparencyLog.OpenAsync(storage, new LogIdentity("crash.test", signer), new SequencerOptions { MaxBatchSize = 64 }, new TileCache(), CancellationToken.None);
var output = Console.Out;
var gate = new Lock();
lock (gate)
{
    output.WriteLine($"READY {log.Sequencer.CommittedHead.Size}");
    output.Flush();
}

await Task.WhenAll(Enumerable.Range(0, appenders).Select(appender => Task.Run(async () =>
{
    for (var n = 0; ; n++)
    {
        var leaf = System.Text.Encoding.UTF8.GetBytes($"crash run {run} appender {appender} entry {n}");
        var outcome = await log.Sequencer.AppendAsync(leaf, [$"run:{run}"], CancellationToken.None);
        if (outcome.Status != AppendStatus.Appended)
        {
            continue;
        }

        lock (gate)
        {
            output.WriteLine($"ACK {outcome.LocalIndex} {Convert.ToHexStringLower(leaf)} {outcome.Head!.Size} {outcome.Head.Root.ToHex()}");
            output.Flush();
        }
    }
})));
return 0;
