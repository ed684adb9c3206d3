using Rekor.Core.Signing;
using Rekor.Server.Api;
using Rekor.Server.Configuration;
using Rekor.Server.Log;
using Rekor.Server.Metrics;
using Rekor.Server.Storage;

namespace Rekor.Server.Hosting;

/// <summary>The server's services, given an opened log.</summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddRekor(this IServiceCollection services, RekorServerOptions options, TransparencyLog log, ILogStorage storage, ILogSigner signer)
    {
        services.AddSingleton(options);
        services.AddSingleton(log);
        services.AddSingleton(storage);
        services.AddSingleton<ISearchIndex>(new Storage.Sqlite.SqliteSearchIndex(options.DatabasePath)); // in the log's transaction (sqlite)
        services.AddSingleton(signer);
        var bodyBudget = new RequestBodyBudget(options.EffectiveRequestBodyMemoryLimit);
        services.AddSingleton(bodyBudget);
        services.AddSingleton(new BodyMemoryReturn(bodyBudget));
        services.AddSingleton<EntryResponses>();
        services.AddSingleton<EntryLookup>();
        services.AddSingleton<EntrySubmission>();
        services.AddSingleton<IEntryPolicy, SigningAlgorithmEntryPolicy>();
        services.AddSingleton<IPublicKeyIndex, X509PublicKeyIndex>();
        var metrics = new RekorMetrics(() => log.Sequencer.QueueDepth);
        log.Sequencer.BatchCommitted += (count, elapsed) =>
        {
            metrics.EntriesAppended.Add(count);
            metrics.BatchSize.Record(count);
            metrics.SequencingLatency.Record(elapsed.TotalSeconds);
        };
        services.AddSingleton(metrics);
        services.AddSingleton<PrometheusExporter>();
        return services;
    }
}
