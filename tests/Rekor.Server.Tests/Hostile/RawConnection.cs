using System.Net;
using System.Net.Sockets;

namespace Rekor.Server.Tests.Hostile;

/// <summary>What came back on one raw connection: the complete responses (1xx interim ones left out), and how it ended.</summary>
internal sealed record RawOutcome(IReadOnlyList<RawResponse> Responses, bool TimedOut, string? SendError);

/// <summary>
/// Plays a <see cref="RawCase"/> on a fresh loopback socket: writes its steps while reading responses concurrently,
/// and stops once it has as many responses as the case expects, the server closes, or the case's timeout passes.
/// </summary>
internal static class RawConnection
{
    public static async Task<RawOutcome> PlayAsync(RawCase rawCase, int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var deadline = new CancellationTokenSource(rawCase.Timeout);
        await socket.ConnectAsync(IPAddress.Loopback, port, deadline.Token);
        var responses = new List<RawResponse>();
        var reading = ReadAsync(socket, rawCase.Answers.Count, responses, deadline.Token);
        string? sendError = null;
        try
        {
            foreach (var step in rawCase.Steps)
            {
                if (reading.IsCompleted)
                {
                    break;
                }

                await socket.SendAsync(step.Bytes, SocketFlags.None, deadline.Token);
                if (step.PauseAfter > TimeSpan.Zero)
                {
                    await Task.WhenAny(reading, Task.Delay(step.PauseAfter, deadline.Token));
                }
            }

            if (rawCase.HalfClose)
            {
                socket.Shutdown(SocketShutdown.Send);
            }
        }
        catch (SocketException e)
        {
            // The server may answer and close before the whole request is written; what it answered is still read.
            sendError = e.Message;
        }
        catch (OperationCanceledException)
        {
            sendError = "the case's time ran out while writing";
        }

        var timedOut = !await reading;
        return new RawOutcome(responses, timedOut, sendError);
    }

    /// <summary>Reads until <paramref name="expected"/> responses or the server closes (true), or the deadline (false).</summary>
    private static async Task<bool> ReadAsync(Socket socket, int expected, List<RawResponse> responses, CancellationToken deadline)
    {
        var buffer = new List<byte>();
        var chunk = new byte[64 * 1024];
        var closed = false;
        try
        {
            while (true)
            {
                while (TakeResponse(buffer, closed) is { } response)
                {
                    if (response.Status is >= 100 and < 200)
                    {
                        continue;
                    }

                    responses.Add(response);

                    if (responses.Count >= expected && !closed)
                    {
                        return true;
                    }
                }

                if (closed)
                {
                    return true;
                }

                var read = await socket.ReceiveAsync(chunk, SocketFlags.None, deadline);
                if (read == 0)
                {
                    closed = true;
                }
                else
                {
                    buffer.AddRange(chunk.AsSpan(0, read));
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (SocketException)
        {
            // A reset after the server answered ends the connection like a close.
            while (TakeResponse(buffer, closed: true) is { } response)
            {
                responses.Add(response);
            }

            return true;
        }
    }

    private static RawResponse? TakeResponse(List<byte> buffer, bool closed)
    {
        if (buffer.Count == 0)
        {
            return null;
        }

        var response = RawResponse.TryParse(buffer.ToArray(), closed, out var consumed);
        buffer.RemoveRange(0, consumed);
        return response;
    }
}
