using Rekor.Core.Tests.Pki;
using Rekor.Core.Tests.Pki.Pgp;

namespace Rekor.Core.Tests.Types.Rpm;

/// <summary>
/// Makes real RPM packages with Debian's <c>rpm</c> package (rpmbuild 4.18, rpmsign) in a throwaway directory deleted on
/// dispose: a minimal spec with no build step and no files, built with <c>rpmbuild -bb</c> and signed with
/// <c>rpmsign --addsign</c> through the real gpg of a <see cref="Gpg"/> home. A machine without the tools fails the test,
/// naming the package; nothing is skipped.
/// </summary>
internal sealed class RpmTool : IDisposable
{
    private readonly string _top = Directory.CreateTempSubdirectory("rekor-rpm-").FullName;

    /// <summary>Builds an unsigned noarch package; an epoch of null leaves the tag out (readers then say 0).</summary>
    public byte[] Build(string name = "rekor-test", string version = "1.2", string release = "3", int? epoch = 4)
    {
        var specs = Directory.CreateDirectory(Path.Combine(_top, "SPECS")).FullName;
        var spec = Path.Combine(specs, name + ".spec");
        var epochLine = epoch is null ? "" : $"Epoch: {epoch}\n";
        File.WriteAllText(spec, $"Name: {name}\nVersion: {version}\nRelease: {release}\n{epochLine}Summary: a test package\nLicense: MIT\nBuildArch: noarch\n%description\nA package made by the tests.\n%files\n");
        ExternalTool.Run("rpmbuild", "rpm", ["-bb", "--define", "_topdir " + _top, spec]);
        var built = Directory.GetFiles(Path.Combine(_top, "RPMS", "noarch"), $"{name}-{version}-{release}.noarch.rpm").Single();
        var bytes = File.ReadAllBytes(built);
        File.Delete(built);
        return bytes;
    }

    /// <summary><c>rpmsign --addsign</c> of <paramref name="package"/> with the key of <paramref name="gpg"/> named <paramref name="signer"/> (rpm 4.18: a v4 signature over the header only).</summary>
    public byte[] Sign(byte[] package, Gpg gpg, string signer)
    {
        var path = Path.Combine(_top, $"to-sign-{Guid.NewGuid():N}.rpm");
        File.WriteAllBytes(path, package);
        ExternalTool.Run("rpmsign", "rpm", ["--addsign", "--define", "_gpg_name " + signer, "--define", "_gpg_path " + gpg.Home, "--define", "__gpg /usr/bin/gpg", path]);
        var signed = File.ReadAllBytes(path);
        File.Delete(path);
        return signed;
    }

    public void Dispose() => Directory.Delete(_top, recursive: true);
}
