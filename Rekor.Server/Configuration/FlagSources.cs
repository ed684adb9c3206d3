namespace Rekor.Server.Configuration;

/// <summary>
/// Where rekor-server flag values come from besides the command line, as viper reads them: the environment
/// (a variable named like the flag, upper-cased, dots kept: <c>PORT</c>, <c>LOG_TYPE</c>,
/// <c>REKOR_SERVER.ADDRESS</c>) and the config file (<c>--config</c>, else <c>rekor-server.yaml</c> in the home
/// directory, else in the working directory). Precedence: command line, then environment, then file, then default.
/// </summary>
/// <param name="Environment">The process environment (only variables named like a known flag are ever read).</param>
/// <param name="HomeDirectory">Where <c>rekor-server.yaml</c> is looked for first; null when there is no home.</param>
/// <param name="WorkingDirectory">Where it is looked for next; null to skip.</param>
public sealed record FlagSources(IReadOnlyDictionary<string, string> Environment, string? HomeDirectory, string? WorkingDirectory)
{
    /// <summary>The base name viper looks for (<c>SetConfigName("rekor-server")</c>).</summary>
    public const string ConfigFileName = "rekor-server";

    /// <summary>No environment and no default config file: the command line alone.</summary>
    public static FlagSources None { get; } = new(new Dictionary<string, string>(), null, null);

    /// <summary>This process's environment, home and working directory.</summary>
    public static FlagSources FromProcess()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry variable in System.Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string name && variable.Value is string value)
            {
                environment[name] = value;
            }
        }

        var home = System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile, System.Environment.SpecialFolderOption.DoNotVerify);
        return new(environment, home.Length > 0 ? home : null, System.Environment.CurrentDirectory);
    }

    /// <summary>The environment's value for <paramref name="flag"/>, if a variable of its upper-cased name is set.</summary>
    public string? EnvironmentValue(string flag) =>
        Environment.TryGetValue(flag.ToUpperInvariant(), out var value) ? value : null;

    /// <summary>The default config file viper would find (home first, then the working directory), or null.</summary>
    public string? DefaultConfigFile()
    {
        foreach (var directory in new[] { HomeDirectory, WorkingDirectory })
        {
            if (directory is null)
            {
                continue;
            }

            foreach (var extension in new[] { ".yaml", ".yml" })
            {
                var path = Path.Combine(directory, ConfigFileName + extension);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        return null;
    }
}
