using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Rekor.Core.Models;
using Rekor.Core.Pki;
using Rekor.Core.Tests.Pki.Jar;
using Rekor.Core.Types;
using Rekor.Core.Types.Jar.V001;

namespace Rekor.Core.Tests.Types;

/// <summary>
/// jar 0.0.1 against real signed JARs: made by the JDK's <c>jar</c>, <c>keytool</c> and <c>jarsigner</c> in the test
/// (EC P-256 and RSA keys) and committed fixtures made the same way (Pki/Jar/Fixtures), read through the type map as
/// the server reads them; then the same JARs altered after signing, and hostile zips.
/// </summary>
public class JarV001EntryTests
{
    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Pki", "Jar", "Fixtures");

    private static readonly Dictionary<string, string> Classes = new()
    {
        ["pkg/A.class"] = "class A {}",
        ["pkg/B.class"] = "class B {}",
        ["readme.txt"] = "a jar for rekor",
    };

    [Theory]
    [InlineData("EC")]
    [InlineData("RSA")]
    public async Task A_jar_jarsigner_just_signed_is_accepted_and_reread(string keyAlgorithm)
    {
        using var jdk = new JdkJarSigner();
        jdk.NewKey("signer", keyAlgorithm);
        var jar = jdk.Sign(jdk.MakeJar(Classes), "signer");
        Assert.True(jdk.JdkVerifies(jar));

        await AssertAcceptedAndReread(jar, "META-INF/SIGNER." + (keyAlgorithm == "EC" ? "EC" : "RSA"));
    }

    [Theory]
    [InlineData("ec-signed.jar", "META-INF/EC2.EC")]
    [InlineData("rsa-signed.jar", "META-INF/RSA.RSA")]
    public async Task A_committed_signed_jar_is_accepted_and_reread(string fixture, string signatureBlock) =>
        await AssertAcceptedAndReread(Fixture(fixture), signatureBlock);

    [Fact]
    public async Task The_first_index_key_is_the_hash_of_the_PKCS7_signature_PEM_not_of_the_certificate_a_Rekor_quirk_kept_on_purpose()
    {
        // Rekor's jar IndexKeys hashes pkcs7.NewSignature(...).CanonicalValue(), the signature, where every other
        // kind hashes the key; searching a real Rekor by the certificate's hash does not find jar entries either.
        var entry = Parse(Fixture("ec-signed.jar"));
        var body = JsonNode.Parse((await entry.CanonicalizeAsync(CancellationToken.None)).Value)!;
        var signaturePem = Convert.FromBase64String((string)body["spec"]!["signature"]!["content"]!);
        var certificatePem = Convert.FromBase64String((string)body["spec"]!["signature"]!["publicKey"]!["content"]!);

        var keys = (await entry.IndexKeysAsync(CancellationToken.None)).Value!;

        Assert.Equal(Sha256Hex(signaturePem), keys[0]);
        Assert.DoesNotContain(Sha256Hex(certificatePem), keys);
    }

    [Fact]
    public void An_unsigned_jar_is_refused()
    {
        using var jdk = new JdkJarSigner();

        Assert.Equal("JAR contains no signatures", Refusal(jdk.MakeJar(Classes)));
        Assert.Equal("JAR contains no signatures", Refusal(Fixture("unsigned.jar")));
    }

    [Fact]
    public void A_jar_with_two_signers_is_refused()
    {
        using var jdk = new JdkJarSigner();
        jdk.NewKey("first", "EC");
        jdk.NewKey("second", "RSA");
        var jar = jdk.Sign(jdk.Sign(jdk.MakeJar(Classes), "first"), "second");

        Assert.Equal("multiple signatures detected in JAR; unable to process", Refusal(jar));
        Assert.Equal("multiple signatures detected in JAR; unable to process", Refusal(Fixture("two-signers.jar")));
    }

    [Theory]
    [InlineData("ec-signed.jar")]
    [InlineData("rsa-signed.jar")]
    public void A_class_file_changed_after_signing_is_refused_for_its_manifest_digest(string fixture)
    {
        var jar = ZipEdits.Put(Fixture(fixture), "pkg/A.class", "class A { evil(); }"u8.ToArray());

        Assert.StartsWith("file \"pkg/A.class\" in MANIFEST.MF: Sha-256-Digest mismatch: manifest ", Refusal(jar), StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_changed_after_signing_is_refused_for_the_signature_files_digest()
    {
        var jar = Fixture("ec-signed.jar");
        var manifest = ZipEdits.Read(jar, "META-INF/MANIFEST.MF");
        var changed = ZipEdits.Put(jar, "META-INF/MANIFEST.MF", [.. manifest, .. "Name: extra.txt\r\nSHA-256-Digest: AAAA\r\n\r\n"u8.ToArray()]);

        Assert.StartsWith("manifest signature: Sha-256-Digest-Manifest mismatch", Refusal(changed), StringComparison.Ordinal);
    }

    [Fact]
    public void A_signature_file_changed_after_signing_is_refused_for_its_PKCS7_signature()
    {
        var jar = Fixture("ec-signed.jar");
        var signatureFile = Encoding.UTF8.GetString(ZipEdits.Read(jar, "META-INF/EC2.SF"));
        var changed = ZipEdits.Put(jar, "META-INF/EC2.SF", Encoding.UTF8.GetBytes(signatureFile.Replace("Signature-Version: 1.0", "Signature-Version: 2.0", StringComparison.Ordinal)));

        Assert.StartsWith("pkcs7: ", Refusal(changed), StringComparison.Ordinal);
    }

    [Fact]
    public void A_signature_block_without_its_signature_file_is_unsigned_and_a_signature_file_without_its_block_is_refused()
    {
        var jar = Fixture("ec-signed.jar");
        var withoutBlock = ZipEdits.Put(jar, "META-INF/EC2.EC", []);
        using (var buffer = new MemoryStream())
        {
            buffer.Write(jar);
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
            {
                zip.GetEntry("META-INF/EC2.EC")!.Delete();
            }

            Assert.Equal("JAR contains sigfile META-INF/EC2.SF with no matching signature", Refusal(buffer.ToArray()));
        }

        Assert.StartsWith("pkcs7: ", Refusal(withoutBlock), StringComparison.Ordinal);
    }

    [Fact]
    public void A_metadata_file_declared_larger_than_the_limit_is_refused_before_it_is_read()
    {
        var jar = Fixture("ec-signed.jar");
        var manifestSize = ZipEdits.Read(jar, "META-INF/MANIFEST.MF").Length;

        Assert.Equal(
            $"uncompressed jar metadata of size {manifestSize} exceeds max allowed size 100",
            Refusal(jar, new EntryLimits { MaxJarMetadataSize = 100 }));
        Assert.True(Verify(jar, new EntryLimits { MaxJarMetadataSize = 1024 }).Succeeded); // the largest, EC2.EC, is 809 bytes
        Assert.True(Verify(jar, new EntryLimits { MaxJarMetadataSize = 0 }).Succeeded); // 0 is unlimited, as in Rekor
    }

    [Fact]
    public void A_zip_bomb_in_META_INF_is_refused_by_its_declared_size_without_being_inflated()
    {
        var bomb = ZipEdits.Put(Fixture("ec-signed.jar"), "META-INF/BOMB.TXT", new byte[64 * 1024 * 1024], CompressionLevel.SmallestSize);
        Assert.True(bomb.Length < 1024 * 1024);

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal("uncompressed jar metadata of size 67108864 exceeds max allowed size 1048576", Refusal(bomb));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 16 * 1024 * 1024);
    }

    [Fact]
    public void A_zip_bomb_whose_directory_understates_its_size_is_read_only_to_the_declared_size()
    {
        var bomb = ZipEdits.Put(Fixture("ec-signed.jar"), "META-INF/BOMB.TXT", new byte[64 * 1024 * 1024], CompressionLevel.SmallestSize);
        var lying = ZipEdits.DeclareSize(bomb, "META-INF/BOMB.TXT", 1000);

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        Assert.StartsWith("zip: ", Refusal(lying, new EntryLimits { MaxJarMetadataSize = 0 }), StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 16 * 1024 * 1024);
    }

    [Fact]
    public void A_directory_that_overstates_a_size_or_lies_about_its_extent_is_refused_never_thrown()
    {
        var jar = Fixture("ec-signed.jar");
        Assert.StartsWith("zip: ", Refusal(ZipEdits.DeclareSize(jar, "META-INF/MANIFEST.MF", 0x7FFF_FFF0), new EntryLimits { MaxJarMetadataSize = 0 }), StringComparison.Ordinal);
        Assert.StartsWith("file \"pkg/A.class\" in MANIFEST.MF: zip: ", Refusal(ZipEdits.DeclareSize(jar, "pkg/A.class", 5)), StringComparison.Ordinal);

        var end = ZipEdits.EndOfCentralDirectory(jar);
        foreach (var (offset, value) in new (int, uint)[] { (10, 0xFFFF), (16, 0xFFFF_FFF0), (16, 0), (8, 0xFFFF) })
        {
            var patched = (byte[])jar.Clone();
            if (offset is 8 or 10)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(patched.AsSpan(end + offset), (ushort)value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(patched.AsSpan(end + offset), value);
            }

            Assert.False(Verify(patched, EntryLimits.Default).Succeeded, $"EOCD offset {offset} = {value}");
        }

        // An overstated directory size: Go refuses it, .NET's zip reader reads the entries the count names and
        // ignores it. Either way it is an answer, and the entries are still all verified.
        var oversized = (byte[])jar.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(oversized.AsSpan(end + 12), 0xFFFF_FFF0);
        _ = Verify(oversized, EntryLimits.Default);
    }

    [Fact]
    public void Every_truncation_of_a_signed_jar_and_bytes_that_are_no_zip_are_refused_never_thrown()
    {
        var jar = Fixture("ec-signed.jar");
        for (var length = 1; length < jar.Length; length++)
        {
            Assert.NotEmpty(Refusal(jar[..length]));
        }

        Assert.StartsWith("zip: not a valid zip file", Refusal("not a zip at all"u8.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_single_byte_change_of_a_signed_jar_is_an_answer_never_an_exception()
    {
        var jar = Fixture("rsa-signed.jar");
        for (var at = 0; at < jar.Length; at++)
        {
            var changed = (byte[])jar.Clone();
            changed[at] ^= 0x5A;
            _ = Verify(changed, EntryLimits.Default); // a byte zip ignores (a timestamp) may still verify
        }
    }

    [Fact]
    public async Task An_archive_hash_sent_must_match_and_is_kept()
    {
        var jar = Fixture("ec-signed.jar");
        var hash = Sha256Hex(jar);

        var wrong = Direct(jar, new string('0', 64));
        var right = Direct(jar, hash);

        Assert.Equal($"SHA mismatch: {hash} != {new string('0', 64)}", (await wrong.CanonicalizeAsync(CancellationToken.None)).Error?.Message);
        Assert.True((await right.CanonicalizeAsync(CancellationToken.None)).Succeeded);
        Assert.Equal("invalid value for hash", Direct(jar, "abc").Validate().Error?.Message);
    }

    [Fact]
    public void A_client_builds_the_entry_from_the_jar_alone()
    {
        var built = JarV001Entry.FromArtifact(new ArtifactInput { Artifact = Fixture("rsa-signed.jar") });
        var refused = JarV001Entry.FromArtifact(new ArtifactInput { Artifact = Fixture("unsigned.jar") });

        Assert.True(built.Succeeded, built.Error?.Message);
        Assert.Equal("JAR contains no signatures", refused.Error?.Message);
    }

    private static async Task AssertAcceptedAndReread(byte[] jar, string signatureBlockName)
    {
        var entry = Parse(jar);
        Assert.True(entry.Validate().Succeeded, entry.Validate().Error?.Message);

        var canonical = await entry.CanonicalizeAsync(CancellationToken.None);
        Assert.True(canonical.Succeeded, canonical.Error?.Message);
        var spec = JsonNode.Parse(canonical.Value)!["spec"]!;
        Assert.Null(spec["archive"]!["content"]);
        Assert.Equal("sha256", (string?)spec["archive"]!["hash"]!["algorithm"]);
        Assert.Equal(Sha256Hex(jar), (string?)spec["archive"]!["hash"]!["value"]);

        // jarsigner writes a detached DER signature, so the canonical form is that file exactly, as PEM.
        var signaturePem = Convert.FromBase64String((string)spec["signature"]!["content"]!);
        Assert.True(Pem.TryDecode(signaturePem, out var signatureBlock, out _));
        Assert.Equal("PKCS7", signatureBlock.Type);
        Assert.Equal(ZipEdits.Read(jar, signatureBlockName), signatureBlock.Bytes);
        var certificatePem = Convert.FromBase64String((string)spec["signature"]!["publicKey"]!["content"]!);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----\n", Encoding.ASCII.GetString(certificatePem), StringComparison.Ordinal);

        var keys = await entry.IndexKeysAsync(CancellationToken.None);
        Assert.Equal([Sha256Hex(signaturePem), "sha256:" + Sha256Hex(jar)], keys.Value);

        var logged = Assert.IsType<JarV001Entry>(LoggedEntry.Parse(canonical.Value));
        Assert.Equal(canonical.Value, logged.CanonicalizeStoredEntry().Value);
        Assert.Equal(keys.Value, (await logged.IndexKeysAsync(CancellationToken.None)).Value);
        Assert.False((await logged.VerifyAsync(CancellationToken.None)).Succeeded, "a logged jar has no archive to verify");
        Assert.True((await logged.WithArchive(jar).VerifyAsync(CancellationToken.None)).Succeeded);
    }

    /// <summary>The message of the refusal of the jar (validation, then canonicalization), which must be invalid input.</summary>
    private static string Refusal(byte[] jar, EntryLimits? limits = null)
    {
        var outcome = Verify(jar, limits ?? EntryLimits.Default);
        Assert.False(outcome.Succeeded, "the jar was accepted");
        Assert.Equal(EntryErrorKind.InvalidInput, outcome.Error!.Kind);
        return outcome.Error.Message;
    }

    private static EntryOutcome Verify(byte[] jar, EntryLimits limits)
    {
        var entry = Parse(jar);
        entry.Limits = limits;
        if (entry.Validate().Error is { } invalid)
        {
            return new EntryOutcome(invalid);
        }

        return new EntryOutcome(entry.CanonicalizeAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult().Error);
    }

    private static EntryImplementation Parse(byte[] jar) => LoggedEntry.Parse(Proposed(jar));

    /// <summary>Both the archive and a hash: the schema's oneOf refuses this on the wire, so it is built directly.</summary>
    private static JarV001Entry Direct(byte[] jar, string hashHex) =>
        new(new JarV001Schema { Archive = new JarV001SchemaArchive { Content = jar, Hash = new JarV001SchemaArchiveHash { Algorithm = "sha256", Value = hashHex } } });

    internal static string Proposed(byte[] jar) => new JsonObject
    {
        ["kind"] = "jar",
        ["apiVersion"] = "0.0.1",
        ["spec"] = new JsonObject { ["archive"] = new JsonObject { ["content"] = Convert.ToBase64String(jar) } },
    }.ToJsonString();

    private static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(FixtureDirectory, name));
}
