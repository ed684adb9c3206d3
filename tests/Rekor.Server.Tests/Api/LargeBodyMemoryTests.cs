using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Rekor.Server.Api;
using Xunit.Abstractions;

namespace Rekor.Server.Tests.Api;

/// <summary>
/// Twelve concurrent bodies just under the 32 MiB limit: none is a 500, the server's resident memory stays within
/// its idle size plus the request-body memory limit the README states (by default two of the largest bodies'
/// charges), during the burst and after it, burst after burst.
/// </summary>
[Collection(nameof(MeasuredAlone))]
public sealed class LargeBodyMemoryTests(RunningServer server, ITestOutputHelper output) : IClassFixture<RunningServer>
{
    private const long MaxBody = 32 * 1024 * 1024;

    private static readonly string[] Shapes = ["rekord with inline content", "one long string", "dense array"];

    [Fact]
    public async Task Concurrent_large_bodies_stay_within_the_stated_bound()
    {
        using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        await client.GetAsync(new Uri("/api/v1/log", UriKind.Relative)); // warm
        var idle = server.ResidentBytes();
        foreach (var shape in Shapes)
        {
            await BurstAsync(client, shape, idle);
        }
    }

    private async Task BurstAsync(HttpClient client, string shape, long idle)
    {
        var body = Body(shape);
        var bound = idle + (2 * RequestBodyBudget.ChargeFor(MaxBody));
        var peak = idle;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, server.ResidentBytes());
                await Task.Delay(10);
            }
        });

        var clock = Stopwatch.StartNew();
        var statuses = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync(new Uri("/api/v1/log/entries", UriKind.Relative), content);
            return response.StatusCode;
        }));
        var elapsed = clock.Elapsed;
        await Task.Delay(1500);
        var after = server.ResidentBytes();
        await sampling.CancelAsync();
        await sampler;

        output.WriteLine($"{shape}: {body.Length} bytes x 12 in {elapsed.TotalSeconds:F1} s; statuses {string.Join(", ", statuses.GroupBy(s => (int)s).Select(g => $"{g.Key} x{g.Count()}"))}");
        output.WriteLine($"RSS idle {idle >> 20} MiB, peak {peak >> 20} MiB, 1.5 s after {after >> 20} MiB; bound {bound >> 20} MiB");
        Assert.All(statuses, s => Assert.True((int)s is >= 400 and < 500 or 503, $"status {(int)s}"));
        Assert.True(peak <= bound, $"peak RSS {peak >> 20} MiB is over the bound {bound >> 20} MiB");
        Assert.True(after <= bound, $"RSS stayed at {after >> 20} MiB after the burst, over the bound {bound >> 20} MiB");
    }

    private static byte[] Body(string shape)
    {
        var size = (int)MaxBody - 1024;
        switch (shape)
        {
            case "rekord with inline content":
                var content = Convert.ToBase64String(new byte[(size - 600) / 4 * 3]);
                return Encoding.ASCII.GetBytes("{\"kind\":\"rekord\",\"apiVersion\":\"0.0.1\",\"spec\":{\"signature\":{\"format\":\"x509\",\"content\":\"AAAA\",\"publicKey\":{\"content\":\"AAAA\"}},\"data\":{\"content\":\"" + content + "\"}}}");
            case "one long string":
                return Encoding.ASCII.GetBytes("{\"kind\":\"" + new string('k', size - 20) + "\"}");
            default:
                var dense = new byte[size];
                dense.AsSpan().Fill((byte)'0');
                for (var i = 1; i < size - 1; i += 2)
                {
                    dense[i] = (byte)',';
                }

                dense[0] = (byte)'[';
                dense[^1] = (byte)']';
                return dense;
        }
    }
}

/// <summary>
/// Tests that measure the server's resources run alone, after the parallel ones: another test class loading both
/// cores at the same time delays the collector and inflates what is measured.
/// </summary>
[CollectionDefinition(nameof(MeasuredAlone), DisableParallelization = true)]
public sealed class MeasuredAlone;
