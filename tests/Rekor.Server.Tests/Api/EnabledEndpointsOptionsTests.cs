using Microsoft.Extensions.Configuration;
using Rekor.Server.Api;
using Rekor.Server.Configuration;

namespace Rekor.Server.Tests.Api;

/// <summary>
/// <c>enabled_api_endpoints</c> and <c>enabled_entry_types</c> as rekor-server reads them: pflag string slices on the
/// command line (comma-separated, repeatable), whitespace-separated in the environment (viper), all by default; an
/// unknown name stops start-up; <c>enable_retrieve_api</c> (default true) keeps <c>searchIndex</c> on.
/// </summary>
public sealed class EnabledEndpointsOptionsTests
{
    private static readonly string[] AllKinds = ["alpine", "cose", "dsse", "hashedrekord", "helm", "intoto", "jar", "rekord", "rfc3161", "rpm", "tuf"];

    private static RekorServerOptions Options(IReadOnlyList<string> args, Dictionary<string, string>? environment = null)
    {
        var translated = RekorCommandLine.Translate(args, new FlagSources(environment ?? [], null, null));
        Assert.Empty(translated.Problems);
        return new RekorServerOptions
        {
            EnabledApiEndpoints = translated.Settings.GetValueOrDefault("Rekor:EnabledApiEndpoints"),
            EnabledEntryTypes = translated.Settings.GetValueOrDefault("Rekor:EnabledEntryTypes"),
            EnableRetrieveApi = !translated.Settings.TryGetValue("Rekor:EnableRetrieveApi", out var retrieve) || bool.Parse(retrieve!),
        };
    }

    [Fact]
    public void By_default_every_endpoint_and_every_kind_is_enabled()
    {
        var options = Options([]);

        Assert.Equal(ApiEndpoints.OperationIds.Order(StringComparer.Ordinal), options.EnabledOperations.Order(StringComparer.Ordinal));
        Assert.Equal(AllKinds, options.EnabledKinds.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(options.Problems(), p => p.Contains("enabled_", StringComparison.Ordinal));
    }

    [Fact]
    public void The_flags_are_comma_separated_and_repeated_flags_append()
    {
        var options = Options(["--enabled_api_endpoints=getLogInfo,getPublicKey", "--enabled_api_endpoints", "createLogEntry", "--enable_retrieve_api=false",
            "--enabled_entry_types", "hashedrekord", "--enabled_entry_types=dsse,intoto"]);

        Assert.Equal(["createLogEntry", "getLogInfo", "getPublicKey"], options.EnabledOperations.Order(StringComparer.Ordinal));
        Assert.Equal(["dsse", "hashedrekord", "intoto"], options.EnabledKinds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_deprecated_enable_retrieve_api_keeps_searchIndex_on_unless_it_is_false_too()
    {
        Assert.Contains(ApiEndpoints.SearchIndex, Options(["--enabled_api_endpoints=getLogInfo"]).EnabledOperations);
        Assert.DoesNotContain(ApiEndpoints.SearchIndex, Options(["--enabled_api_endpoints=getLogInfo", "--enable_retrieve_api=false"]).EnabledOperations);

        // And false alone does not turn it off: the default list names it.
        Assert.Contains(ApiEndpoints.SearchIndex, Options(["--enable_retrieve_api=false"]).EnabledOperations);
    }

    [Fact]
    public void An_empty_list_enables_nothing()
    {
        var options = Options(["--enabled_api_endpoints=", "--enable_retrieve_api=false", "--enabled_entry_types="]);

        Assert.Empty(options.EnabledOperations);
        Assert.Empty(options.EnabledKinds);
        Assert.DoesNotContain(options.Problems(), p => p.Contains("enabled_", StringComparison.Ordinal));
    }

    [Fact]
    public void The_environment_gives_a_whitespace_separated_list_and_an_empty_variable_is_unset()
    {
        var options = Options([], new Dictionary<string, string> { ["ENABLED_API_ENDPOINTS"] = "getLogInfo  getLogProof", ["ENABLED_ENTRY_TYPES"] = "" });

        Assert.Equal(["getLogInfo", "getLogProof", "searchIndex"], options.EnabledOperations.Order(StringComparer.Ordinal));
        Assert.Equal(AllKinds, options.EnabledKinds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_comma_in_the_environment_is_refused_as_rekor_would_read_one_unknown_name()
    {
        var translated = RekorCommandLine.Translate([], new FlagSources(new Dictionary<string, string> { ["ENABLED_ENTRY_TYPES"] = "rekord,dsse" }, null, null));

        Assert.Contains("the environment variable ENABLED_ENTRY_TYPES is 'rekord,dsse': rekor-server splits a list in the environment at spaces", Assert.Single(translated.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_file_list_is_read()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("rekor-server.yaml");
        File.WriteAllText(path, "enabled_api_endpoints:\n  - getLogInfo\n  - createLogEntry\nenabled_entry_types: hashedrekord dsse\n");

        var options = Options(["--config", path, "--enable_retrieve_api=false"]);

        Assert.Equal(["createLogEntry", "getLogInfo"], options.EnabledOperations.Order(StringComparer.Ordinal));
        Assert.Equal(["dsse", "hashedrekord"], options.EnabledKinds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_unknown_name_is_a_start_up_problem_naming_it_and_the_known_ones()
    {
        var options = new RekorServerOptions { EnabledApiEndpoints = "getLogInfo,getLogInfos, getPublicKey", EnabledEntryTypes = "hashedrekord,rekord2" };

        var problems = options.Problems();

        Assert.Contains("enabled_api_endpoints: Unknown API endpoint requested: 'getLogInfos'; the API endpoints (operation IDs of openapi.yaml) are searchIndex, getLogInfo, getPublicKey, getLogProof, createLogEntry, getLogEntryByIndex, getLogEntryByUUID, searchLogQuery", problems);

        // pflag does not trim: " getPublicKey" is not a name.
        Assert.Contains(problems, p => p.StartsWith("enabled_api_endpoints: Unknown API endpoint requested: ' getPublicKey'", StringComparison.Ordinal));
        Assert.Contains("invalid --enabled_entry_types flag: unknown entry type \"rekord2\"; compiled-in types are: " + string.Join(", ", AllKinds), problems);
    }

    [Fact]
    public void The_binder_keeps_an_empty_list_apart_from_an_unset_one()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Rekor:EnabledApiEndpoints"] = "", ["Rekor:EnableRetrieveApi"] = "false" })
            .Build();

        var options = configuration.GetSection(RekorServerOptions.Section).Get<RekorServerOptions>()!;

        Assert.Equal(string.Empty, options.EnabledApiEndpoints);
        Assert.Empty(options.EnabledOperations);
        Assert.Null(options.EnabledEntryTypes);
    }
}
