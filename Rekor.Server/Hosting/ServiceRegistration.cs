using Microsoft.Extensions.Options;
using Rekor.Server.Api;
using Rekor.Server.Configuration;
using Rekor.Server.Log;
using Rekor.Server.Metrics;

namespace Rekor.Server.Hosting;

/// <summary>The server's options and services. The log itself is opened by <see cref="LogHost"/> when the host starts.</summary>
public static class ServiceRegistration
{
    /// <summary>
    /// <see cref="RekorServerOptions"/> from the <c>Rekor</c> section, checked by <see cref="RekorOptionsValidation"/>
    /// when the host starts (an unknown or invalid setting stops start-up, exit code 2, naming it), and also
    /// injectable as the plain record.
    /// </summary>
    public static IServiceCollection AddRekorOptions(this IServiceCollection services)
    {
        services.AddOptions<RekorServerOptions>()
            .Configure<IConfiguration>((options, configuration) => RekorOptionsValidation.Bind(configuration, options))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RekorServerOptions>, RekorOptionsValidation>();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<RekorServerOptions>>().Value);
        return services;
    }

    public static IServiceCollection AddRekor(this IServiceCollection services)
    {
        services.AddSingleton<LogHost>();
        services.AddHostedService(provider => provider.GetRequiredService<LogHost>());
        services.AddSingleton(provider => provider.GetRequiredService<LogHost>().Log);
        services.AddSingleton(provider => provider.GetRequiredService<LogHost>().Storage);
        services.AddSingleton<Indexing.SearchIndexBackend>();
        services.AddSingleton<Indexing.SearchIndexFeeder>();
        services.AddHostedService(provider => provider.GetRequiredService<Indexing.SearchIndexFeeder>()); // idle unless the index is kept outside the log's database
        services.AddSingleton(provider => provider.GetRequiredService<Indexing.SearchIndexBackend>() is { Writer: null } inLog
            ? inLog.Index
            : new Indexing.CaughtUpSearchIndex(provider.GetRequiredService<Indexing.SearchIndexBackend>().Index, provider.GetRequiredService<Indexing.SearchIndexFeeder>()));
        services.AddSingleton(provider =>
        {
            var budget = new RequestBodyBudget(provider.GetRequiredService<RekorServerOptions>().EffectiveRequestBodyMemoryLimit);
            _ = new BodyMemoryReturn(budget); // listens to the budget for as long as the budget lives
            return budget;
        });
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<RekorServerOptions>();
            Attestations.IAttestationStore? store = !options.EnableAttestationStorage ? null
                : options.AttestationDirectory is { } directory ? new Attestations.FileAttestationStore(directory)
                : new Attestations.SqliteAttestationStore(options.AttestationDatabasePath);
            return new Attestations.AttestationStorage(store, options.MaxAttestationSize, provider.GetRequiredService<ILogger<Attestations.AttestationStorage>>());
        });
        services.AddSingleton<EntryResponses>();
        services.AddSingleton<EntryLookup>();
        services.AddSingleton(provider => provider.GetRequiredService<RekorServerOptions>().EntryLimits);
        services.AddSingleton<EntrySubmission>();
        services.AddSingleton<IEntryPolicy>(provider => new EnabledEntryTypesPolicy(provider.GetRequiredService<RekorServerOptions>().EnabledKinds));
        services.AddSingleton<IEntryPolicy>(provider => new SigningAlgorithmEntryPolicy(provider.GetRequiredService<RekorServerOptions>().ClientSigningAlgorithmPolicy));
        services.AddSingleton<IPublicKeyIndex, PublicKeySearchIndex>();
        services.AddRekorMetrics();
        return services;
    }
}
