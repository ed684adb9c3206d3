using System.Globalization;
using System.Text.Json;

namespace Rekor.Load;

/// <summary>Prints a <see cref="LoadReport"/> as plain text for people or as one JSON object for scripts.</summary>
internal static class ReportWriter
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void Write(LoadReport report, bool json, TextWriter output)
    {
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(report, JsonOptions));
            return;
        }

        var unit = report.Mode == "write" ? "entries" : "answers";
        var okStatus = report.Mode == "write" ? 201 : 200;
        output.WriteLine(Invariant($"{report.Mode}: {report.Loop}, {report.Url}, {report.Seconds:F1} s measured"));
        output.WriteLine(Invariant($"  requests {report.Requests:N0}, {okStatus}s {report.Ok:N0}: {report.OkPerSecond:N1} {unit}/s"));
        var l = report.LatencyMs;
        output.WriteLine(Invariant($"  latency ms: p50 {l.P50:F2}  p90 {l.P90:F2}  p99 {l.P99:F2}  p99.9 {l.P999:F2}  max {l.Max:F2}"));
        output.WriteLine("  statuses: " + (report.Statuses.Count == 0 ? "none" : string.Join(", ", report.Statuses.Select(s => Invariant($"{s.Key}×{s.Value}")))));
        output.WriteLine("  transport errors: " + (report.TransportErrors.Count == 0 ? "none" : string.Join(", ", report.TransportErrors.Select(e => Invariant($"{e.Key}×{e.Value}")))));
        var c = report.Cpu;
        var perOk = report.Mode == "write" ? "entry" : "answer";
        output.WriteLine(Invariant($"  CPU load tool: {c.LoadToolMs:N0} ms, {c.LoadToolMsPerOk:F3} ms/{perOk}, {c.LoadToolCores:F2} cores"));
        if (c.ServerMs is { } serverMs)
        {
            output.WriteLine(Invariant($"  CPU server (pid {c.ServerPid}): {serverMs:N0} ms, {c.ServerMsPerOk:F3} ms/{perOk}, {c.ServerCores:F2} cores; RSS {Mib(c.ServerRssBytes)} MiB, peak {Mib(c.ServerPeakRssBytes)} MiB"));
            output.WriteLine(Invariant($"  server/load-tool CPU per {perOk}: {c.ServerMsPerOk / Math.Max(c.LoadToolMsPerOk, 1e-9):F1}x"));
        }

        if (report.Floor is { } floor)
        {
            output.WriteLine(Invariant($"  crypto floor (same run, {floor.Cores} cores): {floor.EntriesPerSecond:N0} entries/s; this run: {report.OkPerSecond / floor.EntriesPerSecond:F2} of it"));
        }

        if (report.TreeGrowth is { } tree)
        {
            output.WriteLine(Invariant($"  tree: {tree.SizeBefore:N0} -> {tree.SizeAfter:N0}, grew {tree.SizeAfter - tree.SizeBefore:N0}, 201s {tree.Created:N0} (warm-up included): {PassFail(tree.Passed)}"));
        }

        if (report.Verification is { } verification)
        {
            output.WriteLine(Invariant($"  verified {verification.Verified} of {verification.Sampled} sampled answers: {PassFail(verification.Passed)}"));
            foreach (var failure in verification.Failures)
            {
                output.WriteLine("    " + failure);
            }
        }

        foreach (var note in report.Notes)
        {
            output.WriteLine("  note: " + note);
        }

        output.WriteLine("RESULT: " + PassFail(report.Passed));
    }

    private static string PassFail(bool passed) => passed ? "PASS" : "FAIL";

    private static string Mib(long? bytes) => bytes is { } b ? (b / (1024.0 * 1024.0)).ToString("F0", CultureInfo.InvariantCulture) : "?";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
