using Rekor.Server.Configuration;
using Rekor.Server.Log;

namespace Rekor.Server.Hosting;

/// <summary>What an operator needs to point a client at this log: where it listens, its log ID and its public key.</summary>
public static class StartupBanner
{
    public static void Print(RekorServerOptions options, TransparencyLog log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var key = log.Identity.Signer.PublicKey;
        Console.WriteLine($"Rekor listening on http://{options.Address}:{options.Port} (metrics on :{options.MetricsPort})");
        Console.WriteLine($"  store:      {Path.GetFullPath(options.DatabasePath)}");
        Console.WriteLine($"  tree ID:    {log.Shards.ActiveTreeId}");
        Console.WriteLine($"  signer:     {log.Identity.Hostname}");
        Console.WriteLine($"  log ID:     {key.LogId.ToHex()}");
        Console.WriteLine("  public key:");
        Console.Write(key.ToPem());
        Console.Out.Flush();
    }
}
