using System.Diagnostics;
using System.Globalization;

namespace Rekor.Load;

/// <summary>
/// Write mode: pre-builds hashedrekord bodies, POSTs them (warm-up, then the measured window), then checks that the
/// log grew by exactly the number of 201s and verifies a sample of the 201 answers.
/// </summary>
internal static class WriteRun
{
    /// <summary>Closed-loop bodies per second of run to pre-build when neither a count nor a rate bounds the run.</summary>
    private const int ClosedLoopBodiesPerSecond = 2000;

    public static async Task<LoadReport> RunAsync(LoadOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        using var client = LoadClient.Create(options);
        var before = await LogApi.StateAsync(client, cancellationToken);
        var publicKeyPem = await LogApi.PublicKeyPemAsync(client, cancellationToken);

        var (measuredBodies, warmupBodies) = BodiesNeeded(options);
        var clock = Stopwatch.StartNew();
        var bodies = HashedRekordBodies.Build(checked((int)(measuredBodies + warmupBodies)), options.SingleKey);
        progress.WriteLine(Invariant($"built {bodies.Count:N0} hashedrekord bodies ({(options.SingleKey ? "one key" : "a fresh P-256 key each")}) in {clock.Elapsed.TotalSeconds:F1} s"));

        var plan = new WritePlan(bodies, keepEntryIds: options.SaveUuids is not null);
        var window = await MeasuredWindow.RunAsync(client, plan, options, 201, warmupBodies, (first, warmRate) =>
        {
            // Spread the sample over the requests the window is expected to send: its count limit, its rate, or
            // the warm-up's pace over its time, never past the bodies left.
            var expected = options.Requests > 0 ? options.Requests
                : options.Rate > 0 ? (long)(options.Rate * options.Seconds)
                : warmRate > 0 ? (long)(warmRate * options.Seconds) : bodies.Count - first;
            expected = Math.Clamp(expected, 1, bodies.Count - first);
            plan.SampleFrom = first;
            plan.SampleStride = Math.Max(1, expected / Math.Max(1, options.VerifySample));
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
            Notes = notes,
        };
    }

    /// <summary>Bodies for the measured window and for the warm-up: by count, by rate, or by a generous estimate.</summary>
    private static (long Measured, long Warmup) BodiesNeeded(LoadOptions options)
    {
        var perSecond = options.Rate > 0 ? options.Rate * 1.05 : ClosedLoopBodiesPerSecond;
        var warmup = (long)Math.Ceiling(perSecond * options.WarmupSeconds);
        if (options.Bodies > 0)
        {
            var share = Math.Min(warmup, options.Bodies / 10);
            return (options.Bodies - share, share);
        }

        return (options.Requests > 0 ? options.Requests : (long)Math.Ceiling(perSecond * options.Seconds), warmup);
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
