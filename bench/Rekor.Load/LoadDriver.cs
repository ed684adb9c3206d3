using System.Diagnostics;
using System.Net.Sockets;

namespace Rekor.Load;

/// <summary>
/// Sends a <see cref="RequestPlan"/>'s requests in a closed loop (a fixed number of senders) or an open loop (a fixed
/// schedule) and records every outcome. In an open loop a request's latency runs from the moment the schedule meant it
/// to start, so a server that stalls is charged for the requests queued behind the stall (no coordinated omission).
/// </summary>
internal sealed class LoadDriver(ITransport transport, RequestPlan plan, LoadOptions options)
{
    /// <summary>
    /// Sends requests from <paramref name="firstSequence"/> on until <paramref name="duration"/> has passed or
    /// <paramref name="maxRequests"/> were sent (0 = no count limit) or the plan runs out, waits for every answer, and
    /// returns the next unsent sequence number and the time from the first send to the last answer.
    /// </summary>
    public async Task<(long NextSequence, TimeSpan Elapsed)> RunAsync(
        long firstSequence, TimeSpan duration, long maxRequests, RunRecorder recorder)
    {
        var last = maxRequests > 0 ? Math.Min(plan.Available, firstSequence + maxRequests) : plan.Available;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var next = options.Rate > 0
            ? await OpenLoopAsync(firstSequence, last, start, end, recorder)
            : await ClosedLoopAsync(firstSequence, last, end, recorder);
        return (next, Stopwatch.GetElapsedTime(start));
    }

    private async Task<long> ClosedLoopAsync(long first, long last, long end, RunRecorder recorder)
    {
        // Senders take sequence numbers from one counter, so no number is sent twice. A sender that finds the time
        // up drops the number it took, so a few numbers below the counter's end may go unsent: they are only skipped.
        var counter = first;
        async Task SenderAsync()
        {
            while (true)
            {
                var sequence = Interlocked.Increment(ref counter) - 1;
                var now = Stopwatch.GetTimestamp();
                if (sequence >= last || now >= end)
                {
                    return;
                }

                await SendAsync(sequence, now, recorder);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, options.Connections).Select(_ => Task.Run(SenderAsync)));
        return Math.Min(counter, last);
    }

    private async Task<long> OpenLoopAsync(long first, long last, long start, long end, RunRecorder recorder)
    {
        // Request k of this phase is due at start + k / rate. The scheduler sleeps until the next one is due (timers
        // are ~1 ms coarse), then starts every request that is due by now; answers are awaited at the end.
        var ticksPerRequest = Stopwatch.Frequency / options.Rate;
        var inFlight = new List<Task>();
        var sequence = first;
        while (sequence < last)
        {
            var due = start + (long)((sequence - first) * ticksPerRequest);
            if (due >= end)
            {
                break;
            }

            var now = Stopwatch.GetTimestamp();
            if (due - now > Stopwatch.Frequency / 1000)
            {
                await Task.Delay(TimeSpan.FromSeconds((double)(due - now) / Stopwatch.Frequency));
                continue;
            }

            // A request started before its time is timed from when it really started, one started late from when
            // it was due.
            inFlight.Add(SendAsync(sequence, Math.Min(due, now), recorder));
            sequence++;
        }

        await Task.WhenAll(inFlight);
        return sequence;
    }

    /// <summary>Sends one request and records its answer or error. Never throws.</summary>
    private async Task SendAsync(long sequence, long timedFrom, RunRecorder recorder)
    {
        try
        {
            var keep = plan.KeepBody(sequence);
            var answer = await transport.SendAsync(plan.Get(sequence), keep, plan.KeepEntryIds);
            recorder.Answer(answer.Status, (long)Stopwatch.GetElapsedTime(timedFrom).TotalMicroseconds);
            if (keep && answer.Body is { } body && answer.Status is 200 or 201)
            {
                recorder.Keep(new KeptAnswer(sequence, answer.Status, body));
            }

            if (answer.EntryId is { } entryId && answer.Status == 201)
            {
                recorder.EntryId(sequence, entryId);
            }
        }
        catch (OperationCanceledException)
        {
            recorder.Error("timeout");
        }
        catch (HttpRequestException e)
        {
            recorder.Error(e.HttpRequestError.ToString());
        }
        catch (SocketException e)
        {
            recorder.Error(e.SocketErrorCode.ToString());
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            recorder.Error(e.Message);
        }
    }
}
