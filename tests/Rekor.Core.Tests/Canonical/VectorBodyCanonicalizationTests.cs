using System.Text;
using Rekor.Core.Canonical;
using Rekor.Core.Tests.Vectors;

namespace Rekor.Core.Tests.Canonical;

/// <summary>Rekor's stored bodies from the real logs, against our canonical form.</summary>
public class VectorBodyCanonicalizationTests
{
    /// <summary>
    /// Bodies logged before Rekor began canonicalizing leaves (rekor PR #445, October 2021): their members are in
    /// Go struct order (apiVersion, spec, kind), so they are not JCS (vectors README §8.1). Listed, not skipped:
    /// the tests check that they really are not canonical.
    /// </summary>
    private static readonly string[] PreJcsBodies =
    [
        "rekord/public-25579-rekor-release-verify-doc.json",
        "rekord/public-5179-sigstore-python-cosign-bundle.json",
    ];

    public static TheoryData<string> Files() => [.. RekorVector.All.Select(v => v.File)];

    [Theory]
    [MemberData(nameof(Files))]
    public void A_logged_body_is_already_canonical(string file)
    {
        var body = RekorVector.Named(file).Body;

        var canonical = JsonCanonicalizer.Canonicalize(body);

        if (PreJcsBodies.Contains(file))
        {
            Assert.NotEqual(body, canonical);
            Assert.Equal(body.Length, canonical.Length);
        }
        else
        {
            Assert.Equal(Encoding.UTF8.GetString(body), Encoding.UTF8.GetString(canonical));
            Assert.Equal(body, canonical);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void The_decoded_body_canonicalizes_to_the_logged_bytes(string file)
    {
        var vector = RekorVector.Named(file);

        var canonical = JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(vector.DecodedBodyJson));

        Assert.Equal(JsonCanonicalizer.Canonicalize(vector.Body), canonical);
        if (!PreJcsBodies.Contains(file))
        {
            Assert.Equal(vector.Body, canonical);
        }
    }

    [Fact]
    public void Every_vector_with_a_log_entry_is_checked() =>
        Assert.True(RekorVector.All.Count >= 38, $"only {RekorVector.All.Count} vectors found under {VectorFiles.Root}");
}
