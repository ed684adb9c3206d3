using System.Globalization;
using System.Text;

namespace Rekor.Load;

/// <summary>
/// One request, built before the clock starts: its method and path for <see cref="HttpTransport"/>, and the same
/// request as HTTP/1.1 bytes (request line, headers, body) for <see cref="RawTransport"/>. The body is the tail of
/// <see cref="Raw"/> from <see cref="HeadLength"/> on, so it is held once.
/// </summary>
internal sealed class PreparedRequest
{
    private PreparedRequest(HttpMethod method, Uri path, byte[] raw, int headLength)
    {
        Method = method;
        Path = path;
        Raw = raw;
        HeadLength = headLength;
    }

    public HttpMethod Method { get; }

    /// <summary>The path and query, relative to the log's base URL.</summary>
    public Uri Path { get; }

    public byte[] Raw { get; }

    public int HeadLength { get; }

    public ReadOnlyMemory<byte> Body => Raw.AsMemory(HeadLength);

    public bool HasBody => Raw.Length > HeadLength;

    public static PreparedRequest Get(string host, string pathAndQuery) =>
        Build(HttpMethod.Get, host, pathAndQuery, null);

    /// <summary>A POST of <paramref name="json"/> (UTF-8) as application/json.</summary>
    public static PreparedRequest PostJson(string host, string path, ReadOnlySpan<byte> json) =>
        Build(HttpMethod.Post, host, path, json.ToArray());

    private static PreparedRequest Build(HttpMethod method, string host, string pathAndQuery, byte[]? body)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method.Method} {pathAndQuery} HTTP/1.1\r\nHost: {host}\r\n");
        if (body is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n");
        }

        var headBytes = Encoding.ASCII.GetBytes(head.Append("\r\n").ToString());
        var raw = new byte[headBytes.Length + (body?.Length ?? 0)];
        headBytes.CopyTo(raw, 0);
        body?.CopyTo(raw, headBytes.Length);
        return new PreparedRequest(method, new Uri(pathAndQuery, UriKind.Relative), raw, headBytes.Length);
    }
}
