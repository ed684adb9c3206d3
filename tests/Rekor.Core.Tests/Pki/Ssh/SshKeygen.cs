using System.Diagnostics;
using System.Text;

namespace Rekor.Core.Tests.Pki.Ssh;

/// <summary>
/// Runs the real <c>ssh-keygen</c> in a temporary directory that is deleted on dispose. A machine without it fails the
/// test that needs it, saying so; nothing is skipped.
/// </summary>
internal sealed class SshKeygen : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rekor-ssh-").FullName;

    /// <summary>Makes a key with no passphrase; <paramref name="type"/> and <paramref name="extra"/> are ssh-keygen's <c>-t</c> and further options.</summary>
    public string NewKey(string type, string comment = "", params string[] extra)
    {
        var path = Path.Combine(_directory, $"key-{Guid.NewGuid():N}");
        Run(["-q", "-t", type, "-N", "", "-C", comment, "-f", path, .. extra]);
        return path;
    }

    public static byte[] PublicKeyLine(string keyPath) => File.ReadAllBytes(keyPath + ".pub");

    /// <summary><c>ssh-keygen -Y sign</c> of <paramref name="content"/>; returns the armored signature.</summary>
    public byte[] Sign(string keyPath, byte[] content, string ns = "file", string? hashAlgorithm = null)
    {
        var artifact = Path.Combine(_directory, $"artifact-{Guid.NewGuid():N}");
        File.WriteAllBytes(artifact, content);
        string[] options = hashAlgorithm is null ? [] : ["-O", "hashalg=" + hashAlgorithm];
        Run(["-Y", "sign", "-f", keyPath, "-n", ns, .. options, artifact]);
        return File.ReadAllBytes(artifact + ".sig");
    }

    /// <summary><c>ssh-keygen -Y check-novalidate</c>: does OpenSSH itself accept the signature?</summary>
    public bool OpenSshAccepts(byte[] signature, byte[] content, string ns = "file")
    {
        var signaturePath = Path.Combine(_directory, $"sig-{Guid.NewGuid():N}");
        File.WriteAllBytes(signaturePath, signature);
        return Run(["-Y", "check-novalidate", "-n", ns, "-s", signaturePath], content, throwOnFailure: false) == 0;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static int Run(string[] arguments, byte[]? input = null, bool throwOnFailure = true)
    {
        var start = new ProcessStartInfo("ssh-keygen")
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

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("ssh-keygen did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("ssh-keygen (OpenSSH) is needed by these tests and was not found on PATH: " + e.Message, e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (input is not null)
            {
                process.StandardInput.BaseStream.Write(input);
            }

            process.StandardInput.Close();
            process.WaitForExit();
            if (throwOnFailure && process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"ssh-keygen {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}{stdout.Result}");
            }

            return process.ExitCode;
        }
    }

    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);
}
