using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Rekor.Core.Pki;
using Rekor.Core.Tests.Alpine;
using Rekor.Core.Tests.Pki;
using Rekor.Core.Types;
using Rekor.Core.Types.Alpine.V001;

namespace Rekor.Core.Tests.Types;

/// <summary>
/// alpine 0.0.1 with packages built in the test as abuild builds them (<see cref="TestApk"/>: Debian has no abuild),
/// and one built by GNU tar, gzip and openssl the way abuild-sign drives them; checked against Rekor's
/// <c>pkg/types/alpine/v0.0.1/entry.go</c> and <c>pkg/types/alpine/apk.go</c>.
/// </summary>
public class AlpineV001EntryTests
{
    private static readonly RSA Key = RSA.Create(2048);

    private static byte[] PemOf(AsymmetricAlgorithm key) => Pem.Encode("PUBLIC KEY", key.ExportSubjectPublicKeyInfo());

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Proposed(byte[]? apk, byte[] publicKeyPem, string? hash = null)
    {
        var package = new JsonObject();
        if (apk is not null)
        {
            package["content"] = Convert.ToBase64String(apk);
        }

        if (hash is not null)
        {
            package["hash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = hash };
        }

        return new JsonObject
        {
            ["kind"] = "alpine",
            ["apiVersion"] = "0.0.1",
            ["spec"] = new JsonObject { ["publicKey"] = new JsonObject { ["content"] = Convert.ToBase64String(publicKeyPem) }, ["package"] = package },
        }.ToJsonString();
    }

    private static async Task<EntryError?> CanonicalizeError(string json, long limit = 1024 * 1024)
    {
        var entry = LoggedEntry.Parse(json);
        entry.Limits = new EntryLimits { MaxApkMetadataSize = limit };
        if (entry.Validate().Error is { } error)
        {
            return error;
        }

        return (await entry.CanonicalizeAsync(CancellationToken.None)).Error;
    }

    [Fact]
    public async Task A_signed_package_is_admitted_with_its_canonical_key_hash_and_PKGINFO_pairs()
    {
        var apk = TestApk.Build(Key);
        var pem = PemOf(Key);
        var entry = LoggedEntry.Parse(Proposed(apk, Encoding.ASCII.GetBytes(Key.ExportSubjectPublicKeyInfoPem())));

        Assert.True(entry.Validate().Succeeded, entry.Validate().Error?.Message);
        var canonical = await entry.CanonicalizeAsync(CancellationToken.None);
        Assert.True(canonical.Succeeded, canonical.Error?.Message);

        var (_, data) = TestApk.Unsigned();
        var expected = "{\"apiVersion\":\"0.0.1\",\"kind\":\"alpine\",\"spec\":{\"package\":{\"hash\":{\"algorithm\":\"sha256\",\"value\":\"" + Hex(apk)
            + "\"},\"pkginfo\":{\"arch\":\"x86_64\",\"builddate\":\"1700000000\",\"datahash\":\"" + Hex(data) + "\",\"depend\":\"busybox\",\"license\":\"GPL-3.0-or-later\","
            + "\"pkgdesc\":\"A program that prints a friendly greeting\",\"pkgname\":\"hello\",\"pkgver\":\"2.12-r1\",\"size\":\"61440\",\"url\":\"https://www.gnu.org/software/hello/\"}},"
            + "\"publicKey\":{\"content\":\"" + Convert.ToBase64String(pem) + "\"}}}";
        Assert.Equal(expected, Encoding.UTF8.GetString(canonical.Value!));

        var keys = await entry.IndexKeysAsync(CancellationToken.None);
        Assert.Equal([Hex(pem), "sha256:" + Hex(apk)], keys.Value!);

        var stored = Assert.IsType<AlpineV001Entry>(LoggedEntry.Parse(canonical.Value!));
        Assert.Equal(canonical.Value, stored.CanonicalizeStoredEntry().Value);
        Assert.Equal(keys.Value, (await stored.IndexKeysAsync(CancellationToken.None)).Value);
        Assert.False((await stored.VerifyAsync(CancellationToken.None)).Succeeded);
        Assert.True((await stored.WithPackage(apk).VerifyAsync(CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task A_package_made_by_GNU_tar_gzip_and_openssl_as_abuild_sign_runs_them_is_admitted()
    {
        using var directory = new TempDirectory();
        var keyFile = Path.Combine(directory.Path, "builder.rsa");
        ExternalTool.Run("openssl", "openssl", ["genrsa", "-out", keyFile, "2048"]);
        var publicPem = ExternalTool.Run("openssl", "openssl", ["rsa", "-in", keyFile, "-pubout"]).Output;

        // abuild: data.tar.gz, then .PKGINFO with its datahash, tarred without end blocks and gzipped.
        File.WriteAllText(Path.Combine(directory.Path, "hello"), "#!/bin/sh\necho hello\n");
        var data = Gzip(directory, Tar(directory, cut: false, "hello"));
        File.WriteAllText(Path.Combine(directory.Path, ".PKGINFO"), TestApk.PkgInfoText(Hex(data)));
        var control = Gzip(directory, Tar(directory, cut: true, ".PKGINFO"));

        // abuild-sign: openssl dgst -sha1 -sign over control.tar.gz, the signature tarred as .SIGN.RSA.<key>.pub.
        var controlFile = Path.Combine(directory.Path, "control.tar.gz");
        File.WriteAllBytes(controlFile, control);
        var signatureName = ".SIGN.RSA.builder.rsa.pub";
        ExternalTool.Run("openssl", "openssl", ["dgst", "-sha1", "-sign", keyFile, "-out", Path.Combine(directory.Path, signatureName), controlFile]);
        var signature = Gzip(directory, Tar(directory, cut: true, signatureName));

        var error = await CanonicalizeError(Proposed([.. signature, .. control, .. data], publicPem));

        Assert.Null(error);
    }

    [Fact]
    public async Task A_package_checked_with_another_key_is_refused()
    {
        var error = await CanonicalizeError(Proposed(TestApk.Build(Key), PemOf(RSA.Create(2048))));

        Assert.Equal("crypto/rsa: verification error", error?.Message);
    }

    [Fact]
    public async Task A_tampered_data_member_is_refused_for_its_datahash()
    {
        var apk = TestApk.Build(Key);
        apk[^20] ^= 0x01;

        Assert.StartsWith("checksum for data.tar.gz (", (await CanonicalizeError(Proposed(apk, PemOf(Key))))?.Message);
    }

    [Fact]
    public async Task A_tampered_control_member_is_refused_for_its_signature()
    {
        var (control, data) = TestApk.Unsigned();
        var signature = TestApk.SignatureMember(TestApk.SignControl(Key, control));
        var otherControl = TestApk.Unsigned(TestApk.PkgInfoText(Hex(data), name: "evil")).Control;

        Assert.Equal("crypto/rsa: verification error", (await CanonicalizeError(Proposed([.. signature, .. otherControl, .. data], PemOf(Key))))?.Message);
    }

    [Fact]
    public async Task Rekors_hash_and_content_rules_are_kept()
    {
        var apk = TestApk.Build(Key);
        var wrong = new string('0', 64);

        Assert.Equal($"SHA mismatch: {Hex(apk)} != {wrong}", (await CanonicalizeError(Proposed(apk, PemOf(Key), wrong)))?.Message);
        Assert.Null(await CanonicalizeError(Proposed(apk, PemOf(Key), Hex(apk))));
        Assert.Equal("invalid value for hash", (await CanonicalizeError(Proposed(apk, PemOf(Key), "abc")))?.Message);
        Assert.Equal("missing package content", (await CanonicalizeError(Proposed(null, PemOf(Key), Hex(apk))))?.Message);
        Assert.Equal("'content' must be specified for package", (await CanonicalizeError(Proposed(null, PemOf(Key))))?.Message);
    }

    [Fact]
    public async Task The_metadata_limit_set_by_the_host_is_applied()
    {
        var apk = TestApk.Build(Key);

        Assert.Equal("decompressed size (1001) for signature.tar.gz exceeds max allowed size 1000", (await CanonicalizeError(Proposed(apk, PemOf(Key)), limit: 1000))?.Message);
        Assert.Null(await CanonicalizeError(Proposed(apk, PemOf(Key)), limit: 0));
    }

    [Fact]
    public void A_client_builds_a_verified_entry_from_the_package_and_one_key()
    {
        var apk = TestApk.Build(Key);
        Assert.True(AlpineV001Entry.FromArtifact(new ArtifactInput { Artifact = apk, VerificationMaterial = PemOf(Key) }).Succeeded);
        Assert.StartsWith("error retrieving external entities: ", AlpineV001Entry.FromArtifact(new ArtifactInput { Artifact = apk, VerificationMaterial = PemOf(RSA.Create(2048)) }).Error?.Message);
    }

    private static byte[] Tar(TempDirectory directory, bool cut, string member)
    {
        // GNU tar with 512-byte records, so the archive is its blocks and two end blocks, which abuild-tar --cut removes.
        var tar = ExternalTool.Run("tar", "tar", ["--format=gnu", "-b", "1", "-C", directory.Path, "-cf", "-", member]).Output;
        return cut ? tar[..^1024] : tar;
    }

    private static byte[] Gzip(TempDirectory directory, byte[] content) => ExternalTool.Run("gzip", "gzip", ["-9", "-n", "-c"], content).Output;

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("rekor-apk-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
