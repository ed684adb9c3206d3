using System.Diagnostics;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Rekor.Server.Tests.Api;
using Xunit.Abstractions;

namespace Rekor.Server.Tests.Hostile;

/// <summary>
/// Part 1 of the hostile-input test: FsCheck mutations of valid bodies to the three POST endpoints, and hostile
/// query strings and paths to the GET endpoints, sent 12 at a time over keep-alive connections to the real server.
/// Together they send 10,000 requests per run (the floor, before parts 2 and 3 add theirs). Each test then
/// checks that the server survived intact and that every answer obeyed <see cref="ResponseRules"/>.
/// </summary>
public sealed class MutatedRequestTests(RunningServer server, ITestOutputHelper output) : IClassFixture<RunningServer>
{
    private const int ProposedEntryRequests = 5_000;
    private const int SearchRequests = 3_400;
    private const int GetRequests = 1_600;

    /// <summary>FsCheck's size parameter; the generators draw their own sizes, so it only bounds FsCheck's built-ins.</summary>
    private const int Size = 20;

    [Fact]
    public async Task Mutated_proposed_entries_never_get_a_5xx_or_a_non_JSON_error_and_add_no_entry()
    {
        var baseline = await Baseline.EstablishAsync(server.Client);
        var generator = MutatedBodies.ProposedEntries(ValidEntries.All, [.. SearchBodies.ForEntries(baseline), .. SearchBodies.ForIndex()]);

        await RunAsync("mutated proposed entries", part: 1, ProposedEntryRequests, generator);
    }

    [Fact]
    public async Task Mutated_searches_never_get_a_5xx_or_a_non_JSON_error()
    {
        var baseline = await Baseline.EstablishAsync(server.Client);
        var generator = MutatedBodies.Searches(SearchBodies.ForEntries(baseline), SearchBodies.ForIndex(), ValidEntries.All);

        await RunAsync("mutated searches", part: 2, SearchRequests, generator);
    }

    [Fact]
    public async Task Hostile_query_strings_and_paths_never_get_a_5xx_or_a_non_JSON_error()
    {
        var baseline = await Baseline.EstablishAsync(server.Client);

        await RunAsync("hostile reads", part: 3, GetRequests, HostileGets.For(baseline));
    }

    private Task RunAsync(string name, ulong part, int count, Gen<HostileRequest> generator) =>
        HostileRun.ExecuteAsync(server, output, name, count, async ledger =>
        {
            var clock = Stopwatch.StartNew();
            // Gen.Sample takes the number of samples, the seed, then FsCheck's size.
            var requests = generator.Sample(count, HostileSeed.For(part), Size);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: generated {requests.Length} requests in {clock.Elapsed.TotalSeconds:F1} s"));
            using var sender = new ConcurrentSender(server.BaseAddress);
            await sender.SendAllAsync(requests, ledger);
        });
}
