using System.Text;

namespace Rekor.Core.Tests.Pki.Jar;

/// <summary>
/// The JDK's real <c>jar</c>, <c>keytool</c> and <c>jarsigner</c>, run in a temporary directory (with a throwaway
/// PKCS#12 keystore) that is deleted on dispose. A machine without them fails the test that needs them, naming the
/// Debian package; nothing is skipped.
/// </summary>
internal sealed class JdkJarSigner : IDisposable
{
    private const string DebianPackage = "default-jdk-headless";
    private const string StorePassword = "changeit";

    private readonly string _directory = Directory.CreateTempSubdirectory("rekor-jar-").FullName;

    private string KeyStore => Path.Combine(_directory, "keystore.p12");

    /// <summary><c>keytool -genkeypair</c>: <paramref name="keyAlgorithm"/> is <c>EC</c> (P-256) or <c>RSA</c> (2048 bits).</summary>
    public void NewKey(string alias, string keyAlgorithm, string distinguishedName = "CN=Rekor test signer, EMAILADDRESS=Signer@Example.com")
    {
        string[] algorithm = keyAlgorithm switch
        {
            "EC" => ["-keyalg", "EC", "-groupname", "secp256r1"],
            "RSA" => ["-keyalg", "RSA", "-keysize", "2048"],
            _ => throw new ArgumentOutOfRangeException(nameof(keyAlgorithm), keyAlgorithm, "EC or RSA"),
        };
        ExternalTool.Run("keytool", DebianPackage, [
            "-genkeypair", "-keystore", KeyStore, "-storetype", "PKCS12", "-storepass", StorePassword, "-keypass", StorePassword,
            "-alias", alias, .. algorithm, "-dname", distinguishedName, "-validity", "2", "-ext", "SAN=email:san@example.com"]);
    }

    /// <summary><c>jar --create</c> of the given files (relative path to content).</summary>
    public byte[] MakeJar(IReadOnlyDictionary<string, string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var root = Path.Combine(_directory, "classes-" + Guid.NewGuid().ToString("N"));
        foreach (var (path, content) in files)
        {
            var file = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, content, Encoding.UTF8);
        }

        var jar = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".jar");
        ExternalTool.Run("jar", DebianPackage, ["--create", "--file", jar, "-C", root, "."]);
        return File.ReadAllBytes(jar);
    }

    /// <summary><c>jarsigner</c> with the key <paramref name="alias"/>: the JAR with one more signer.</summary>
    public byte[] Sign(byte[] jar, string alias)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".jar");
        File.WriteAllBytes(path, jar);
        ExternalTool.Run("jarsigner", DebianPackage, ["-keystore", KeyStore, "-storepass", StorePassword, path, alias]);
        return File.ReadAllBytes(path);
    }

    /// <summary><c>jarsigner -verify</c>: does the JDK itself accept the JAR as signed?</summary>
    public bool JdkVerifies(byte[] jar)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".jar");
        File.WriteAllBytes(path, jar);
        var (exitCode, output) = ExternalTool.Run("jarsigner", DebianPackage, ["-verify", path], throwOnFailure: false);
        return exitCode == 0 && Encoding.UTF8.GetString(output).Contains("jar verified.", StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
