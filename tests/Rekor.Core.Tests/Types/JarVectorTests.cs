using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Rekor.Core.Merkle;
using Rekor.Core.Tests.Vectors;
using Rekor.Core.Types.Jar.V001;

namespace Rekor.Core.Tests.Types;

/// <summary>
/// The jar entry logged by the public Rekor (index 3120029, from sigstore-java's fixtures). Its archive is not kept by
/// the log, so these tests re-derive the canonical body from the logged one; signing is covered by
/// <see cref="JarV001EntryTests"/> with JARs of our own.
/// </summary>
public class JarVectorTests
{
    private const string File = "jar/public-3120029-sigstore-java-v1-response.json";

    [Fact]
    public void Recanonicalizing_the_logged_jar_body_gives_its_bytes_and_its_leaf_hash()
    {
        var (body, leafHashHex) = Vector();
        var entry = Assert.IsType<JarV001Entry>(LoggedEntry.Parse(body));

        var canonical = entry.CanonicalizeStoredEntry();

        Assert.True(canonical.Succeeded, canonical.Error?.Message);
        Assert.Equal(Encoding.UTF8.GetString(body), Encoding.UTF8.GetString(canonical.Value!));
        Assert.Equal(leafHashHex, Rfc6962.HashLeaf(canonical.Value).ToHex());
    }

    [Fact]
    public async Task The_logged_jar_is_indexed_by_its_signature_PEM_and_archive_hash()
    {
        var (body, _) = Vector();
        using var document = JsonDocument.Parse(body);
        var spec = document.RootElement.GetProperty("spec");
        var signaturePem = spec.GetProperty("signature").GetProperty("content").GetBytesFromBase64();
        var hash = spec.GetProperty("archive").GetProperty("hash").GetProperty("value").GetString();

        var keys = await LoggedEntry.Parse(body).IndexKeysAsync(CancellationToken.None);

        Assert.Equal([Convert.ToHexStringLower(SHA256.HashData(signaturePem)), "sha256:" + hash], keys.Value);
    }

    private static (byte[] Body, string LeafHashHex) Vector()
    {
        using var document = JsonDocument.Parse(System.IO.File.ReadAllBytes(VectorFiles.PathOf(File)));
        var root = document.RootElement;
        var entry = root.GetProperty("logEntry").EnumerateObject().Single();
        return (Convert.FromBase64String(entry.Value.GetProperty("body").GetString()!), root.GetProperty("leafHash").GetString()!);
    }
}
