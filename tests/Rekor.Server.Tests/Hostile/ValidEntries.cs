using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Rekor.Core.Tests.Cose;
using Rekor.Core.Tests.Tuf;
using Rekor.Core.Tests.Vectors;
using Rekor.Server.Tests.Api;
using Rekor.Server.Tests.Attestations;

namespace Rekor.Server.Tests.Hostile;

/// <summary>A valid request body the mutations start from, and where it came from.</summary>
internal sealed record NamedBody(string Name, string Json);

/// <summary>
/// The valid proposed entries mutations start from: a hashedrekord signed here, a rekord (x509) signed here, rekords
/// in the pgp, minisign and ssh formats from fixtures the real tools made (so every run starts from the same bytes), an
/// rpm and a helm entry from fixtures (rpmsign, gpg --clearsign), a dsse and an intoto entry signed here, a cose, an
/// alpine and a tuf entry made here, every
/// hashedrekord body logged by a real Rekor (a logged hashedrekord body is a valid proposed entry), and the logged
/// rekord bodies (which lack their artifact, so the server refuses them: mutations of them probe the refusal paths).
/// Built once per test process: ECDSA signatures are randomized, and the same bytes must be resent to get a 409.
/// </summary>
internal static class ValidEntries
{
    public const string Artifact = "the hostile-input test's own artifact";

    private static readonly SignedArtifacts HashedRekordSigner = new();

    private static readonly ECDsa RekordKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private static readonly EnvelopeEntries Envelopes = new();

    public static byte[] ArtifactSha256 { get; } = SHA256.HashData(Encoding.UTF8.GetBytes(Artifact));

    /// <summary>The PEM of the key that signed <see cref="FreshHashedRekord"/>.</summary>
    public static string PublicKeyPem => HashedRekordSigner.PublicKeyPem;

    public static NamedBody FreshHashedRekord { get; } = new("hashedrekord signed here", HashedRekordSigner.HashedRekord(Artifact));

    public static NamedBody FreshRekord { get; } = new("rekord (x509) signed here", Rekord(Encoding.UTF8.GetBytes(Artifact)));

    public static IReadOnlyList<NamedBody> All { get; } =
    [
        FreshHashedRekord,
        FreshRekord,
        FixtureRekord("rekord (minisign fixture)", "minisign", "Minisign", "artifact1.txt", "artifact1.txt.minisig", "key.pub"),
        FixtureRekord("rekord (minisign legacy fixture)", "minisign", "Minisign", "artifact1.txt", "artifact1.txt.legacy.minisig", "key.pub"),
        FixtureRekord("rekord (ssh fixture)", "ssh", "Ssh", "artifact.txt", "artifact.txt.sig", "key.pub"),
        FixtureRekord("rekord (pgp fixture, armored)", "pgp", "Pgp", "message.txt", "message.txt.ed25519.asc", "ed25519.asc"),
        FixtureRekord("rekord (pgp fixture, binary RSA)", "pgp", "Pgp", "message.txt", "message.txt.rsa2048.sig", "rsa2048.gpg"),
        new("rpm (rpmsign fixture)", Rekor.Core.Tests.Types.Rpm.RpmEntries.Proposed(Fixture("Rpm", "signer.asc"), Fixture("Rpm", "rekor-test-1.2-3.noarch.signed.rpm"))),
        new("helm (gpg clear-signed fixture)", Rekor.Core.Tests.Types.Helm.HelmProvenanceFiles.Proposed(Fixture("Helm", "signer.asc"), Fixture("Helm", "mychart-0.1.0.tgz.prov"))),
        new("dsse signed here", Envelopes.Dsse(EnvelopeEntries.Statement("the hostile-input test's dsse subject"))),
        new("intoto 0.0.2 signed here", Envelopes.Intoto(EnvelopeEntries.Statement("the hostile-input test's intoto subject"))),
        new("cose signed here", TestCose.Entry(CoseApiTests.NewMessage(out _), CoseApiTests.Pem, new JsonObject())),
        new("alpine built here", AlpineApiTests.Proposed(AlpineApiTests.NewPackage())),
        new("tuf signed here", Tuf()),
        new("jar (jarsigner EC fixture)", ArchiveEntry("jar", "archive", Fixture("Jar", "ec-signed.jar"))),
        new("rfc3161 (openssl ts fixture)", ArchiveEntry("rfc3161", "tsr", Fixture("Rfc3161", "rsa.tsr"))),
        .. RekorVector.All
            .Where(v => v.File.StartsWith("hashedrekord/", StringComparison.Ordinal) || v.File.StartsWith("rekord/", StringComparison.Ordinal))
            .Select(v => new NamedBody(v.File, Encoding.UTF8.GetString(v.Body))),
    ];

    /// <summary>A jar or rfc3161 proposed entry: <c>{spec: {member: {content: base64}}}</c>.</summary>
    private static string ArchiveEntry(string kind, string member, byte[] content) => new JsonObject
    {
        ["kind"] = kind,
        ["apiVersion"] = "0.0.1",
        ["spec"] = new JsonObject { [member] = new JsonObject { ["content"] = Convert.ToBase64String(content) } },
    }.ToJsonString();

    private static byte[] Fixture(string directory, string file) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", directory, file));

    /// <summary>Targets metadata and its root, one Ed25519 key holding every role.</summary>
    private static string Tuf()
    {
        var key = TestTuf.Ed25519();
        return TestTuf.Entry(TestTuf.Sign(TestTuf.TargetsSigned(), key), TestTuf.Sign(TestTuf.RootSigned([key], 1, [key], 1), key));
    }

    private static NamedBody FixtureRekord(string name, string format, string directory, string artifact, string signature, string key)
    {
        byte[] Read(string file) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", directory, file));
        return new(name, Rekord(format, Read(signature), Read(key), Read(artifact)));
    }

    private static string Rekord(byte[] content) =>
        Rekord("x509", RekordKey.SignData(content, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence), Encoding.ASCII.GetBytes(RekordKey.ExportSubjectPublicKeyInfoPem() + "\n"), content);

    private static string Rekord(string format, byte[] signature, byte[] key, byte[] content) => new JsonObject
    {
        ["kind"] = "rekord",
        ["apiVersion"] = "0.0.1",
        ["spec"] = new JsonObject
        {
            ["signature"] = new JsonObject
            {
                ["format"] = format,
                ["content"] = Convert.ToBase64String(signature),
                ["publicKey"] = new JsonObject { ["content"] = Convert.ToBase64String(key) },
            },
            ["data"] = new JsonObject { ["content"] = Convert.ToBase64String(content) },
        },
    }.ToJsonString();
}
