using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rekor.Load;

/// <summary>
/// One keep-alive HTTP/1.1 connection over a socket: writes a prepared request in one send and reads the answer
/// (status line, headers, a Content-Length or chunked body) from its own buffer. Not thread-safe: one request at a
/// time. Any failure closes the socket, so the next request starts on a fresh connection with an empty buffer.
/// </summary>
internal sealed class RawConnection(IPEndPoint endpoint, TimeSpan timeout) : IDisposable
{
    private const int MaxHeadBytes = 64 * 1024;
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    private Socket? _socket;
    private CancellationTokenSource _timeout = new();

    // Received bytes not yet consumed are _buffer[_start.._end].
    private byte[] _buffer = new byte[MaxHeadBytes];
    private int _start;
    private int _end;

    public async Task<TransportAnswer> ExchangeAsync(PreparedRequest request, bool keepBody, bool wantEntryId)
    {
        if (!_timeout.TryReset())
        {
            _timeout.Dispose();
            _timeout = new CancellationTokenSource();
        }

        _timeout.CancelAfter(timeout);
        var token = _timeout.Token;
        try
        {
            if (_socket is null)
            {
                _socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await _socket.ConnectAsync(endpoint, token);
            }

            for (var sent = 0; sent < request.Raw.Length;)
            {
                sent += await _socket.SendAsync(request.Raw.AsMemory(sent), SocketFlags.None, token);
            }

            var answer = await ReadAnswerAsync(keepBody, wantEntryId, token);
            _timeout.CancelAfter(Timeout.InfiniteTimeSpan);
            return answer;
        }
        catch
        {
            Close();
            throw;
        }
    }

    public void Dispose()
    {
        Close();
        _timeout.Dispose();
    }

    private void Close()
    {
        _socket?.Dispose();
        _socket = null;
        _start = _end = 0;
    }

    private async Task<TransportAnswer> ReadAnswerAsync(bool keepBody, bool wantEntryId, CancellationToken token)
    {
        int headLength;
        while ((headLength = _buffer.AsSpan(_start, _end - _start).IndexOf(HeadEnd)) < 0)
        {
            if (_end - _start >= MaxHeadBytes - 1)
            {
                throw new InvalidDataException("answer head over 64 KiB");
            }

            await FillAsync(token);
        }

        var head = Head.Parse(_buffer.AsSpan(_start, headLength), wantEntryId);
        _start += headLength + HeadEnd.Length;
        byte[]? body = null;
        if (head.Chunked)
        {
            body = await ReadChunkedAsync(keepBody, token);
        }
        else if (head.ContentLength > 0)
        {
            body = await ReadExactlyAsync(head.ContentLength, keepBody, token);
        }
        else if (head.ContentLength < 0 && head.Status is >= 200 and not 204 and not 304)
        {
            throw new InvalidDataException("answer with neither Content-Length nor chunked encoding");
        }

        if (head.Close)
        {
            Close();
        }

        return new TransportAnswer(head.Status, keepBody ? body ?? [] : null, head.EntryId);
    }

    /// <summary>Consumes <paramref name="length"/> body bytes, returning a copy when <paramref name="keep"/>.</summary>
    private async Task<byte[]?> ReadExactlyAsync(long length, bool keep, CancellationToken token)
    {
        var copy = keep ? new byte[length] : null;
        long done = 0;
        while (done < length)
        {
            if (_start == _end)
            {
                await FillAsync(token);
            }

            var take = (int)Math.Min(length - done, _end - _start);
            if (copy is not null)
            {
                _buffer.AsSpan(_start, take).CopyTo(copy.AsSpan((int)done));
            }

            _start += take;
            done += take;
        }

        return copy;
    }

    private async Task<byte[]?> ReadChunkedAsync(bool keep, CancellationToken token)
    {
        using var kept = keep ? new MemoryStream() : null;
        while (true)
        {
            var line = await ReadLineAsync(token);
            var size = Convert.ToInt64(line.Split(';')[0].Trim(), 16);
            if (size == 0)
            {
                // Trailers, if any, end with an empty line.
                while ((await ReadLineAsync(token)).Length > 0)
                {
                }

                return kept?.ToArray();
            }

            var chunk = await ReadExactlyAsync(size, keep, token);
            kept?.Write(chunk);
            if ((await ReadLineAsync(token)).Length != 0)
            {
                throw new InvalidDataException("chunk not followed by CRLF");
            }
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken token)
    {
        int at;
        while ((at = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0)
        {
            await FillAsync(token);
        }

        var line = Encoding.ASCII.GetString(_buffer, _start, at);
        _start += at + 2;
        return line;
    }

    /// <summary>Receives more bytes after the unconsumed ones (moved to the buffer's start first).</summary>
    private async Task FillAsync(CancellationToken token)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var received = await _socket!.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, token);
        if (received == 0)
        {
            throw new IOException("connection closed by the server");
        }

        _end += received;
    }

    /// <summary>The parts of an answer's head a run uses. ContentLength is -1 when the head has none.</summary>
    private readonly record struct Head(int Status, long ContentLength, bool Chunked, bool Close, string? EntryId)
    {
        public static Head Parse(ReadOnlySpan<byte> head, bool wantEntryId)
        {
            // "HTTP/1.1 201 Created": the status is the three digits after the first space.
            var lineEnd = head.IndexOf("\r\n"u8);
            var statusLine = lineEnd < 0 ? head : head[..lineEnd];
            if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8)
                || !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int status, out var used) || used != 3)
            {
                throw new InvalidDataException("malformed status line");
            }

            long contentLength = -1;
            bool chunked = false, close = statusLine[7] == (byte)'0';
            string? entryId = null;
            var rest = lineEnd < 0 ? [] : head[(lineEnd + 2)..];
            while (!rest.IsEmpty)
            {
                var end = rest.IndexOf("\r\n"u8);
                var line = end < 0 ? rest : rest[..end];
                rest = end < 0 ? [] : rest[(end + 2)..];
                var colon = line.IndexOf((byte)':');
                if (colon <= 0)
                {
                    continue;
                }

                var name = line[..colon];
                var value = line[(colon + 1)..].Trim((byte)' ');
                if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
                {
                    contentLength = Utf8Parser.TryParse(value, out long n, out _) ? n : throw new InvalidDataException("bad Content-Length");
                }
                else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
                {
                    chunked = value.Length >= 7 && Ascii.EqualsIgnoreCase(value[^7..], "chunked"u8);
                }
                else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
                {
                    close = Ascii.EqualsIgnoreCase(value, "close"u8);
                }
                else if (wantEntryId && Ascii.EqualsIgnoreCase(name, "ETag"u8))
                {
                    entryId = Encoding.ASCII.GetString(value.Trim((byte)'"'));
                }
            }

            return new Head(status, contentLength, chunked, close, entryId);
        }
    }
}
