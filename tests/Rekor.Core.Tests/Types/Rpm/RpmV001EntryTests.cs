using System.Security.Cryptography;
using System.Text;
using Rekor.Core.Pki.Pgp;
using Rekor.Core.Tests.Pki.Pgp;
using Rekor.Core.Types;
using Rekor.Core.Types.Rpm.V001;

namespace Rekor.Core.Tests.Types.Rpm;

/// <summary>
/// rpm 0.0.1 as Rekor's <c>pkg/types/rpm/v0.0.1</c> and go-rpmutils v0.4.0 behave: the committed fixture (no tools
/// needed) and packages made here by the real rpmbuild and rpmsign with keys gpg makes.
/// </summary>
public sealed class RpmV001EntryTests : IDisposable
{
    private readonly Gpg _gpg = new();
    private readonly RpmTool _rpm = new();

    public void Dispose()
    {
        _rpm.Dispose();
        _gpg.Dispose();
    }

    private static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static byte[] CanonicalKey(byte[] key)
    {
        Assert.True(PgpPublicKey.TryParse(key, out var parsed, out var error), error);
        return parsed.CanonicalValue.ToArray();
    }

    private static async Task<byte[]> Admit(string proposed)
    {
        var entry = LoggedEntry.Parse(proposed);
        Assert.True(entry.Validate().Succeeded, entry.Validate().Error?.Message);
        var canonical = await entry.CanonicalizeAsync(CancellationToken.None);
        Assert.True(canonical.Succeeded, canonical.Error?.Message);
        return canonical.Value!;
    }

    private static async Task<string> Refusal(string proposed)
    {
        var entry = LoggedEntry.Parse(proposed);
        var validated = entry.Validate();
        if (!validated.Succeeded)
        {
            Assert.Equal(EntryErrorKind.InvalidInput, validated.Error!.Kind);
            return validated.Error.Message;
        }

        var canonical = await entry.CanonicalizeAsync(CancellationToken.None);
        Assert.False(canonical.Succeeded);
        Assert.Equal(EntryErrorKind.InvalidInput, canonical.Error!.Kind);
        return canonical.Error.Message;
    }

    /// <summary>A fresh gpg key and a package built and signed with it by rpmsign.</summary>
    private (byte[] Package, byte[] Key) SignedPackage(string algorithm, string email = "packager@example.com", int? epoch = 4)
    {
        var fingerprint = _gpg.NewKey($"Packager <{email}>", algorithm);
        return (_rpm.Sign(_rpm.Build(epoch: epoch), _gpg, fingerprint), _gpg.Export(armor: true, fingerprint));
    }

    [Fact]
    public async Task The_fixture_is_admitted_with_the_canonical_key_hash_and_the_headers_Rekor_writes()
    {
        var canonical = await Admit(RpmEntries.Proposed(RpmFixtures.SignerKey, RpmFixtures.Signed));

        var expected = "{\"apiVersion\":\"0.0.1\",\"kind\":\"rpm\",\"spec\":{\"package\":{\"hash\":{\"algorithm\":\"sha256\",\"value\":\""
            + Sha256Hex(RpmFixtures.Signed) + "\"},\"headers\":{\"Architecture\":\"noarch\",\"Epoch\":\"4\",\"Name\":\"rekor-test\",\"RPMSIGTAG_MD5\":\""
            + RpmFixtures.SignedMd5 + "\",\"Release\":\"3\",\"Version\":\"1.2\"}},\"publicKey\":{\"content\":\""
            + Convert.ToBase64String(CanonicalKey(RpmFixtures.SignerKey)) + "\"}}}";
        Assert.Equal(expected, Encoding.UTF8.GetString(canonical));
    }

    [Fact]
    public async Task A_logged_body_read_back_gives_the_same_bytes_and_index_keys()
    {
        var canonical = await Admit(RpmEntries.Proposed(RpmFixtures.SignerKey, RpmFixtures.Signed));

        var logged = Assert.IsType<RpmV001Entry>(LoggedEntry.Parse(canonical));
        var again = logged.CanonicalizeStoredEntry();

        Assert.True(again.Succeeded, again.Error?.Message);
        Assert.Equal(canonical, again.Value);
        var keys = await logged.IndexKeysAsync(CancellationToken.None);
        Assert.Equal(
            [Sha256Hex(CanonicalKey(RpmFixtures.SignerKey)), RpmFixtures.SignerEmail, "sha256:" + Sha256Hex(RpmFixtures.Signed)],
            keys.Value!);
    }

    [Fact]
    public async Task A_proposed_entry_is_indexed_by_key_hash_email_and_the_package_hash_the_server_computed()
    {
        var entry = LoggedEntry.Parse(RpmEntries.Proposed(RpmFixtures.SignerKey, RpmFixtures.Signed));
        Assert.True((await entry.CanonicalizeAsync(CancellationToken.None)).Succeeded);

        var keys = await entry.IndexKeysAsync(CancellationToken.None);

        Assert.Equal(
            [Sha256Hex(CanonicalKey(RpmFixtures.SignerKey)), RpmFixtures.SignerEmail, "sha256:" + Sha256Hex(RpmFixtures.Signed)],
            keys.Value!);
    }

    [Fact]
    public async Task A_logged_entry_verifies_once_the_package_is_put_back_and_not_before()
    {
        var canonical = await Admit(RpmEntries.Proposed(RpmFixtures.SignerKey, RpmFixtures.Signed));
        var logged = Assert.IsType<RpmV001Entry>(LoggedEntry.Parse(canonical));

        Assert.False((await logged.VerifyAsync(CancellationToken.None)).Succeeded);
        Assert.True((await logged.WithPackage(RpmFixtures.Signed).VerifyAsync(CancellationToken.None)).Succeeded);
        Assert.Equal(
            $"SHA mismatch: {Sha256Hex(RpmFixtures.Unsigned)} != {Sha256Hex(RpmFixtures.Signed)}",
            (await logged.WithPackage(RpmFixtures.Unsigned).VerifyAsync(CancellationToken.None)).Error!.Message);
    }

    [Fact]
    public async Task An_unsigned_package_is_refused()
    {
        Assert.Equal("no supported PGP signature found in RPM", await Refusal(RpmEntries.Proposed(RpmFixtures.SignerKey, RpmFixtures.Unsigned)));
    }

    [Fact]
    public async Task A_hash_sent_with_the_package_must_be_its_sha256_in_lowercase()
    {
        // Rekor, like go-swagger, does not enforce the schema's oneOf (hash or content): both may be sent.
        var hash = Sha256Hex(RpmFixtures.Signed);
        var wrong = Sha256Hex(RpmFixtures.Unsigned);

        Assert.Contains(hash, Encoding.UTF8.GetString(await Admit(RpmEntries.Proposed(RpmFixtures.SignerKey, RpmFixtures.Signed, hash))), StringComparison.Ordinal);
        Assert.Equal($"SHA mismatch: {hash} != {wrong}", await Refusal(RpmEntries.Proposed(RpmFixtures.SignerKey, RpmFixtures.Signed, wrong)));
        Assert.Equal(
            $"SHA mismatch: {hash} != {hash.ToUpperInvariant()}",
            await Refusal(RpmEntries.Proposed(RpmFixtures.SignerKey, RpmFixtures.Signed, hash.ToUpperInvariant())));
    }

    [Theory]
    [InlineData("abc", "invalid value for hash")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000", "invalid value for hash")]
    public async Task A_malformed_hash_is_refused_with_Rekors_message(string hash, string message)
    {
        Assert.Equal(message, await Refusal(RpmEntries.Proposed(RpmFixtures.SignerKey, package: null, hash)));
    }

    [Fact]
    public async Task A_package_signed_by_another_key_is_refused_naming_the_key_id_not_found()
    {
        var other = _gpg.NewKey("Other <other@example.com>", "rsa2048");

        var message = await Refusal(RpmEntries.Proposed(_gpg.Export(armor: true, other), RpmFixtures.Signed));

        Assert.Matches("^keyid [1-9a-f][0-9a-f]{0,15} not found$", message);
    }

    [Fact]
    public async Task A_package_whose_payload_was_changed_is_refused_by_its_payload_digest()
    {
        var tampered = RpmFixtures.Signed;
        tampered[^1] ^= 0x01;

        Assert.Equal("payload SHA-256 digest mismatch", await Refusal(RpmEntries.Proposed(RpmFixtures.SignerKey, tampered)));
    }

    [Fact]
    public async Task A_package_whose_summary_was_changed_is_refused_by_the_header_digest()
    {
        var tampered = RpmTampering.ChangeSummary(RpmFixtures.Signed, fixDigest: false);

        Assert.Equal("SHA-256 mismatch in signature header", await Refusal(RpmEntries.Proposed(RpmFixtures.SignerKey, tampered)));
    }

    [Fact]
    public async Task A_package_whose_summary_was_changed_and_its_digest_fixed_up_is_refused_by_the_signature()
    {
        var tampered = RpmTampering.ChangeSummary(RpmFixtures.Signed, fixDigest: true);

        Assert.Equal("openpgp: invalid signature: RSA verification failure", await Refusal(RpmEntries.Proposed(RpmFixtures.SignerKey, tampered)));
    }

    [Theory]
    [InlineData("rsa3072")]
    [InlineData("ed25519")]
    [InlineData("dsa2048")]
    public async Task A_package_signed_by_rpmsign_is_admitted_and_reads_back_the_same(string algorithm)
    {
        var (package, key) = SignedPackage(algorithm);

        var canonical = await Admit(RpmEntries.Proposed(key, package));

        var logged = Assert.IsType<RpmV001Entry>(LoggedEntry.Parse(canonical));
        Assert.Equal(canonical, logged.CanonicalizeStoredEntry().Value);
        Assert.Contains("\"Epoch\":\"4\"", Encoding.UTF8.GetString(canonical), StringComparison.Ordinal);
        Assert.Contains("packager@example.com", (await logged.IndexKeysAsync(CancellationToken.None)).Value!);
    }

    [Fact]
    public async Task A_package_without_an_epoch_is_logged_with_epoch_0()
    {
        var (package, key) = SignedPackage("ed25519", epoch: null);

        var canonical = await Admit(RpmEntries.Proposed(key, package));

        Assert.Contains("\"Epoch\":\"0\"", Encoding.UTF8.GetString(canonical), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_package_rpmsign_signed_is_refused_with_another_of_gpgs_keys()
    {
        var (package, _) = SignedPackage("rsa2048");
        var other = _gpg.NewKey("Other <other@example.com>", "ed25519");

        Assert.Matches("^keyid [1-9a-f][0-9a-f]{0,15} not found$", await Refusal(RpmEntries.Proposed(_gpg.Export(armor: true, other), package)));
    }

    [Fact]
    public void FromArtifact_builds_a_verified_entry_and_refuses_an_unsigned_package()
    {
        var built = RpmV001Entry.FromArtifact(new ArtifactInput { Artifact = RpmFixtures.Signed, VerificationMaterial = RpmFixtures.SignerKey });
        Assert.True(built.Succeeded, built.Error?.Message);

        var refused = RpmV001Entry.FromArtifact(new ArtifactInput { Artifact = RpmFixtures.Unsigned, VerificationMaterial = RpmFixtures.SignerKey });
        Assert.Equal("error retrieving external entities: no supported PGP signature found in RPM", refused.Error!.Message);
    }
}
