using System.Buffers;
using System.Net;
using System.Net.Http.Headers;

namespace Rekor.Load;

/// <summary>
/// <see cref="ITransport"/> over .NET's HttpClient (SocketsHttpHandler, HTTP/1.1, at most one connection per
/// sender, no proxy, cookies, redirects or decompression). Works with https too; costs more CPU per request than
/// <see cref="RawTransport"/>.
/// </summary>
internal sealed class HttpTransport(LoadOptions options) : ITransport
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _client = Create(options);

    public async Task<TransportAnswer> SendAsync(PreparedRequest request, bool keepBody, bool wantEntryId)
    {
        using var message = new HttpRequestMessage(request.Method, request.Path);
        if (request.HasBody)
        {
            message.Content = new ReadOnlyMemoryContent(request.Body);
            message.Content.Headers.ContentType = Json;
        }

        using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        byte[]? body = null;
        if (keepBody)
        {
            body = await response.Content.ReadAsByteArrayAsync();
        }
        else
        {
            await using var stream = await response.Content.ReadAsStreamAsync();
            var scratch = ArrayPool<byte>.Shared.Rent(16 * 1024);
            while (await stream.ReadAsync(scratch) > 0)
            {
            }

            ArrayPool<byte>.Shared.Return(scratch);
        }

        var entryId = wantEntryId && response.Headers.TryGetValues("ETag", out var tags) ? tags.First().Trim('"') : null;
        return new TransportAnswer((int)response.StatusCode, body, entryId);
    }

    public void Dispose() => _client.Dispose();

    /// <summary>A client for the API calls around a run (and this transport's pool).</summary>
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
