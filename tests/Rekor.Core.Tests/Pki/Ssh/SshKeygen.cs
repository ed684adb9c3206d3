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

    private static int Run(string[] arguments, byte[]? input = null, bool throwOnFailure = true) =>
        ExternalTool.Run("ssh-keygen", "openssh-client", arguments, input, throwOnFailure).ExitCode;

    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);
}
