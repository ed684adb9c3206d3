using System.Reflection;

namespace Rekor.Server.Hosting;

/// <summary>rekor-server's <c>version</c> subcommand: one line naming the server and its build version, exit code 0.</summary>
public static class VersionCommand
{
    public static string Line()
    {
        var assembly = typeof(VersionCommand).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "unknown";
        return $"rekor-server (Rekor.Server, .NET) version {version}";
    }
}
