using Rekor.Server.Signing.Gcp;
using Xunit;

namespace Rekor.Server.Tests.Signing.Gcp;

public sealed class GcpKmsKeyNameTests
{
    [Fact]
    public void Parses_a_key_without_version()
    {
        var name = GcpKmsKeyName.Parse("gcpkms://projects/p/locations/global/keyRings/r/cryptoKeys/k");
        Assert.Equal("projects/p/locations/global/keyRings/r/cryptoKeys/k", name.CryptoKeyName);
        Assert.Null(name.Version);
    }

    [Theory]
    [InlineData("gcpkms://projects/p/locations/us/keyRings/r/cryptoKeys/k/cryptoKeyVersions/3")]
    [InlineData("gcpkms://projects/p/locations/us/keyRings/r/cryptoKeys/k/versions/3")]
    public void Parses_a_pinned_version_under_either_spelling(string uri)
    {
        var name = GcpKmsKeyName.Parse(uri);
        Assert.Equal("3", name.Version);
        Assert.Equal("projects/p/locations/us/keyRings/r/cryptoKeys/k/cryptoKeyVersions/3", name.VersionName(name.Version!));
    }

    [Theory]
    [InlineData("awskms://projects/p/locations/us/keyRings/r/cryptoKeys/k")]
    [InlineData("gcpkms://projects/p/locations/us/keyRings/r")]
    [InlineData("gcpkms://projects/p/locations/us/keyRings/r/cryptoKeys/k/")]
    [InlineData("gcpkms://projects//locations/us/keyRings/r/cryptoKeys/k")]
    [InlineData("gcpkms://projects/p/locations/us/keyRings/r/cryptoKeys/k?x=1")]
    [InlineData("gcpkms://projects/p/locations/us/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1/extra")]
    public void Refuses_other_uris(string uri) => Assert.Throws<FormatException>(() => GcpKmsKeyName.Parse(uri));
}
