namespace Rekor.Server.Configuration;

/// <summary>
/// Translates the command line into configuration keys of <see cref="RekorServerOptions"/>. Accepts rekor-server's
/// flag names (<see cref="RekorFlags"/>: every flag the sigstore Helm chart renders and every other v1.5.4 flag), our
/// own option names (<c>--Rekor:DataDirectory</c>) and a few of the host's own settings (<c>--urls</c>,
/// <c>--log_format</c>, <c>--log_level</c>), as <c>--name value</c> or <c>--name=value</c>, booleans also bare;
/// scalars are last-wins, string slices append. Like viper, a rekor-server flag not on the command line is taken from
/// the environment (<c>PORT</c>, <c>LOG_TYPE</c>, …), else from the config file (<see cref="ViperConfigFile"/>).
/// Anything unknown is an error, so a typo stops start-up instead of being ignored; flags that have no effect here
/// are returned in <see cref="TranslatedCommandLine.Ignored"/> for one start-up line.
/// </summary>
public static class RekorCommandLine
{
    /// <summary>Flags that set the host's configuration rather than <see cref="RekorServerOptions"/>.</summary>
    private static readonly Dictionary<string, string> HostFlags = new(StringComparer.Ordinal)
    {
        ["urls"] = "urls",
        ["log_format"] = LogFormatKey,
        ["log_level"] = "Logging:LogLevel:Default",

        // What WebApplicationFactory passes to the entry point when a test hosts the server in memory.
        ["environment"] = "environment",
        ["contentRoot"] = "contentRoot",
        ["applicationName"] = "applicationName",
    };

    private const string LogFormatKey = "Logging:Console:FormatterName";

    private const string Prefix = RekorServerOptions.Section + ":";

    /// <summary>The console formats <c>--log_format</c> accepts (ASP.NET Core's formatter names).</summary>
    public static readonly IReadOnlyList<string> LogFormats = ["simple", "json", "systemd"];

    private static readonly HashSet<string> OptionNames = typeof(RekorServerOptions).GetProperties()
        .Where(p => p.CanWrite)
        .Select(p => p.Name)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Translates <paramref name="args"/> with this process's environment and default config file.</summary>
    public static TranslatedCommandLine Translate(IReadOnlyList<string> args) => Translate(args, FlagSources.FromProcess());

    /// <summary>The configuration keys and values the arguments (and <paramref name="sources"/>) set, or the problems with them.</summary>
    public static TranslatedCommandLine Translate(IReadOnlyList<string> args, FlagSources sources)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(sources);
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        var given = ReadArguments(args, settings, problems);

        var file = new Dictionary<string, string>(StringComparer.Ordinal);
        if ((given.TryGetValue("config", out var configPath) ? configPath : sources.DefaultConfigFile()) is { Length: > 0 } path)
        {
            var (values, problem) = ViperConfigFile.Read(path);
            if (problem is not null)
            {
                problems.Add(problem);
            }

            foreach (var key in values.Keys.Where(k => !RekorFlags.IsKnown(k) || k == "config").Order(StringComparer.Ordinal))
            {
                problems.Add($"the config file {path} has an unknown key '{key}'");
            }

            file = values;
        }

        var resolved = new Dictionary<string, (string Value, string Source)>(StringComparer.Ordinal);
        foreach (var flag in RekorFlags.Known.Where(f => f != "config"))
        {
            if (given.TryGetValue(flag, out var value))
            {
                resolved[flag] = (value, "--" + flag);
            }
            else if (!RekorFlags.OwnFlags.Contains(flag) && sources.EnvironmentValue(flag) is { } environmentValue && !IsUnsetList(flag, environmentValue))
            {
                var source = $"the environment variable {flag.ToUpperInvariant()}";
                resolved[flag] = (NameList(flag, environmentValue, source, problems), source);
            }
            else if (file.TryGetValue(flag, out var fileValue))
            {
                resolved[flag] = (NameList(flag, fileValue, null, problems), $"key '{flag}' of the config file");
            }
        }

        var ignored = new List<string>();
        foreach (var (flag, (value, source)) in resolved.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (RekorFlags.Mapped.TryGetValue(flag, out var option))
            {
                if (flag == "trillian_log_server.tlog_id" && value.Contains("$(", StringComparison.Ordinal))
                {
                    problems.Add($"{source} is '{value}': the chart's TREE_ID was not set (Kubernetes leaves an unresolvable $(VAR) as it is); set server.config.treeID or let the createtree job write it");
                    continue;
                }

                settings[Prefix + option] = value;
            }
            else if (RekorFlags.Ignored.Contains(flag))
            {
                ignored.Add("--" + flag);
            }
        }

        if (resolved.TryGetValue("log_type", out var logType) && logType.Value == "prod" && !settings.ContainsKey(LogFormatKey))
        {
            settings[LogFormatKey] = "json";
        }

        if (resolved.TryGetValue("search_index.mysql.conn_max_lifetime", out var lifetime))
        {
            if (GoDuration.TryParse(lifetime.Value, out var duration))
            {
                settings[Prefix + nameof(RekorServerOptions.SearchIndexMySqlConnMaxLifetimeSeconds)] =
                    ((long)Math.Ceiling(duration.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                problems.Add($"{lifetime.Source} is '{lifetime.Value}', not a Go duration such as 30s or 1m30s");
            }
        }

        SearchIndexPool(resolved, "max_open_connections", nameof(RekorServerOptions.SearchIndexMySqlMaxOpenConnections), settings, problems);
        SearchIndexPool(resolved, "max_idle_connections", nameof(RekorServerOptions.SearchIndexMySqlMaxIdleConnections), settings, problems);
        return new TranslatedCommandLine(settings, problems, ignored);
    }

    /// <summary>
    /// Reads the tokens: rekor-server flags into the returned map (last wins, slices append), host flags and
    /// <c>--Rekor:Option</c> names straight into <paramref name="settings"/>. A positional <c>serve</c> (cobra's
    /// subcommand, wherever it stands) is skipped once.
    /// </summary>
    private static Dictionary<string, string> ReadArguments(IReadOnlyList<string> args, Dictionary<string, string?> settings, List<string> problems)
    {
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        var sawServe = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "serve" && !sawServe)
            {
                sawServe = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) && !(arg.StartsWith('-') && arg.Length > 1 && !char.IsDigit(arg[1])))
            {
                problems.Add($"unexpected argument '{arg}': options are written --name value or --name=value");
                continue;
            }

            var body = arg.TrimStart('-');
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            var name = equals >= 0 ? body[..equals] : body;
            string? value = equals >= 0 ? body[(equals + 1)..] : null;
            var isFlag = RekorFlags.IsKnown(name);
            var key = isFlag ? null : KeyFor(name);
            if (!isFlag && key is null)
            {
                problems.Add($"unknown option '--{name}': not a rekor-server flag this server knows, a host setting ({string.Join(", ", HostFlags.Keys.Take(3).Select(k => "--" + k))}) or --Rekor:<Option>");
                continue;
            }

            if (value is null)
            {
                if (RekorFlags.Booleans.Contains(name) && (i + 1 >= args.Count || !bool.TryParse(args[i + 1], out _)))
                {
                    value = "true";
                }
                else if (i + 1 < args.Count)
                {
                    value = args[++i];
                }
                else
                {
                    problems.Add($"option '--{name}' needs a value");
                    continue;
                }
            }

            if (isFlag)
            {
                // pflag: a repeated slice flag appends, and an empty value adds no name.
                given[name] = RekorFlags.Slices.Contains(name) && given.TryGetValue(name, out var earlier)
                    ? string.Join(',', new[] { earlier, value }.Where(v => v.Length > 0))
                    : value;
                continue;
            }

            if (name == "log_format" && !LogFormats.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"log_format '{value}' is not one of {string.Join(", ", LogFormats)}");
                continue;
            }

            settings[key!] = value;
        }

        return given;
    }

    /// <summary>
    /// A name-list flag's value from the environment or the config file, as viper reads a list there: split at
    /// whitespace (cast's <c>ToStringSlice</c> of a string), not at commas; returned comma-separated like the command
    /// line's. A comma in an environment value is a problem, since rekor-server would read one unknown name there
    /// (<paramref name="environmentSource"/> names the variable; null for the config file, whose YAML lists arrive
    /// comma-joined). Other flags' values are returned as they are.
    /// </summary>
    /// <summary>Viper takes an empty variable for an unset one; for a name list that means the default (all), not none.</summary>
    private static bool IsUnsetList(string flag, string value) => value.Length == 0 && flag is "enabled_api_endpoints" or "enabled_entry_types";

    private static string NameList(string flag, string value, string? environmentSource, List<string> problems)
    {
        if (flag is not ("enabled_api_endpoints" or "enabled_entry_types"))
        {
            return value;
        }

        if (environmentSource is not null && value.Contains(',', StringComparison.Ordinal))
        {
            problems.Add($"{environmentSource} is '{value}': rekor-server splits a list in the environment at spaces, not commas (so it would read one unknown name); separate the names with spaces");
        }

        return string.Join(',', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// The search index's one MySQL pool from rekor-server's two (read and write, which add up) or from the
    /// deprecated total (taken whole: upstream splits it 70/30 between the two pools). 0 (Go's "unlimited") keeps
    /// this server's default.
    /// </summary>
    private static void SearchIndexPool(Dictionary<string, (string Value, string Source)> resolved, string suffix, string option, Dictionary<string, string?> settings, List<string> problems)
    {
        int? Read(string flag)
        {
            if (!resolved.TryGetValue(flag, out var given))
            {
                return null;
            }

            if (int.TryParse(given.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count))
            {
                return count;
            }

            problems.Add($"{given.Source} is '{given.Value}', not a connection count");
            return null;
        }

        var read = Read("search_index.mysql.read." + suffix);
        var write = Read("search_index.mysql.write." + suffix);
        var total = Read("search_index.mysql." + suffix);
        var connections = read is not null || write is not null ? (read ?? 0) + (write ?? 0) : total;
        if (connections is > 0)
        {
            settings[Prefix + option] = connections.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static string? KeyFor(string name)
    {
        if (HostFlags.TryGetValue(name, out var hostKey))
        {
            return hostKey;
        }

        if (name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && OptionNames.Contains(name[Prefix.Length..]))
        {
            return Prefix + name[Prefix.Length..];
        }

        return null;
    }
}
