using Rekor.Server.Storage;

namespace Rekor.Server.Tests.Storage;

public class SearchKeysTests
{
    [Theory]
    [InlineData(40, "sha1:")]
    [InlineData(64, "sha256:")]
    [InlineData(96, "sha384:")]
    [InlineData(128, "sha512:")]
    public void A_bare_hex_digest_gets_the_algorithm_its_length_implies_lowercased(int length, string prefix)
    {
        var digest = new string('A', length);

        Assert.Equal(prefix + new string('a', length), SearchKeys.ForArtifactHash(digest));
    }

    [Theory]
    [InlineData("SHA256:ABCD", "sha256:abcd")]
    [InlineData("sha512:00ff", "sha512:00ff")]
    [InlineData("abc", "abc")]
    [InlineData("", "")]
    public void A_hash_that_names_its_algorithm_or_has_no_digest_length_is_only_lowercased(string hash, string key) =>
        Assert.Equal(key, SearchKeys.ForArtifactHash(hash));
}
