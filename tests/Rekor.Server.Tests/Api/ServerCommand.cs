using System.Diagnostics;
using System.Globalization;
using Rekor.Server.Tests.Chart;
using Rekor.Server.Tests.Services;

namespace Rekor.Server.Tests.Api;

/// <summary>
/// The command line and environment of a <see cref="RunningServer"/> process. The binary is the build output, or in
/// chart mode (<see cref="TestServerMode"/>) the image's published application with the image's ENV and working
/// directory. The arguments are either the tests' own (ports, data directory, backend, extra), or with
/// <paramref name="chartMounts"/> the chart's list first (<see cref="ChartArguments"/>), then the ports, the backend's
/// flags and the test's own (the chart's <c>server.extraArgs</c>), and the loopback bind last; the data directory then
/// comes as the image gives it, through <c>Rekor__DataDirectory</c> (the chart passes no <c>--data_directory</c>).
/// Invariant: a test's own flags always come after the chart's, so they win (the server reads last wins).
/// </summary>
internal static class ServerCommand
{
    /// <summary>The server's entry point in this mode (the chart mode's first call publishes, about a minute).</summary>
    public static async Task<(string Dll, IReadOnlyDictionary<string, string> Environment)> BinaryAsync()
    {
        if (!TestServerMode.IsChart)
        {
            return (Path.Combine(AppContext.BaseDirectory, "Rekor.Server.dll"), new Dictionary<string, string>());
        }

        var app = await Deploy.PublishedApp.SharedAsync();
        return (app.Dll, app.Environment);
    }

    public static async Task<ProcessStartInfo> CreateAsync(
        int port,
        int metricsPort,
        string dataDirectory,
        ChartMounts? chartMounts,
        IReadOnlyList<string> backendArguments,
        IReadOnlyList<string> extraArguments,
        IReadOnlyDictionary<string, string> extraEnvironment)
    {
        var (dll, imageEnvironment) = await BinaryAsync();
        string[] ports = ["--port", port.ToString(CultureInfo.InvariantCulture), "--metrics_port", metricsPort.ToString(CultureInfo.InvariantCulture)];
        string[] arguments = chartMounts is null
            ? [dll, .. ports, "--data_directory", dataDirectory, .. backendArguments, .. extraArguments]
            : [dll, .. ChartArguments.Render(chartMounts), .. ports, .. backendArguments, .. extraArguments, ChartArguments.LoopbackBind];
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The image's WORKDIR is its /app; the build output runs where the tests run, as before.
            WorkingDirectory = TestServerMode.IsChart ? Path.GetDirectoryName(dll)! : string.Empty,
        };
        foreach (var (name, value) in imageEnvironment)
        {
            start.Environment[name] = value;
        }

        if (chartMounts is not null)
        {
            start.Environment["Rekor__DataDirectory"] = dataDirectory;
        }

        foreach (var (name, value) in extraEnvironment)
        {
            start.Environment[name] = value;
        }

        return start;
    }
}
