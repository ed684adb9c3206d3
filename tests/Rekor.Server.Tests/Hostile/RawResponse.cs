using System.Globalization;
using System.Text;

namespace Rekor.Server.Tests.Hostile;

/// <summary>An HTTP/1.x response as it came off a socket: status, headers in order, and the body with its framing removed.</summary>
internal sealed record RawResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    /// <summary>The status given to bytes that are not an HTTP/1.x response at all.</summary>
    public const int Unparseable = -1;

    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();

    public string? Header(string name) => Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public string? MediaType => Header("Content-Type")?.Split(';')[0].Trim();

    /// <summary>
    /// Reads one response from the start of <paramref name="buffer"/>. Null when more bytes are needed; when the
    /// connection is <paramref name="closed"/>, a body without length ends with the bytes, and bytes that cannot be
    /// a response become one with status <see cref="Unparseable"/>.
    /// </summary>
    public static RawResponse? TryParse(ReadOnlySpan<byte> buffer, bool closed, out int consumed)
    {
        consumed = 0;
        var headerEnd = buffer.IndexOf(HeaderEnd);
        if (headerEnd < 0)
        {
            return closed && buffer.Length > 0 ? Garbage(buffer, out consumed) : null;
        }

        var lines = Encoding.Latin1.GetString(buffer[..headerEnd]).Split("\r\n");
        var statusLine = lines[0].Split(' ', 3);
        if (statusLine.Length < 2 || !statusLine[0].StartsWith("HTTP/1.", StringComparison.Ordinal)
            || !int.TryParse(statusLine[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            return Garbage(buffer, out consumed);
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(colon < 0 ? new(line, string.Empty) : new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }

        var response = new RawResponse(status, headers, []);
        var rest = buffer[(headerEnd + HeaderEnd.Length)..];
        var start = headerEnd + HeaderEnd.Length;
        if (status is >= 100 and < 200 or 204 or 304)
        {
            consumed = start;
            return response;
        }

        if (response.Header("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)
        {
            return Dechunk(rest, out var used) is { } body ? Complete(response with { Body = body }, start + used, out consumed) : null;
        }

        if (response.Header("Content-Length") is { } lengthText)
        {
            if (!int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                return Garbage(buffer, out consumed);
            }

            return rest.Length >= length ? Complete(response with { Body = rest[..length].ToArray() }, start + length, out consumed) : null;
        }

        return closed ? Complete(response with { Body = rest.ToArray() }, buffer.Length, out consumed) : null;
    }

    public override string ToString() =>
        $"{Status} {MediaType ?? "(no content type)"} X-Request-Id: {Escaped.Text(Header("X-Request-Id"), 60)}: {Escaped.Bytes(Body, 300)}";

    private static RawResponse Complete(RawResponse response, int length, out int consumed)
    {
        consumed = length;
        return response;
    }

    private static RawResponse Garbage(ReadOnlySpan<byte> buffer, out int consumed)
    {
        consumed = buffer.Length;
        return new RawResponse(Unparseable, [], buffer.ToArray());
    }

    /// <summary>The body of a chunked response, or null until the last chunk and the trailers have arrived.</summary>
    private static byte[]? Dechunk(ReadOnlySpan<byte> chunked, out int used)
    {
        used = 0;
        var body = new List<byte>();
        var at = 0;
        while (true)
        {
            var lineEnd = chunked[at..].IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                return null;
            }

            var sizeText = Encoding.Latin1.GetString(chunked.Slice(at, lineEnd)).Split(';')[0].Trim();
            if (!int.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size))
            {
                return null;
            }

            at += lineEnd + 2;
            if (size == 0)
            {
                var trailersEnd = chunked[at..].IndexOf("\r\n"u8);
                while (trailersEnd > 0)
                {
                    at += trailersEnd + 2;
                    trailersEnd = chunked[at..].IndexOf("\r\n"u8);
                }

                if (trailersEnd < 0)
                {
                    return null;
                }

                used = at + 2;
                return [.. body];
            }

            if (chunked.Length < at + size + 2)
            {
                return null;
            }

            body.AddRange(chunked.Slice(at, size));
            at += size + 2;
        }
    }
}
