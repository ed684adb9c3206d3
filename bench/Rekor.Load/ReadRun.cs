using System.Diagnostics;
using System.Globalization;

namespace Rekor.Load;

/// <summary>
/// Read mode against an existing log: reads its size, prepares one kind of request (random indexes, UUIDs, proof
/// sizes, hashes; the log's info), then measures like write mode. Entry answers (index, uuid) are sampled and verified.
/// </summary>
internal static class ReadRun
{
    public static async Task<LoadReport> RunAsync(LoadOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        using var client = HttpTransport.Create(options);
        var host = options.Url.Authority;
        var state = await LogApi.StateAsync(client, cancellationToken);
        if (state.TotalSize == 0)
        {
            throw new InvalidOperationException("the log is empty: write to it first (rekor-load write)");
        }

        var random = new Random(options.Seed);
        var plan = options.What switch
        {
            ReadTarget.Index => ReadPlan.Indexes(host, state.TotalSize, random),
            ReadTarget.Proof => ReadPlan.Proofs(host, state.TreeSize, random),
            ReadTarget.LogInfo => ReadPlan.LogInfo(host),
            ReadTarget.Uuid => ReadPlan.Uuids(host, [.. (await KnownEntriesAsync(client, options, state, random, progress, cancellationToken)).Select(e => e.EntryId)], random),
            ReadTarget.Search => ReadPlan.Searches(
                host,
                [.. (await KnownEntriesAsync(client, options, state, random, progress, cancellationToken)).Select(e => e.DigestHex).OfType<string>()], random),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.What, "unknown read target"),
        };

        var window = await MeasuredWindow.RunAsync(plan, options, 0, (first, warmRate) =>
        {
            if (plan.AnswersAreEntries && options.VerifySample > 0)
            {
                // As in write mode: keep about twice the sample, spread over the expected requests.
                var expected = options.Requests > 0 ? options.Requests
                    : options.Rate > 0 ? (long)(options.Rate * options.Seconds)
                    : Math.Max(1, (long)(warmRate * options.Seconds));
                plan.SampleFrom = first;
                plan.SampleStride = Math.Max(1, expected / (2 * options.VerifySample));
            }
        });

        VerificationReport? verification = null;
        if (plan.AnswersAreEntries && options.VerifySample > 0)
        {
            var publicKeyPem = await LogApi.PublicKeyPemAsync(client, cancellationToken);
            verification = SampleVerifier.Verify(window.Measured.Kept, options.VerifySample, publicKeyPem, options.CheckpointName ?? state.SignerName);
        }

        var what = options.What.ToString().ToLowerInvariant();
        return MeasuredWindow.Report("read " + what, options, window, 200) with
        {
            Verification = verification,
            Notes = [string.Create(CultureInfo.InvariantCulture, $"log size {state.TotalSize:N0} (active tree {state.TreeSize:N0})")],
        };
    }

    /// <summary>
    /// Entry IDs and artifact digests (null for kinds other than hashedrekord) from <see cref="LoadOptions.UuidsFile"/>
    /// ("entryID [sha256hex]" per line), or else from reading <see cref="LoadOptions.Collect"/> random entries.
    /// </summary>
    private static async Task<IReadOnlyList<(string EntryId, string? DigestHex)>> KnownEntriesAsync(
        HttpClient client, LoadOptions options, LogState state, Random random, TextWriter progress, CancellationToken cancellationToken)
    {
        if (options.UuidsFile is { } path)
        {
            return [.. (await File.ReadAllLinesAsync(path, cancellationToken))
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(parts => parts.Length > 0)
                .Select(parts => (parts[0], parts.Length > 1 ? parts[1] : null))];
        }

        var clock = Stopwatch.StartNew();
        var indexes = Enumerable.Range(0, options.Collect).Select(_ => random.NextInt64(state.TotalSize)).ToArray();
        var found = new (string EntryId, string? DigestHex)[indexes.Length];
        await Parallel.ForAsync(0, indexes.Length, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var (entryId, value) = await LogApi.EntryAtAsync(client, indexes[i], token);
            found[i] = (entryId, LogApi.HashedRekordDigest(value.Body));
        });
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"collected {found.Length:N0} entries in {clock.Elapsed.TotalSeconds:F1} s"));
        return found;
    }
}
