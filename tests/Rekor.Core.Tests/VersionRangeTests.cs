using Rekor.Core.Types;

namespace Rekor.Core.Tests;

public class VersionRangeTests
{
    [Theory]
    [InlineData("0.0.1", "0.0.1", true)]
    [InlineData("0.0.1", "0.0.2", false)]
    [InlineData(">=0.0.1 <0.1.0", "0.0.9", true)]
    [InlineData(">=0.0.1 <0.1.0", "0.1.0", false)]
    [InlineData(">0.0.1", "0.0.1", false)]
    [InlineData("<=1.0.0", "1.0.0-rc.1", true)]
    public void A_range_contains_exactly_the_versions_its_comparators_allow(string range, string version, bool expected) =>
        Assert.Equal(expected, VersionRange.Parse(range).Contains(SemanticVersion.Parse(version)));

    [Theory]
    [InlineData("")]
    [InlineData("about one")]
    [InlineData(">=0.0.1 and more")]
    public void A_malformed_range_is_refused(string range) =>
        Assert.Throws<FormatException>(() => VersionRange.Parse(range));

    [Fact]
    public void Pre_releases_order_before_their_release()
    {
        Assert.True(SemanticVersion.Parse("1.0.0-alpha") < SemanticVersion.Parse("1.0.0-alpha.1"));
        Assert.True(SemanticVersion.Parse("1.0.0-alpha.1") < SemanticVersion.Parse("1.0.0-beta"));
        Assert.True(SemanticVersion.Parse("1.0.0-rc.1") < SemanticVersion.Parse("1.0.0"));
    }
}
