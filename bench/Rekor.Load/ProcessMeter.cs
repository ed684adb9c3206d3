using System.Diagnostics;
using System.Globalization;

namespace Rekor.Load;

/// <summary>CPU time used by this process and, when given, the server's, read at the edges of the measured window.</summary>
internal sealed class ProcessMeter
{
    private readonly Process _self = Process.GetCurrentProcess();
    private readonly int? _serverPid;

    /// <summary>
    /// <paramref name="serverPid"/> may name <c>dotnet run</c> rather than the server it started: a process whose
    /// command line has a "run" argument and exactly one child that is not a build server (MSBuild, the compiler
    /// server) is replaced by that child, the server.
    /// </summary>
    public ProcessMeter(int? serverPid)
    {
        _serverPid = serverPid is { } pid ? ResolveServer(pid) : null;
    }

    public int? ServerPid => _serverPid;

    /// <summary>This process's CPU time and the server's (null when not measured), user plus system.</summary>
    public (TimeSpan Self, TimeSpan? Server) CpuNow()
    {
        _self.Refresh();
        return (_self.TotalProcessorTime, _serverPid is { } pid ? ServerCpu(pid) : null);
    }

    /// <summary>The server's resident and peak resident memory in bytes (VmRSS, VmHWM of /proc/P/status).</summary>
    public (long Resident, long Peak)? ServerMemory()
    {
        if (_serverPid is not { } pid)
        {
            return null;
        }

        long resident = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                resident = Kilobytes(line) * 1024;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line) * 1024;
            }
        }

        return (resident, peak);
    }

    /// <summary>
    /// utime + stime of /proc/P/stat (fields 14 and 15, counted after the parenthesised command name, which may hold
    /// spaces), in clock ticks of 1/100 s: USER_HZ is 100 on every Linux ABI .NET runs on.
    /// </summary>
    private static TimeSpan ServerCpu(int pid)
    {
        const int TicksPerSecond = 100;
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state), so utime (field 14) is fields[11] and stime (field 15) fields[12].
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((double)ticks / TicksPerSecond);
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private static int ResolveServer(int pid)
    {
        var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
        if (!arguments.Contains("run"))
        {
            return pid;
        }

        var children = Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), CultureInfo.InvariantCulture, out var p) ? p : 0)
            .Where(p => p > 0 && ParentOf(p) == pid && !IsBuildServer(p))
            .ToList();
        return children.Count == 1 ? children[0] : pid;
    }

    private static bool IsBuildServer(int pid)
    {
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
            return commandLine.Contains("MSBuild", StringComparison.Ordinal) || commandLine.Contains("VBCSCompiler", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static int ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
