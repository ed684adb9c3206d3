namespace Rekor.Core.Client;

/// <summary>
/// The hand-written half of the generated client (its methods come from schemas/openapi.yaml, one per operation).
/// </summary>
public partial class RekorClient
{
    /// <summary>
    /// A client of the log at <paramref name="baseAddress"/> that retries as <see cref="RekorRetryPolicy"/> says. Its
    /// <see cref="HttpClient"/> is meant to live as long as the process; with <c>IHttpClientFactory</c>, register it
    /// with <c>services.AddRekorClient(baseAddress)</c> instead. With <paramref name="maxRetries"/> 0 it never retries.
    /// </summary>
    public static RekorClient Create(Uri baseAddress, TimeSpan? timeout = null, int maxRetries = 3)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetries);
        var sockets = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        HttpMessageHandler handler = maxRetries == 0 ? sockets : RekorRetryPolicy.Handler(sockets, maxRetries);
        return new RekorClient(new HttpClient(handler) { BaseAddress = WithTrailingSlash(baseAddress), Timeout = timeout ?? TimeSpan.FromSeconds(100) });
    }

    /// <summary>
    /// The base address with a trailing '/', so that operation paths (relative, without a leading '/') keep a path
    /// prefix such as <c>https://host/rekor/</c>.
    /// </summary>
    internal static Uri WithTrailingSlash(Uri baseAddress) =>
        baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
}
