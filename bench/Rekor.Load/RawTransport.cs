using System.Net;
using System.Threading.Channels;

namespace Rekor.Load;

/// <summary>
/// <see cref="ITransport"/> over plain sockets: a fixed set of <see cref="RawConnection"/>s, each lent to one
/// request at a time and given back after its answer (a request finding all busy waits; in an open loop that wait
/// is part of its latency). http:// only.
/// </summary>
internal sealed class RawTransport : ITransport
{
    private readonly Channel<RawConnection> _idle;
    private readonly List<RawConnection> _all = [];

    public RawTransport(LoadOptions options)
    {
        if (options.Url.Scheme != Uri.UriSchemeHttp)
        {
            throw new InvalidOperationException("--transport raw speaks plain http:// only; use --transport http for https://");
        }

        var address = options.Url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
            ? IPAddress.Parse(options.Url.DnsSafeHost)
            : Dns.GetHostAddresses(options.Url.DnsSafeHost)[0];
        var endpoint = new IPEndPoint(address, options.Url.Port);
        _idle = Channel.CreateBounded<RawConnection>(options.Connections);
        for (var i = 0; i < options.Connections; i++)
        {
            var connection = new RawConnection(endpoint, options.Timeout);
            _all.Add(connection);
            _idle.Writer.TryWrite(connection);
        }
    }

    public async Task<TransportAnswer> SendAsync(PreparedRequest request, bool keepBody, bool wantEntryId)
    {
        var connection = await _idle.Reader.ReadAsync();
        try
        {
            return await connection.ExchangeAsync(request, keepBody, wantEntryId);
        }
        finally
        {
            _idle.Writer.TryWrite(connection);
        }
    }

    public void Dispose()
    {
        foreach (var connection in _all)
        {
            connection.Dispose();
        }
    }
}
