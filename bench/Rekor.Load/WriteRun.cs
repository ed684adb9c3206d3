using System.Diagnostics;
using System.Globalization;

namespace Rekor.Load;

/// <summary>
/// Write mode: pre-builds hashedrekord bodies, POSTs them (warm-up, then the measured window), then checks that the
/// log grew by exactly the number of 201s and verifies a sample of the 201 answers.
/// </summary>
internal static class WriteRun
{
    /// <summary>A closed loop's measured window gets bodies for three times the warm-up's pace (which the JIT slows), and at least this many per second.</summary>
    private const double MinimumClosedLoopRate = 2000;

    public static async Task<LoadReport> RunAsync(LoadOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        using var client = HttpTransport.Create(options);
        var host = options.Url.Authority;
        var before = await LogApi.StateAsync(client, cancellationToken);
        var publicKeyPem = await LogApi.PublicKeyPemAsync(client, cancellationToken);

        // Bodies for the warm-up are built first; those for the measured window after it, when the warm-up's pace
        // tells how many a closed loop will need. Both happen before the clock starts.
        using var bodies = new HashedRekordBodies(options.SingleKey, host);
        var warmupBodies = options.WarmupSeconds <= 0 ? 0 : (long)Math.Ceiling(PerSecondGuess(options) * options.WarmupSeconds);
        if (options.Bodies > 0)
        {
            warmupBodies = Math.Min(warmupBodies, options.Bodies / 10);
            Build(bodies, options.Bodies, options, progress);
        }
        else
        {
            Build(bodies, warmupBodies, options, progress);
        }

        // Measured while the server is idle, so server and floor do not share the cores.
        var floor = options.FloorSeconds > 0 ? CryptoFloor.Measure(options.FloorSeconds) : null;
        if (floor is not null)
        {
            progress.WriteLine(Invariant($"crypto floor: {floor.EntriesPerSecond:N0} entries/s on {floor.Cores} cores (import + verify + sign per entry)"));
        }

        var plan = new WritePlan(bodies, keepEntryIds: options.SaveUuids is not null);
        var window = await MeasuredWindow.RunAsync(plan, options, warmupBodies, (first, warmRate) =>
        {
            if (options.Bodies == 0)
            {
                var needed = options.Requests > 0 ? options.Requests
                    : options.Rate > 0 ? (long)Math.Ceiling(options.Rate * 1.05 * options.Seconds)
                    : (long)Math.Ceiling(Math.Max(3 * warmRate, MinimumClosedLoopRate) * options.Seconds);
                Build(bodies, needed - (bodies.Count - first), options, progress);
            }

            // Keep about twice the sample, spread over the requests the window is expected to send (its count
            // limit, its rate, or the warm-up's pace over its time, never past the bodies left): the pace may beat
            // the estimate, and the verifier picks its sample evenly from what was kept.
            var expected = options.Requests > 0 ? options.Requests
                : options.Rate > 0 ? (long)(options.Rate * options.Seconds)
                : warmRate > 0 ? (long)(warmRate * options.Seconds) : bodies.Count - first;
            expected = Math.Clamp(expected, 1, Math.Max(1, bodies.Count - first));
            plan.SampleFrom = first;
            plan.SampleStride = Math.Max(1, expected / Math.Max(1, 2 * options.VerifySample));
        });

        var created = window.Warmup.Count(201) + window.Measured.Count(201);
        var after = await SettledStateAsync(client, before.TreeSize + created, cancellationToken);
        var notes = new List<string>();
        if (window.PlanRanOut)
        {
            notes.Add(Invariant($"the {bodies.Count:N0} pre-built bodies ran out before the time was up: pass a larger --bodies"));
        }

        VerificationReport? verification = null;
        if (options.VerifySample > 0)
        {
            verification = SampleVerifier.Verify(window.Measured.Kept, options.VerifySample, publicKeyPem, options.CheckpointName ?? before.SignerName);
        }

        if (options.SaveUuids is { } path)
        {
            var lines = window.Warmup.EntryIds.Concat(window.Measured.EntryIds)
                .Select(e => e.EntryId + " " + bodies.DigestHex((int)e.Sequence));
            await File.WriteAllLinesAsync(path, lines, cancellationToken);
            notes.Add(Invariant($"wrote {created:N0} entry IDs and artifact digests to {path}"));
        }

        return MeasuredWindow.Report("write", options, window, 201) with
        {
            TreeGrowth = new TreeGrowthReport(before.TreeSize, after.TreeSize, created),
            Verification = verification,
            Floor = floor,
            Notes = notes,
        };
    }

    /// <summary>The warm-up's pace before it is known: the open loop's rate, else a guess above this machine's.</summary>
    private static double PerSecondGuess(LoadOptions options) => options.Rate > 0 ? options.Rate * 1.05 : 3000;

    private static void Build(HashedRekordBodies bodies, long count, LoadOptions options, TextWriter progress)
    {
        if (count <= 0)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        bodies.Add(checked((int)count));
        progress.WriteLine(Invariant($"built {count:N0} hashedrekord bodies ({(options.SingleKey ? "one key" : "a fresh P-256 key each")}) in {clock.Elapsed.TotalSeconds:F1} s"));
    }

    /// <summary>
    /// The log's state once its size reaches <paramref name="expected"/> (each 201 carried an inclusion proof, so the
    /// tree already holds it; the wait only covers a published size that lags), or after 5 s, or once it passes it.
    /// </summary>
    private static async Task<LogState> SettledStateAsync(HttpClient client, long expected, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var state = await LogApi.StateAsync(client, cancellationToken);
            if (state.TreeSize >= expected || clock.Elapsed > TimeSpan.FromSeconds(5))
            {
                return state;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
