using System.Security.Cryptography;
using Rekor.Core.Tests.Pki;
using Rekor.Core.Types;

namespace Rekor.Core.Tests.Types;

/// <summary>
/// rekord x509 with an Ed25519 certificate, which .NET cannot make (so <see cref="TestCertificates"/> has none):
/// made and signed with by the real <c>openssl</c>, pure Ed25519 over the artifact as Rekor verifies it.
/// </summary>
public sealed class RekordEd25519CertificateTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rekor-openssl-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    private static void OpenSsl(params string[] arguments) => ExternalTool.Run("openssl", "openssl", arguments);

    [Fact]
    public async Task A_signature_by_an_openssl_made_Ed25519_certificate_is_admitted_and_indexed_by_its_email()
    {
        OpenSsl("req", "-x509", "-newkey", "ed25519", "-nodes", "-keyout", PathOf("key.pem"), "-out", PathOf("cert.pem"), "-days", "30",
            "-subj", "/CN=release signer", "-addext", "subjectAltName=email:Release@Example.net");
        var artifact = RandomNumberGenerator.GetBytes(1000);
        File.WriteAllBytes(PathOf("artifact"), artifact);
        OpenSsl("pkeyutl", "-sign", "-rawin", "-inkey", PathOf("key.pem"), "-in", PathOf("artifact"), "-out", PathOf("artifact.sig"));
        var certificate = File.ReadAllBytes(PathOf("cert.pem"));
        var signature = File.ReadAllBytes(PathOf("artifact.sig"));

        var entry = LoggedEntry.Parse(ProposedEntries.Rekord("x509", signature, certificate, artifact));
        var canonical = await entry.CanonicalizeAsync(CancellationToken.None);
        var tampered = await LoggedEntry.Parse(ProposedEntries.Rekord("x509", signature, certificate, [.. artifact, 1])).CanonicalizeAsync(CancellationToken.None);

        Assert.True(canonical.Succeeded, canonical.Error?.Message);
        Assert.Contains("release@example.net", (await entry.IndexKeysAsync(CancellationToken.None)).Value!);
        Assert.Equal(EntryErrorKind.InvalidInput, tampered.Error?.Kind);
    }
}
