using System.Security.Cryptography;
using Rekor.Samples.SignAndVerify;

namespace Rekor.Server.Tests.Api;

/// <summary>samples/SignAndVerify against the running server: the story it tells holds, and a wrong log key is caught.</summary>
public sealed class SignAndVerifySampleTests(RunningServer server) : IClassFixture<RunningServer>, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_sample_signs_logs_saves_and_verifies_offline()
    {
        var file = Path.Combine(_directory.Path, "release.tar");
        await File.WriteAllTextAsync(file, "the artifact " + Guid.NewGuid());
        using var output = new StringWriter();

        var verified = await SignUploadVerify.RunAsync(server.BaseAddress, file, trustedLogKeyPem: null, output, CancellationToken.None);

        Assert.True(verified, output.ToString());
        Assert.Contains("verified offline", output.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(file + ".rekor.json"));
    }

    [Fact]
    public async Task Against_a_log_key_that_did_not_sign_the_entry_the_sample_reports_failure()
    {
        var file = Path.Combine(_directory.Path, "other.tar");
        await File.WriteAllTextAsync(file, "another artifact " + Guid.NewGuid());
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var output = new StringWriter();

        var verified = await SignUploadVerify.RunAsync(server.BaseAddress, file, stranger.ExportSubjectPublicKeyInfoPem(), output, CancellationToken.None);

        Assert.False(verified, output.ToString());
        Assert.Contains("verification FAILED", output.ToString(), StringComparison.Ordinal);
    }
}
