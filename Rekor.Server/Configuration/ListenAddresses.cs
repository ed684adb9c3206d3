using System.Net;

namespace Rekor.Server.Configuration;

/// <summary>One address the API listens on: an IP address, <c>localhost</c> (both loopbacks) or <c>*</c> (every interface).</summary>
public sealed record ApiEndpoint(string Host, int Port)
{
    public const string AnyHost = "*";
    public const string Localhost = "localhost";

    public override string ToString() => $"http://{(IPAddress.TryParse(Host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "[" + Host + "]" : Host)}:{Port}";
}

/// <summary>
/// Where the API listens, from rekor-server's flags or ASP.NET Core's own settings. The rule: rekor-server's
/// <c>--port</c> / <c>--rekor_server.address</c> (or <c>Rekor:Port</c> / <c>Rekor:Address</c> from any source) win
/// when either is given, because they are this server's documented interface and a container image's ambient
/// <c>ASPNETCORE_HTTP_PORTS</c> must not silently move a port an operator chose; otherwise ASP.NET Core's
/// <c>urls</c> (<c>--urls</c>, then <c>ASPNETCORE_URLS</c>), then <c>http_ports</c> (<c>ASPNETCORE_HTTP_PORTS</c>,
/// every interface); otherwise the defaults, 127.0.0.1:3000. The metrics port always listens on
/// <see cref="RekorServerOptions.Address"/>. No TLS: <c>https</c> URLs are refused.
/// </summary>
public static class ListenAddresses
{
    public static (IReadOnlyList<ApiEndpoint> Api, string? IgnoredUrls, IReadOnlyList<string> Problems) Resolve(IConfiguration configuration, RekorServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        var urls = configuration["urls"];
        var httpPorts = configuration["http_ports"];
        if (!string.IsNullOrWhiteSpace(configuration["https_ports"]))
        {
            problems.Add($"https_ports '{configuration["https_ports"]}': this server does not terminate TLS; put it behind a proxy that does");
        }

        var rekorFlagsGiven = configuration[RekorServerOptions.Section + ":" + nameof(RekorServerOptions.Port)] is not null
            || configuration[RekorServerOptions.Section + ":" + nameof(RekorServerOptions.Address)] is not null;
        var aspNetSetting = !string.IsNullOrWhiteSpace(urls) ? urls : !string.IsNullOrWhiteSpace(httpPorts) ? httpPorts : null;
        if (rekorFlagsGiven || aspNetSetting is null)
        {
            return ([new ApiEndpoint(options.Address is ApiEndpoint.Localhost ? "127.0.0.1" : options.Address, options.Port)], aspNetSetting, problems);
        }

        var endpoints = new List<ApiEndpoint>();
        foreach (var part in aspNetSetting.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (ReferenceEquals(aspNetSetting, urls))
            {
                AddUrl(part, endpoints, problems);
            }
            else if (int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535)
            {
                endpoints.Add(new ApiEndpoint(ApiEndpoint.AnyHost, port));
            }
            else
            {
                problems.Add($"http_ports '{part}' is not a TCP port");
            }
        }

        foreach (var endpoint in endpoints.Where(e => e.Port != 0 && e.Port == options.MetricsPort))
        {
            problems.Add($"{endpoint} uses the metrics port {options.MetricsPort}");
        }

        return (endpoints, null, problems);
    }

    private static void AddUrl(string url, List<ApiEndpoint> endpoints, List<string> problems)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException e)
        {
            problems.Add($"urls '{url}' is not a URL: {e.Message}");
            return;
        }

        if (!string.Equals(address.Scheme, "http", StringComparison.OrdinalIgnoreCase) || address.IsUnixPipe || address.PathBase.Length > 0)
        {
            problems.Add($"urls '{url}' must be http://<host>:<port> (no TLS, unix sockets or paths: put a proxy in front)");
            return;
        }

        var host = address.Host switch
        {
            "*" or "+" or "0.0.0.0" or "[::]" => ApiEndpoint.AnyHost,
            _ when string.Equals(address.Host, ApiEndpoint.Localhost, StringComparison.OrdinalIgnoreCase) => ApiEndpoint.Localhost,
            _ when IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) => ip.ToString(),
            _ => null,
        };
        if (host is null)
        {
            problems.Add($"urls '{url}': the host must be an IP address, localhost or * (a name does not say which interface to listen on)");
            return;
        }

        endpoints.Add(new ApiEndpoint(host, address.Port));
    }
}
