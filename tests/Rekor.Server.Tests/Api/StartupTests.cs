using System.Diagnostics;

namespace Rekor.Server.Tests.Api;

/// <summary>An unknown or invalid setting stops start-up with a message that names it.</summary>
public sealed class StartupTests
{
    [Theory]
    [InlineData("--rekor_server.adress=127.0.0.1", "unknown option '--rekor_server.adress'")]
    [InlineData("--port=70000", "port 70000 is not a TCP port")]
    [InlineData("--search_index.storage_provider=cassandra", "'cassandra' is not supported")]
    [InlineData("--port=abc", "abc")]
    [InlineData("--log_format=xml", "log_format 'xml' is not one of simple, json, systemd")]
    [InlineData("--urls=https://127.0.0.1:8443", "no TLS")]
    [InlineData("--rekor_server.address=example.com", "'example.com' is not an IP address")]
    [InlineData("--attestation_storage_bucket=gs://bucket", "attestation_storage_bucket 'gs://bucket' is not supported: give file:///absolute/path")]
    [InlineData("--max_attestation_size=-1", "max_attestation_size must not be negative")]
    [InlineData("--enabled_api_endpoints=getLogInfo,getLogEntry", "enabled_api_endpoints: Unknown API endpoint requested: 'getLogEntry'")]
    [InlineData("--enabled_entry_types=hashedrekord,x509", "invalid --enabled_entry_types flag: unknown entry type \"x509\"; compiled-in types are: alpine, cose")]
    public async Task A_bad_setting_stops_start_up_with_a_clear_message(string argument, string message)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Rekor.Server.dll"), argument, "--data_directory", Path.GetTempPath()])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains(message, errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_that_cannot_be_opened_is_a_failed_start_with_its_reason()
    {
        // The log is opened before anything listens, so the ports are never bound (metrics off, any valid API port).
        using var directory = new TemporaryDirectory();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Rekor.Server.dll"), "--data_directory", directory.Path, "--port", "1", "--metrics_port", "0",
            "--rekor_server.signer", directory.File("missing.pem")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await output;
        await process.WaitForExitAsync();

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("rekor-server: couldn't start: couldn't open the signing key", errors, StringComparison.Ordinal);
    }
}
