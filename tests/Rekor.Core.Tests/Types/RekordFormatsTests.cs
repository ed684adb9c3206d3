using System.Security.Cryptography;
using System.Text;
using Rekor.Core.Pki;
using Rekor.Core.Tests.Pki.Minisign;
using Rekor.Core.Tests.Pki.Pgp;
using Rekor.Core.Tests.Pki.Ssh;
using Rekor.Core.Types;
using Rekor.Core.Types.Rekord.V001;

namespace Rekor.Core.Tests.Types;

/// <summary>
/// rekord 0.0.1 with the pgp, minisign and ssh formats, signed by the real tools (gpg, minisign, ssh-keygen): the kind takes any
/// format through <see cref="SignatureFormats"/> and stores the format's canonical key and signature. The x509 cases
/// are in <see cref="RekordV001EntryTests"/>.
/// </summary>
public sealed class RekordFormatsTests : IDisposable
{
    private static readonly byte[] Artifact = "v1.2.3 release notes\n"u8.ToArray();
    private static readonly string ArtifactSha256 = Convert.ToHexStringLower(SHA256.HashData(Artifact));

    private readonly SshKeygen _ssh = new();
    private readonly MinisignTool _minisign = new();
    private readonly Gpg _gpg = new();

    public void Dispose()
    {
        _ssh.Dispose();
        _minisign.Dispose();
        _gpg.Dispose();
    }

    public static TheoryData<string> Signers() =>
        ["pgp ed25519 armored", "pgp ed25519 binary", "pgp rsa3072 armored", "pgp nistp256 binary", "minisign", "minisign -l", "ssh ed25519", "ssh ecdsa", "ssh rsa"];

    /// <summary>A key and a signature over <paramref name="content"/> made by the tool <paramref name="signer"/> names.</summary>
    private (string Format, byte[] Signature, byte[] Key) Sign(string signer, byte[] content, string comment = "")
    {
        var parts = signer.Split(' ');
        if (parts[0] == "pgp")
        {
            var armored = parts[2] == "armored";
            var fingerprint = _gpg.NewKey($"Signer <{(comment.Length > 0 ? comment : "signer@example.com")}>", parts[1]);
            return ("pgp", _gpg.Sign(fingerprint, content, armored), _gpg.Export(armored, fingerprint));
        }

        if (parts[0] == "minisign")
        {
            return ("minisign", _minisign.Sign(content, legacy: parts.Length > 1), _minisign.PublicKeyFile);
        }

        var key = _ssh.NewKey(parts[1], comment);
        return ("ssh", _ssh.Sign(key, content), SshKeygen.PublicKeyLine(key));
    }

    private static (IArtifactSignature Signature, IArtifactPublicKey Key) Parse(string format, byte[] signature, byte[] key)
    {
        Assert.True(SignatureFormats.TryParseName(format, out var parsedFormat));
        Assert.True(SignatureFormats.TryParseSignature(parsedFormat, signature, out var parsedSignature, out var signatureError), signatureError);
        Assert.True(SignatureFormats.TryParsePublicKey(parsedFormat, key, out var parsedKey, out var keyError), keyError);
        return (parsedSignature, parsedKey);
    }

    [Theory]
    [MemberData(nameof(Signers))]
    public async Task A_signature_made_by_the_tool_is_admitted_with_the_formats_canonical_key_and_signature(string signer)
    {
        var (format, signature, key) = Sign(signer, Artifact);
        var entry = LoggedEntry.Parse(ProposedEntries.Rekord(format, signature, key, Artifact));

        Assert.True(entry.Validate().Succeeded, entry.Validate().Error?.Message);
        var canonical = await entry.CanonicalizeAsync(CancellationToken.None);

        Assert.True(canonical.Succeeded, canonical.Error?.Message);
        var (parsedSignature, parsedKey) = Parse(format, signature, key);
        var expected = "{\"apiVersion\":\"0.0.1\",\"kind\":\"rekord\",\"spec\":{\"data\":{\"hash\":{\"algorithm\":\"sha256\",\"value\":\"" + ArtifactSha256
            + "\"}},\"signature\":{\"content\":\"" + Convert.ToBase64String(parsedSignature.CanonicalValue) + "\",\"format\":\"" + format
            + "\",\"publicKey\":{\"content\":\"" + Convert.ToBase64String(parsedKey.CanonicalValue) + "\"}}}}";
        Assert.Equal(expected, Encoding.UTF8.GetString(canonical.Value!));
        Assert.Equal(
            [Convert.ToHexStringLower(SHA256.HashData(parsedKey.CanonicalValue)), .. parsedKey.Subjects.Select(s => s.ToLowerInvariant()), "sha256:" + ArtifactSha256],
            (await entry.IndexKeysAsync(CancellationToken.None)).Value);
        Assert.Equal(format == "pgp" ? ["signer@example.com"] : [], parsedKey.Subjects);

        // The logged body re-canonicalizes to itself, and verifies again once the artifact is put back.
        var stored = Assert.IsType<RekordV001Entry>(LoggedEntry.Parse(canonical.Value!));
        Assert.Equal(canonical.Value, stored.CanonicalizeStoredEntry().Value);
        Assert.True((await stored.WithArtifact(Artifact).VerifyAsync(CancellationToken.None)).Succeeded);
        Assert.False((await stored.WithArtifact([.. Artifact, 0x0a]).VerifyAsync(CancellationToken.None)).Succeeded);
    }

    [Theory]
    [MemberData(nameof(Signers))]
    public async Task A_signature_over_other_content_is_refused(string signer)
    {
        var (format, signature, key) = Sign(signer, "other content"u8.ToArray());

        var canonical = await LoggedEntry.Parse(ProposedEntries.Rekord(format, signature, key, Artifact)).CanonicalizeAsync(CancellationToken.None);

        Assert.Equal(EntryErrorKind.InvalidInput, canonical.Error?.Kind);
        Assert.False(string.IsNullOrWhiteSpace(canonical.Error?.Message));
    }

    [Theory]
    [InlineData("pgp ed25519 armored")]
    [InlineData("minisign")]
    [InlineData("ssh ed25519")]
    public async Task A_signature_checked_with_another_key_is_refused(string signer)
    {
        var (format, signature, _) = Sign(signer, Artifact);
        var otherKey = format switch
        {
            "pgp" => PgpFixtures.Read("ed25519.asc"),
            "minisign" => MinisignFixtures.Read("key.pub"),
            _ => SshKeygen.PublicKeyLine(_ssh.NewKey("ed25519")),
        };

        var canonical = await LoggedEntry.Parse(ProposedEntries.Rekord(format, signature, otherKey, Artifact)).CanonicalizeAsync(CancellationToken.None);

        Assert.Equal(EntryErrorKind.InvalidInput, canonical.Error?.Kind);
    }

    [Fact]
    public async Task A_key_of_another_format_is_refused_by_the_named_formats_parser()
    {
        var (_, signature, _) = Sign("minisign", Artifact);
        var sshKey = SshKeygen.PublicKeyLine(_ssh.NewKey("ed25519"));

        var entry = LoggedEntry.Parse(ProposedEntries.Rekord("minisign", signature, sshKey, Artifact));

        Assert.Equal("unable to read minisign public key: Invalid encoded public key", entry.Validate().Error?.Message);
        Assert.Equal(EntryErrorKind.InvalidInput, (await entry.CanonicalizeAsync(CancellationToken.None)).Error?.Kind);
    }

    [Fact]
    public async Task An_ssh_signature_for_another_namespace_is_refused()
    {
        var key = _ssh.NewKey("ed25519");
        var signature = _ssh.Sign(key, Artifact, ns: "git");

        var canonical = await LoggedEntry.Parse(ProposedEntries.Rekord("ssh", signature, SshKeygen.PublicKeyLine(key), Artifact)).CanonicalizeAsync(CancellationToken.None);

        Assert.Equal(EntryErrorKind.InvalidInput, canonical.Error?.Kind);
        Assert.Contains("namespace", canonical.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quirk_an_ssh_signature_hashed_with_sha256_is_refused_as_Rekor_refuses_it()
    {
        // Rekor verifies the re-armored signature, whose hash field it forces to sha512 (spec §9), so a valid
        // sha256 SSHSIG never verifies there; we reproduce that rather than admit entries Rekor would refuse.
        var key = _ssh.NewKey("ed25519");
        var signature = _ssh.Sign(key, Artifact, hashAlgorithm: "sha256");
        Assert.True(_ssh.OpenSshAccepts(signature, Artifact));

        var canonical = await LoggedEntry.Parse(ProposedEntries.Rekord("ssh", signature, SshKeygen.PublicKeyLine(key), Artifact)).CanonicalizeAsync(CancellationToken.None);

        Assert.Equal(EntryErrorKind.InvalidInput, canonical.Error?.Kind);
        Assert.Contains("sha256", canonical.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_committed_pgp_fixtures_are_admitted_armored_and_binary_with_one_canonical_key()
    {
        var message = PgpFixtures.Message;
        var armored = await LoggedEntry.Parse(ProposedEntries.Rekord("pgp", PgpFixtures.Read("message.txt.ed25519.asc"), PgpFixtures.Read("ed25519.asc"), message))
            .CanonicalizeAsync(CancellationToken.None);
        var binary = await LoggedEntry.Parse(ProposedEntries.Rekord("pgp", PgpFixtures.Read("message.txt.ed25519.sig"), PgpFixtures.Read("ed25519.gpg"), message))
            .CanonicalizeAsync(CancellationToken.None);
        var expired = await LoggedEntry.Parse(ProposedEntries.Rekord("pgp", PgpFixtures.Read("message.txt.expired.sig"), PgpFixtures.Read("expired.gpg"), message))
            .CanonicalizeAsync(CancellationToken.None);

        Assert.True(armored.Succeeded, armored.Error?.Message);
        Assert.True(binary.Succeeded, binary.Error?.Message);
        var armoredKey = System.Text.Json.Nodes.JsonNode.Parse(armored.Value!)!["spec"]!["signature"]!["publicKey"]!["content"]!.GetValue<string>();
        var binaryKey = System.Text.Json.Nodes.JsonNode.Parse(binary.Value!)!["spec"]!["signature"]!["publicKey"]!["content"]!.GetValue<string>();
        Assert.Equal(armoredKey, binaryKey);
        Assert.Equal(EntryErrorKind.InvalidInput, expired.Error?.Kind);
    }

    [Fact]
    public async Task An_ssh_key_whose_comment_is_an_email_is_indexed_by_it()
    {
        var (format, signature, key) = Sign("ssh ed25519", Artifact, comment: "Release@Example.org");

        var keys = (await LoggedEntry.Parse(ProposedEntries.Rekord(format, signature, key, Artifact)).IndexKeysAsync(CancellationToken.None)).Value!;

        Assert.Contains("release@example.org", keys);
    }

    [Theory]
    [InlineData("artifact1.txt.minisig")]
    [InlineData("artifact1.txt.legacy.minisig")]
    public async Task The_committed_minisign_fixtures_are_admitted_with_every_key_form(string signatureFile)
    {
        var artifact = MinisignFixtures.Read("artifact1.txt");
        var signature = MinisignFixtures.Read(signatureFile);
        var leaves = new List<byte[]>();
        foreach (var key in new[] { MinisignFixtures.Read("key.pub"), MinisignFixtures.Read("key.pub.base64"), MinisignFixtures.RawKey })
        {
            var canonical = await LoggedEntry.Parse(ProposedEntries.Rekord("minisign", signature, key, artifact)).CanonicalizeAsync(CancellationToken.None);
            Assert.True(canonical.Succeeded, canonical.Error?.Message);
            leaves.Add(canonical.Value!);
        }

        // The canonical key is the same whichever form was sent, except the legacy raw form, which has no key ID.
        Assert.Equal(leaves[0], leaves[1]);
        Assert.NotEqual(leaves[0], leaves[2]);
    }

    [Theory]
    [InlineData("pgp ed25519 binary")]
    [InlineData("minisign")]
    [InlineData("ssh ed25519")]
    public async Task A_client_builds_a_verified_entry_from_the_artifact_in_any_format(string signer)
    {
        var (format, signature, key) = Sign(signer, Artifact);

        var built = RekordV001Entry.FromArtifact(new ArtifactInput { Artifact = Artifact, Signature = signature, VerificationMaterial = key, SignatureFormat = format });
        var broken = RekordV001Entry.FromArtifact(new ArtifactInput { Artifact = Artifact.AsMemory(1), Signature = signature, VerificationMaterial = key, SignatureFormat = format });

        Assert.True(built.Succeeded, built.Error?.Message);
        Assert.True((await built.Value!.CanonicalizeAsync(CancellationToken.None)).Succeeded);
        Assert.Equal(EntryErrorKind.InvalidInput, broken.Error?.Kind);
        Assert.Equal("unexpected format of public key: gpg",
            RekordV001Entry.FromArtifact(new ArtifactInput { Artifact = Artifact, Signature = signature, VerificationMaterial = key, SignatureFormat = "gpg" }).Error?.Message);
    }
}
