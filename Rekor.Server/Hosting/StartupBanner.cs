using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Rekor.Server.Configuration;
using Rekor.Server.Log;
using Rekor.Server.Logging;

namespace Rekor.Server.Hosting;

/// <summary>
/// What an operator needs to point a client at this log: where it listens and keeps its data, its log ID and its
/// public key. Printed as text on stdout unless the console log is JSON (<c>--log_format json</c>), where every line
/// must be a JSON object; the same facts are in the start-up events then (101 and 102).
/// </summary>
public static class StartupBanner
{
    /// <summary>Prints the banner once the server listens (so the addresses are the bound ones, port 0 resolved).</summary>
    public static void PrintWhenStarted(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var options = app.Services.GetRequiredService<RekorServerOptions>();
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var metrics = options.MetricsPort > 0 ? $"{Listeners.MetricsAddress(options)}:{options.MetricsPort}" : "off";
            var api = string.Join(", ", addresses.Where(a => !a.EndsWith(":" + options.MetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupBanner).FullName!).Listening(api, metrics);
            if (string.Equals(app.Configuration["Logging:Console:FormatterName"], "json", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            Print(api, metrics, options, app.Services.GetRequiredService<TransparencyLog>());
        });
    }

    /// <summary>"all", or the enabled names in catalogue order and the others as disabled.</summary>
    private static string Enabled(IReadOnlyList<string> all, IReadOnlySet<string> enabled)
    {
        if (all.All(enabled.Contains))
        {
            return "all";
        }

        var on = all.Where(enabled.Contains).ToList();
        return $"{(on.Count == 0 ? "none" : string.Join(", ", on))} (disabled: {string.Join(", ", all.Where(n => !enabled.Contains(n)))})";
    }

    private static void Print(string api, string metrics, RekorServerOptions options, TransparencyLog log)
    {
        var key = log.Identity.Signer.PublicKey;
        Console.WriteLine($"Rekor listening on {api} (metrics on {metrics})");
        Console.WriteLine($"  data:       {Path.GetFullPath(options.DataDirectory)}");
        Console.WriteLine($"  store:      {options.DescribeLogStorage()}");
        Console.WriteLine($"  index:      {options.DescribeSearchIndex()}");
        Console.WriteLine($"  API:        {Enabled(Api.ApiEndpoints.OperationIds, options.EnabledOperations)}");
        Console.WriteLine($"  new kinds:  {Enabled(Core.Types.TypeMap.Kinds.Select(k => k.Kind).ToList(), options.EnabledKinds)}");
        Console.WriteLine($"  tree ID:    {log.Shards.ActiveTreeId}");
        Console.WriteLine($"  signer:     {log.Identity.Hostname}");
        Console.WriteLine($"  log ID:     {key.LogId.ToHex()}");
        Console.WriteLine("  public key:");
        Console.Write(key.ToPem());
        Console.Out.Flush();
    }
}
