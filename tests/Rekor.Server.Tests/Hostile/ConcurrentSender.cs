namespace Rekor.Server.Tests.Hostile;

/// <summary>
/// Sends generated requests with HttpClient over a pool of keep-alive connections, <see cref="Parallelism"/> at a
/// time, and records each exchange with the violations <see cref="ResponseRules"/> finds in it. A request that gets no
/// response is tried once more before it counts as unanswered: a pooled connection the server closed between two
/// requests is not the server's fault. Without <paramref name="keepAlive"/> every request asks for its own
/// connection (<c>Connection: close</c>): after a 413 the server may close a connection whose body it did not read.
/// </summary>
internal sealed class ConcurrentSender(Uri baseAddress, bool keepAlive = true) : IDisposable
{
    public const int Parallelism = 12;

    private readonly HttpClient _client = Create(baseAddress);

    public async Task SendAllAsync(IEnumerable<HostileRequest> requests, ExchangeLedger ledger, CancellationToken cancellationToken = default)
    {
        await Parallel.ForEachAsync(
            requests,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (request, token) =>
            {
                var exchange = await SendAsync(request, token);
                if (exchange.Status is null)
                {
                    exchange = await SendAsync(request, token);
                }

                ledger.Record(exchange, ResponseRules.Check(exchange));
            });
    }

    public async Task<Exchange> SendAsync(HostileRequest request, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(request.Target, UriKind.Relative));
        message.Headers.ConnectionClose = !keepAlive;
        if (request.Body.Length > 0 || request.ContentType is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }

            if (request.Chunked)
            {
                message.Headers.TransferEncodingChunked = true;
            }
        }

        try
        {
            using var response = await _client.SendAsync(message, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return new Exchange(
                request,
                (int)response.StatusCode,
                response.Content.Headers.ContentType?.MediaType,
                response.Headers.TryGetValues("X-Request-Id", out var ids) ? string.Join(",", ids) : null,
                body);
        }
        catch (HttpRequestException e)
        {
            return Exchange.Unanswered(request, e.Message + (e.InnerException is { } inner ? " ← " + inner.Message : string.Empty));
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return Exchange.Unanswered(request, "timed out: " + e.Message);
        }
    }

    public void Dispose() => _client.Dispose();

    private static HttpClient Create(Uri baseAddress) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Parallelism,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
}
