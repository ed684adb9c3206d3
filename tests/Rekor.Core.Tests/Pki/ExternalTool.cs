using System.ComponentModel;
using System.Diagnostics;

namespace Rekor.Core.Tests.Pki;

/// <summary>
/// Runs a real command-line tool (ssh-keygen, minisign, gpg) for the tests that check our formats against what the
/// tools make. A missing tool fails the test that needs it, naming the Debian package; nothing is skipped.
/// </summary>
internal static class ExternalTool
{
    /// <summary>
    /// Runs <paramref name="tool"/> to completion and returns its exit code and standard output (bytes: gpg writes
    /// binary packets there); a non-zero exit throws, with the tool's standard error, unless <paramref name="throwOnFailure"/> is false.
    /// </summary>
    public static (int ExitCode, byte[] Output) Run(
        string tool, string debianPackage, IEnumerable<string> arguments, byte[]? input = null, bool throwOnFailure = true,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{tool} (Debian package {debianPackage}) is needed by these tests and was not found on PATH: {e.Message}", e);
        }

        using (process)
        {
            using var stdout = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
            var stderr = process.StandardError.ReadToEndAsync();
            if (input is not null)
            {
                process.StandardInput.BaseStream.Write(input);
            }

            process.StandardInput.Close();
            process.WaitForExit();
            copy.Wait();
            if (throwOnFailure && process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"{tool} {string.Join(' ', start.ArgumentList)} exited {process.ExitCode}: {stderr.Result}{System.Text.Encoding.UTF8.GetString(stdout.ToArray())}");
            }

            return (process.ExitCode, stdout.ToArray());
        }
    }
}
