namespace Rekor.Core.Tests.Pki.Minisign;

/// <summary>
/// Runs the real <c>minisign</c> in a temporary directory that is deleted on dispose: one password-less key pair made
/// on construction, then signatures in the default (prehashed, <c>ED</c>) or legacy (<c>-l</c>, <c>Ed</c>) mode.
/// </summary>
internal sealed class MinisignTool : IDisposable
{
    private static readonly string[] LegacyMode = ["-l"];

    private readonly string _directory = Directory.CreateTempSubdirectory("rekor-minisign-").FullName;

    public MinisignTool()
    {
        Run(["-G", "-W", "-p", PublicKeyPath, "-s", SecretKeyPath]);
    }

    /// <summary>The public key file as minisign writes it (comment line, base64 line).</summary>
    public byte[] PublicKeyFile => File.ReadAllBytes(PublicKeyPath);

    private string PublicKeyPath => Path.Combine(_directory, "key.pub");

    private string SecretKeyPath => Path.Combine(_directory, "key.sec");

    /// <summary>Signs <paramref name="content"/>; returns the signature file's bytes.</summary>
    public byte[] Sign(byte[] content, bool legacy = false)
    {
        var artifact = Path.Combine(_directory, $"artifact-{Guid.NewGuid():N}");
        File.WriteAllBytes(artifact, content);
        Run(["-S", .. legacy ? LegacyMode : [], "-s", SecretKeyPath, "-m", artifact, "-x", artifact + ".minisig"]);
        return File.ReadAllBytes(artifact + ".minisig");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static void Run(string[] arguments) => ExternalTool.Run("minisign", "minisign", arguments);
}
