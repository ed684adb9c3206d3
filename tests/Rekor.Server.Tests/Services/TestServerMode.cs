namespace Rekor.Server.Tests.Services;

/// <summary>
/// Which server the process-based suites (<see cref="Api.RunningServer"/>) start: by default the build output with the
/// tests' own arguments; with <c>REKOR_TEST_SERVER=chart</c> the image's application (<see cref="Deploy.PublishedApp"/>,
/// published once per test process) with the image's ENV and the sigstore Helm chart's default argument list in front
/// of the tests' own (<see cref="Chart.ChartArguments"/>). Independent of <see cref="TestBackend"/>: the store and the
/// search index are chosen by its variables in either mode. Invariant: read here only; any other value is an error, so
/// a misspelt mode cannot silently run the default one.
/// </summary>
internal static class TestServerMode
{
    public const string Variable = "REKOR_TEST_SERVER";

    public static bool IsChart { get; } = Environment.GetEnvironmentVariable(Variable) switch
    {
        null or "" => false,
        var value when string.Equals(value, "chart", StringComparison.OrdinalIgnoreCase) => true,
        var value => throw new InvalidOperationException($"{Variable} is '{value}': leave it unset, or set it to 'chart'"),
    };
}
