using Rekor.Load;

namespace Rekor.Server.Tests.Api;

/// <summary>
/// bench/Rekor.Load's core, in process, against the real server for a couple of seconds: a write run whose 201s
/// grow the tree by exactly their number and whose sampled answers verify (SET, inclusion proof, checkpoint, UUID),
/// then a read run of those entries by index through the same raw-socket transport.
/// </summary>
public sealed class LoadGeneratorTests(RunningServer server) : IClassFixture<RunningServer>
{
    [Fact]
    public async Task A_short_write_run_grows_the_tree_by_its_201s_and_its_sample_verifies()
    {
        var write = new LoadOptions
        {
            Url = server.BaseAddress,
            Connections = 8,
            Seconds = 2,
            Requests = 400,
            WarmupSeconds = 0.5,
            Bodies = 600,
            VerifySample = 20,
        };

        var report = await WriteRun.RunAsync(write, TextWriter.Null, CancellationToken.None);

        Assert.True(report.Ok > 0, "no 201 in the measured window");
        Assert.Equal([201], report.Statuses.Keys);
        Assert.Empty(report.TransportErrors);
        Assert.NotNull(report.TreeGrowth);
        Assert.True(report.TreeGrowth.Passed, $"tree {report.TreeGrowth}");
        Assert.NotNull(report.Verification);
        Assert.True(report.Verification.Sampled >= 10, $"only {report.Verification.Sampled} answers sampled");
        Assert.True(report.Verification.Passed, string.Join("; ", report.Verification.Failures));
        Assert.True(report.Passed);

        var read = await ReadRun.RunAsync(
            write with { What = ReadTarget.Index, Seconds = 1, Requests = 0, WarmupSeconds = 0 }, TextWriter.Null, CancellationToken.None);

        Assert.True(read.Ok > 0, "no 200 in the read run");
        Assert.Equal([200], read.Statuses.Keys);
        Assert.True(read.Verification?.Passed, string.Join("; ", read.Verification?.Failures ?? []));
    }
}
