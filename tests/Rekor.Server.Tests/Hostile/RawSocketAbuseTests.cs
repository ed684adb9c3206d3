using System.Globalization;
using Rekor.Server.Tests.Api;
using Xunit.Abstractions;

namespace Rekor.Server.Tests.Hostile;

/// <summary>
/// Part 2 of the hostile-input test: HTTP abuse written byte by byte on raw sockets (no HttpClient to tidy it up):
/// broken framing, lying lengths, a slow body, bad request lines and versions, 300 invented methods, oversized and
/// split headers, X-Request-Id values, Host headers naming the metrics port, pipelines. All cases run at once, the
/// slow one among them. Whose answer is whose, and what each owes, is set out on <see cref="Reach"/>.
/// </summary>
public sealed class RawSocketAbuseTests(RunningServer server, ITestOutputHelper output) : IClassFixture<RunningServer>
{
    [Fact]
    public async Task Raw_HTTP_abuse_never_gets_a_5xx_and_the_apps_errors_are_JSON()
    {
        var apiPort = server.BaseAddress.Port;
        RawCase[] cases =
        [
            .. RawFramingCases.All(),
            .. RawRequestLineCases.All(HostileSeed.For(4)),
            .. RawHeaderCases.All(apiPort, server.MetricsPort),
        ];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{cases.Length} raw cases, {cases.Sum(c => c.Answers.Count)} requests"));

        await HostileRun.ExecuteAsync(server, output, "raw HTTP abuse", RawRequestLineCases.InventedMethods + 100, ledger =>
            RawCasePlayer.PlayAllAsync(cases, apiPort, server.MetricsPort, ledger));
    }
}
