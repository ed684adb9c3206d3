using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Rekor.Server.Configuration;
using Rekor.Server.Logging;

namespace Rekor.Server.Hosting;

/// <summary>
/// Kestrel's endpoints: the API where <see cref="ListenAddresses"/> says (rekor-server's flags, else ASP.NET Core's
/// <c>urls</c> / <c>http_ports</c>, else 127.0.0.1:3000) and the metrics port on <see cref="RekorServerOptions.Address"/>.
/// Applied when the server starts, after the options were validated.
/// </summary>
public static class Listeners
{
    public static IServiceCollection AddRekorListeners(this IServiceCollection services)
    {
        // Kestrel's options are built with the app (before the host starts and validates RekorServerOptions), so they
        // are read here unvalidated; when they have problems nothing is configured, and start-up is refused with the
        // problems named before anything would listen.
        services.AddOptions<KestrelServerOptions>().Configure<IConfiguration, ILoggerFactory>((kestrel, configuration, loggers) =>
        {
            var options = new RekorServerOptions();
            RekorOptionsValidation.Bind(configuration, options);
            var (api, ignoredUrls, problems) = ListenAddresses.Resolve(configuration, options);
            if (options.Problems().Count > 0 || problems.Count > 0)
            {
                return;
            }

            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodySize;
            if (ignoredUrls is not null)
            {
                loggers.CreateLogger(typeof(Listeners).FullName!).UrlsIgnored(ignoredUrls);
            }

            foreach (var endpoint in api)
            {
                switch (endpoint.Host)
                {
                    case ApiEndpoint.AnyHost:
                        kestrel.ListenAnyIP(endpoint.Port);
                        break;
                    case ApiEndpoint.Localhost:
                        kestrel.ListenLocalhost(endpoint.Port);
                        break;
                    default:
                        kestrel.Listen(IPAddress.Parse(endpoint.Host), endpoint.Port);
                        break;
                }
            }

            if (options.MetricsPort > 0)
            {
                kestrel.Listen(MetricsAddress(options), options.MetricsPort);
            }
        });
        return services;
    }

    public static IPAddress MetricsAddress(RekorServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Address is ApiEndpoint.Localhost ? IPAddress.Loopback : IPAddress.Parse(options.Address);
    }
}
