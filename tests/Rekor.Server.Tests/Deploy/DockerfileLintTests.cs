using System.Text.Json;
using System.Text.RegularExpressions;

namespace Rekor.Server.Tests.Deploy;

/// <summary>
/// Lint rules for deploy/Dockerfile, checked in C# (hadolint is not in Debian's archive). Each rule is one fact the
/// chart or the deployment guide relies on: two stages, a pinned runtime base, uid 65533 numeric, the server as an
/// exec-form ENTRYPOINT, the chart's ports, no secrets, root-owned application files.
/// </summary>
public sealed partial class DockerfileLintTests
{
    private const string ChartUid = "65533";

    private static readonly IReadOnlyList<DockerfileInstruction> Instructions = DockerfileParser.Parse(File.ReadAllText(DeployFiles.Dockerfile));

    private static int FinalStage => Instructions.Max(i => i.Stage);

    private static IEnumerable<DockerfileInstruction> Final(string keyword) =>
        Instructions.Where(i => i.Stage == FinalStage && i.Keyword == keyword);

    [Fact]
    public void Every_instruction_has_a_known_keyword_and_follows_a_FROM()
    {
        string[] known = ["FROM", "RUN", "COPY", "ENV", "ARG", "LABEL", "EXPOSE", "VOLUME", "USER", "WORKDIR", "ENTRYPOINT", "CMD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"];
        Assert.All(Instructions, i => Assert.Contains(i.Keyword, known));
        Assert.All(Instructions.Where(i => i.Keyword != "ARG"), i => Assert.True(i.Stage >= 0, $"line {i.Line}: {i.Keyword} before the first FROM"));
    }

    [Fact]
    public void Is_multi_stage_sdk_build_then_aspnet_runtime()
    {
        var froms = Instructions.Where(i => i.Keyword == "FROM").ToList();
        Assert.True(froms.Count >= 2, "one stage builds, another runs");
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", froms[0].Arguments, StringComparison.Ordinal);
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/aspnet:10\.0(-[a-z0-9.-]+)?(@sha256:[0-9a-f]{64})?(\s|$)", froms[^1].Arguments);
        Assert.Contains(Final("COPY"), c => c.Arguments.Contains("--from=build", StringComparison.Ordinal));
    }

    [Fact]
    public void Base_images_are_tagged_and_never_latest()
    {
        foreach (var from in Instructions.Where(i => i.Keyword == "FROM"))
        {
            var image = from.ArgumentsWithoutFlags.Split(' ')[0];
            var name = image.Split('@')[0];
            Assert.True(name.LastIndexOf(':') > name.LastIndexOf('/'), $"line {from.Line}: {image} has no tag");
            Assert.DoesNotMatch(":latest(@|$)", image);
        }
    }

    [Fact]
    public void Final_stage_runs_as_numeric_uid_and_gid_65533()
    {
        var user = Assert.Single(Final("USER")).Arguments;
        Assert.Matches(@"^\d+(:\d+)?$", user);
        Assert.Equal(ChartUid, user.Split(':')[0]);
        Assert.Equal(ChartUid, user.Split(':').Last());
        var last = Instructions.Last(i => i.Stage == FinalStage && i.Keyword is "USER" or "RUN");
        Assert.Equal("USER", last.Keyword); // nothing runs as root after the switch
    }

    [Fact]
    public void Files_come_from_COPY_and_never_from_ADD()
    {
        // ADD fetches URLs and unpacks archives implicitly; COPY does neither (hadolint DL3020).
        Assert.DoesNotContain(Instructions, i => i.Keyword == "ADD");
        Assert.DoesNotContain(Instructions, i => Regex.IsMatch(i.Arguments, @"(curl|wget)\s+.*https?://"));
    }

    [Fact]
    public void Application_is_owned_by_root_and_read_only()
    {
        var copy = Assert.Single(Final("COPY"), c => c.ArgumentsWithoutFlags.EndsWith(" /app", StringComparison.Ordinal));
        Assert.Contains("--chown=0:0", copy.Arguments, StringComparison.Ordinal);
        Assert.Matches(@"--chmod=0?555\b", copy.Arguments);
    }

    [Fact]
    public void Entrypoint_is_the_server_in_exec_form_so_args_start_with_serve()
    {
        var entrypoint = Assert.Single(Final("ENTRYPOINT"));
        Assert.True(entrypoint.IsExecForm, "a shell-form ENTRYPOINT would swallow the chart's args");
        Assert.Equal(["dotnet", "/app/Rekor.Server.dll"], JsonSerializer.Deserialize<string[]>(entrypoint.Arguments)!);
        var cmd = Assert.Single(Final("CMD"));
        Assert.True(cmd.IsExecForm);
        Assert.Equal(["serve"], JsonSerializer.Deserialize<string[]>(cmd.Arguments)!);
        Assert.DoesNotContain(Instructions, i => i.Keyword is "RUN" or "ENTRYPOINT" or "CMD" && i.Arguments.Contains("sudo", StringComparison.Ordinal));
    }

    [Fact]
    public void Exposes_the_api_and_metrics_ports()
    {
        var ports = Final("EXPOSE").SelectMany(e => e.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(p => p.Split('/')[0]).ToList();
        Assert.Contains("3000", ports);
        Assert.Contains("2112", ports);
    }

    [Fact]
    public void Data_and_attestation_directories_are_volumes_and_the_data_directory_is_configured()
    {
        var volumes = string.Join(' ', Final("VOLUME").Select(v => v.Arguments));
        Assert.Contains("\"/var/run/rekor\"", volumes, StringComparison.Ordinal);
        Assert.Contains("\"/var/run/attestations\"", volumes, StringComparison.Ordinal);
        var environment = FinalEnvironment();
        Assert.Equal("/var/run/rekor", environment["Rekor__DataDirectory"]);
        Assert.Equal("0", environment["DOTNET_EnableDiagnostics"]); // no IPC socket in a read-only /tmp
        Assert.True(environment.ContainsKey("HOME"));
        Assert.Contains(Final("RUN"), r => r.Arguments.Contains($"chown {ChartUid}:{ChartUid} /var/run/rekor /var/run/attestations", StringComparison.Ordinal));
    }

    [Fact]
    public void No_secret_is_baked_into_ENV_ARG_or_LABEL()
    {
        foreach (var instruction in Instructions.Where(i => i.Keyword is "ENV" or "ARG" or "LABEL"))
        {
            Assert.DoesNotMatch(SecretName(), instruction.Arguments);
        }

        Assert.DoesNotContain(Instructions, i => i.Arguments.Contains("--build-arg", StringComparison.Ordinal));
    }

    [Fact]
    public void The_publish_is_Release_to_app_with_declared_properties()
    {
        var publish = DockerPublishCommand.Read(Instructions);
        Assert.Equal("Rekor.Server/Rekor.Server.csproj", publish.Project);
        Assert.Equal("Release", publish.Configuration);
        Assert.Equal("/app", publish.Output);
        Assert.Contains("UseAppHost=false", publish.Properties);
        Assert.All(publish.Properties, p => Assert.Matches("^[A-Za-z][A-Za-z0-9_]*=[^ ]+$", p));
    }

    /// <summary>ENV of the final stage as NAME=value pairs (values here have no spaces; an empty value is allowed).</summary>
    private static Dictionary<string, string> FinalEnvironment() =>
        Final("ENV").SelectMany(e => e.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.Ordinal);

    [GeneratedRegex(@"(?i)(pass(word|wd)?|secret|token|api_?key|private_?key|credential)[A-Za-z0-9_]*\s*=")]
    private static partial Regex SecretName();
}
