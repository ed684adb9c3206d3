using System.Security.Cryptography;
using System.Text;
using Rekor.Core.Pki.Pgp;
using Rekor.Core.Tests.Pki.Pgp;
using Rekor.Core.Types;
using Rekor.Core.Types.Helm.V001;

namespace Rekor.Core.Tests.Types.Helm;

/// <summary>
/// helm 0.0.1 as Rekor's <c>pkg/types/helm/v0.0.1</c> and <c>provenance.go</c> behave, with provenance files in helm's
/// exact format clear-signed by the real gpg (see <see cref="HelmProvenanceFiles"/>).
/// </summary>
public sealed class HelmV001EntryTests : IDisposable
{
    private readonly Gpg _gpg = new();

    public void Dispose() => _gpg.Dispose();

    private (string Fingerprint, byte[] Key) NewKey(string algorithm = "ed25519", string email = "charts@example.com")
    {
        var fingerprint = _gpg.NewKey($"Chart Signer <{email}>", algorithm);
        return (fingerprint, _gpg.Export(armor: true, fingerprint));
    }

    private static byte[] CanonicalKey(byte[] key)
    {
        Assert.True(PgpPublicKey.TryParse(key, out var parsed, out var error), error);
        return parsed.CanonicalValue.ToArray();
    }

    /// <summary>The signature of a clear-signed file as Rekor stores it: its packets armored the Go way.</summary>
    private static byte[] CanonicalSignature(byte[] provenance)
    {
        Assert.True(PgpClearSignedMessage.TryDecode(provenance, out var message));
        Assert.True(PgpSignature.TryParse(message.SignaturePackets, out var signature, out var error), error);
        return signature.CanonicalValue.ToArray();
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
            return validated.Error!.Message;
        }

        var canonical = await entry.CanonicalizeAsync(CancellationToken.None);
        Assert.False(canonical.Succeeded);
        Assert.Equal(EntryErrorKind.InvalidInput, canonical.Error!.Kind);
        return canonical.Error.Message;
    }

    [Fact]
    public async Task The_fixture_is_admitted_with_its_chart_hash_and_indexed_by_key_email_and_chart_hash()
    {
        var fixtures = Path.Combine(AppContext.BaseDirectory, "Types", "Helm", "Fixtures");
        var key = File.ReadAllBytes(Path.Combine(fixtures, "signer.asc"));
        var provenance = File.ReadAllBytes(Path.Combine(fixtures, "mychart-0.1.0.tgz.prov"));
        var chartHash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(fixtures, "mychart-0.1.0.tgz"))));
        var entry = LoggedEntry.Parse(HelmProvenanceFiles.Proposed(key, provenance));

        var canonical = await entry.CanonicalizeAsync(CancellationToken.None);
        var keys = await entry.IndexKeysAsync(CancellationToken.None);

        Assert.True(canonical.Succeeded, canonical.Error?.Message);
        Assert.Contains($"\"hash\":{{\"algorithm\":\"sha256\",\"value\":\"{chartHash}\"}}", Encoding.UTF8.GetString(canonical.Value!), StringComparison.Ordinal);
        Assert.Equal([Convert.ToHexStringLower(SHA256.HashData(CanonicalKey(key))), "charts@example.com", "sha256:" + chartHash], keys.Value!);
    }

    [Theory]
    [InlineData("ed25519")]
    [InlineData("rsa3072")]
    [InlineData("nistp256")]
    public async Task A_provenance_signed_by_gpg_is_admitted_with_the_chart_hash_and_the_canonical_signature(string algorithm)
    {
        var (fingerprint, key) = NewKey(algorithm);
        var chart = HelmProvenanceFiles.Chart(algorithm);
        var provenance = HelmProvenanceFiles.Sign(_gpg, fingerprint, HelmProvenanceFiles.MessageBlock(chart));

        var canonical = await Admit(HelmProvenanceFiles.Proposed(key, provenance));

        var expected = "{\"apiVersion\":\"0.0.1\",\"kind\":\"helm\",\"spec\":{\"chart\":{\"hash\":{\"algorithm\":\"sha256\",\"value\":\""
            + HelmProvenanceFiles.ChartSha256(chart) + "\"},\"provenance\":{\"signature\":{\"content\":\""
            + Convert.ToBase64String(CanonicalSignature(provenance)) + "\"}}},\"publicKey\":{\"content\":\""
            + Convert.ToBase64String(CanonicalKey(key)) + "\"}}}";
        Assert.Equal(expected, Encoding.UTF8.GetString(canonical));
    }

    [Fact]
    public async Task A_logged_body_read_back_gives_the_same_bytes_and_verifies_once_the_provenance_is_put_back()
    {
        var (fingerprint, key) = NewKey();
        var provenance = HelmProvenanceFiles.Sign(_gpg, fingerprint, HelmProvenanceFiles.MessageBlock(HelmProvenanceFiles.Chart("read back")));
        var canonical = await Admit(HelmProvenanceFiles.Proposed(key, provenance));

        var logged = Assert.IsType<HelmV001Entry>(LoggedEntry.Parse(canonical));

        Assert.Equal(canonical, logged.CanonicalizeStoredEntry().Value);
        Assert.False((await logged.VerifyAsync(CancellationToken.None)).Succeeded);
        Assert.True((await logged.WithProvenance(provenance).VerifyAsync(CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task A_provenance_is_indexed_by_key_hash_email_and_the_chart_hash_it_names()
    {
        var (fingerprint, key) = NewKey(email: "Charts@Example.com");
        var chart = HelmProvenanceFiles.Chart("indexed");
        var entry = LoggedEntry.Parse(HelmProvenanceFiles.Proposed(key, HelmProvenanceFiles.Sign(_gpg, fingerprint, HelmProvenanceFiles.MessageBlock(chart))));

        var keys = await entry.IndexKeysAsync(CancellationToken.None);

        Assert.Equal(
            [Convert.ToHexStringLower(SHA256.HashData(CanonicalKey(key))), "charts@example.com", "sha256:" + HelmProvenanceFiles.ChartSha256(chart)],
            keys.Value!);
    }

    [Fact]
    public async Task A_provenance_signed_by_another_key_is_refused()
    {
        var (signer, _) = NewKey();
        var (_, other) = NewKey(email: "other@example.com");
        var provenance = HelmProvenanceFiles.Sign(_gpg, signer, HelmProvenanceFiles.MessageBlock(HelmProvenanceFiles.Chart("other")));

        Assert.Equal("openpgp: signature made by unknown entity", await Refusal(HelmProvenanceFiles.Proposed(other, provenance)));
    }

    [Fact]
    public async Task A_provenance_whose_chart_hash_was_changed_is_refused_by_its_signature()
    {
        var (fingerprint, key) = NewKey();
        var chart = HelmProvenanceFiles.Chart("tampered");
        var provenance = Encoding.UTF8.GetString(HelmProvenanceFiles.Sign(_gpg, fingerprint, HelmProvenanceFiles.MessageBlock(chart)));
        var hash = HelmProvenanceFiles.ChartSha256(chart);
        var tampered = provenance.Replace(hash, HelmProvenanceFiles.ChartSha256(HelmProvenanceFiles.Chart("another chart")), StringComparison.Ordinal);

        Assert.Equal("openpgp: invalid signature: EdDSA verification failure", await Refusal(HelmProvenanceFiles.Proposed(key, Encoding.UTF8.GetBytes(tampered))));
    }

    [Fact]
    public async Task A_detached_signature_instead_of_a_clear_signed_file_is_refused()
    {
        var (fingerprint, key) = NewKey();
        var detached = _gpg.Sign(fingerprint, Encoding.UTF8.GetBytes(HelmProvenanceFiles.MessageBlock(HelmProvenanceFiles.Chart("detached"))), armor: true);

        Assert.Equal("unable to decode provenance file", await Refusal(HelmProvenanceFiles.Proposed(key, detached)));
    }

    [Theory]
    [InlineData("name: mychart\nfiles:\n  mychart-0.1.0.tgz: sha256:00\n", "error occurred parsing message block: message block must have at least two parts")]
    [InlineData("name: mychart\n\n...\nimages:\n  example.com/app: sha256:00\n", "unable to locate chart hash")]
    [InlineData("name: mychart\n\n...\nfiles: {}\n", "no checksums found")]
    [InlineData("name: mychart\n\n...\nfiles:\n  mychart-0.1.0.tgz: 00ff\n", "invalid hash found in Provenance file")]
    [InlineData("name: mychart\n\n...\nfiles:\n  mychart-0.1.0.tgz: 12\n", "error occurred parsing message block: error occurred parsing SumCollection: json: cannot unmarshal number into Go value of type string")]
    public async Task A_signed_provenance_without_a_usable_chart_hash_is_refused_with_Rekors_message(string text, string message)
    {
        var (fingerprint, key) = NewKey();

        Assert.Equal(message, await Refusal(HelmProvenanceFiles.Proposed(key, HelmProvenanceFiles.Sign(_gpg, fingerprint, text))));
    }

    [Fact]
    public async Task A_chart_hash_of_another_algorithm_is_kept_as_the_provenance_writes_it()
    {
        var (fingerprint, key) = NewKey();
        var text = "name: mychart\n\n...\nfiles:\n  \"mychart-0.1.0.tgz\": 'SHA512:ABCD'\n";

        var canonical = Encoding.UTF8.GetString(await Admit(HelmProvenanceFiles.Proposed(key, HelmProvenanceFiles.Sign(_gpg, fingerprint, text))));

        Assert.Contains("\"hash\":{\"algorithm\":\"SHA512\",\"value\":\"ABCD\"}", canonical, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_spec_without_provenance_content_is_refused_with_Rekors_message()
    {
        var (_, key) = NewKey();

        Assert.Equal("provenance file contains no content", await Refusal(
            "{\"kind\":\"helm\",\"apiVersion\":\"0.0.1\",\"spec\":{\"publicKey\":{\"content\":\"" + Convert.ToBase64String(key)
            + "\"},\"chart\":{\"provenance\":{\"signature\":{\"content\":\"AAAA\"}}}}}"));
        Assert.Equal("'content' must be specified for provenance", await Refusal(
            "{\"kind\":\"helm\",\"apiVersion\":\"0.0.1\",\"spec\":{\"publicKey\":{\"content\":\"" + Convert.ToBase64String(key)
            + "\"},\"chart\":{\"provenance\":{}}}}"));
        Assert.Equal("'content' must be specified for provenance", await Refusal(
            "{\"kind\":\"helm\",\"apiVersion\":\"0.0.1\",\"spec\":{\"publicKey\":{\"content\":\"" + Convert.ToBase64String(key)
            + "\"},\"chart\":{\"provenance\":{\"signature\":{\"content\":\"\"}}}}}"));
    }

    [Fact]
    public void FromArtifact_builds_a_verified_entry_and_refuses_a_file_that_is_not_clear_signed()
    {
        var (fingerprint, key) = NewKey();
        var provenance = HelmProvenanceFiles.Sign(_gpg, fingerprint, HelmProvenanceFiles.MessageBlock(HelmProvenanceFiles.Chart("from artifact")));

        Assert.True(HelmV001Entry.FromArtifact(new ArtifactInput { Artifact = provenance, VerificationMaterial = key }).Succeeded);
        Assert.Equal(
            "error retrieving external entities: unable to decode provenance file",
            HelmV001Entry.FromArtifact(new ArtifactInput { Artifact = "not signed"u8.ToArray(), VerificationMaterial = key }).Error!.Message);
    }
}
