using System.Net;

namespace Rekor.Load;

/// <summary>
/// The one HTTP client of a run: keep-alive HTTP/1.1 connections to the server, at most one per sender, no proxy,
/// cookies or decompression in the way. The pool is opened before the clock starts and kept for the whole run.
/// </summary>
internal static class LoadClient
{
    public static HttpClient Create(LoadOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        return new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = options.Url,
            Timeout = options.Timeout,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }
}
