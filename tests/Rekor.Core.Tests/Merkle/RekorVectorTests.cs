using System.Text.Json;
using Rekor.Core.Merkle;

namespace Rekor.Core.Tests.Merkle;

/// <summary>Inclusion proofs that Sigstore's public Rekor really served (the shared vectors, see their README): our
/// verifier must accept every one and reject each after any single byte of its proof changes.</summary>
public class RekorVectorTests
{
    /// <summary>The vectors directory: REKOR_VECTORS if set, otherwise the first <c>shared/vectors</c> above the test
    /// binaries (the checkout's sibling <c>shared/</c>).</summary>
    private static readonly Lazy<string> VectorsDirectory = new(FindVectorsDirectory);

    public static TheoryData<string> VectorsWithProofs()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(VectorsDirectory.Value, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (ReadProof(file) is not null)
            {
                data.Add(Path.GetRelativePath(VectorsDirectory.Value, file));
            }
        }

        return data;
    }

    [Fact]
    public void Every_real_rekor_vector_with_a_proof_is_found()
    {
        // 36 vectors carry an inclusion proof (35 log entries and one proof-only file); a lower count means the
        // vectors moved or failed to parse, and the theories below would silently check fewer.
        var found = VectorsWithProofs().Count;
        Assert.True(found >= 36, $"only {found} vectors with an inclusion proof under {VectorsDirectory.Value}");
    }

    [Theory]
    [MemberData(nameof(VectorsWithProofs))]
    public void A_real_rekor_inclusion_proof_verifies_with_the_leaf_hash_of_its_body(string vector)
    {
        var p = ReadProof(Path.Combine(VectorsDirectory.Value, vector))!;
        var leaf = Rfc6962.HashLeaf(Convert.FromBase64String(p.BodyBase64));

        Assert.True(MerkleVerifier.VerifyInclusion(p.LogIndex, p.TreeSize, leaf, p.Hashes, p.RootHash));
        if (p.LeafHashHex is not null)
        {
            Assert.Equal(p.LeafHashHex, leaf.ToHex());
        }
    }

    [Theory]
    [MemberData(nameof(VectorsWithProofs))]
    public void A_real_rekor_inclusion_proof_fails_after_any_one_byte_of_any_hash_is_flipped(string vector)
    {
        var p = ReadProof(Path.Combine(VectorsDirectory.Value, vector))!;
        var leaf = Rfc6962.HashLeaf(Convert.FromBase64String(p.BodyBase64));

        for (var element = 0; element < p.Hashes.Length; element++)
        {
            for (var b = 0; b < Hash32.Length; b++)
            {
                var tampered = ProofTampering.FlipBit(p.Hashes, element, b, b % 8);
                Assert.False(MerkleVerifier.VerifyInclusion(p.LogIndex, p.TreeSize, leaf, tampered, p.RootHash), $"hash {element}, byte {b}");
            }
        }

        Assert.False(MerkleVerifier.VerifyInclusion(p.LogIndex + 1, p.TreeSize, leaf, p.Hashes, p.RootHash));
    }

    private sealed record VectorProof(string BodyBase64, long LogIndex, long TreeSize, Hash32[] Hashes, Hash32 RootHash, string? LeafHashHex);

    /// <summary>Reads body and inclusionProof from a LogEntry vector (<c>logEntry.&lt;key&gt;.verification</c>) or a
    /// proof-only vector (top-level <c>body</c> and <c>inclusionProof</c>); null when the file has no proof.</summary>
    private static VectorProof? ReadProof(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(file));
        var top = json.RootElement;
        if (top.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        JsonElement body;
        JsonElement proof;
        if (top.TryGetProperty("logEntry", out var logEntry))
        {
            var entry = logEntry.EnumerateObject().Single().Value;
            body = entry.GetProperty("body");
            if (!entry.TryGetProperty("verification", out var verification) || !verification.TryGetProperty("inclusionProof", out proof))
            {
                return null;
            }
        }
        else if (!top.TryGetProperty("body", out body) || !top.TryGetProperty("inclusionProof", out proof))
        {
            return null;
        }

        return new VectorProof(
            body.GetString()!,
            proof.GetProperty("logIndex").GetInt64(),
            proof.GetProperty("treeSize").GetInt64(),
            [.. proof.GetProperty("hashes").EnumerateArray().Select(h => Hash32.ParseHex(h.GetString()!))],
            Hash32.ParseHex(proof.GetProperty("rootHash").GetString()!),
            top.TryGetProperty("leafHash", out var leafHash) ? leafHash.GetString() : null);
    }

    private static string FindVectorsDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("REKOR_VECTORS");
        if (!string.IsNullOrEmpty(configured))
        {
            return Directory.Exists(configured)
                ? configured
                : throw new DirectoryNotFoundException($"REKOR_VECTORS names '{configured}', which does not exist");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "vectors");
            if (File.Exists(Path.Combine(candidate, "index.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"no shared/vectors/index.json above {AppContext.BaseDirectory}; set REKOR_VECTORS to the Rekor test vectors directory");
    }
}
