using Rekor.Server.Signing.Aws;
using Xunit;

namespace Rekor.Server.Tests.Signing.Aws;

/// <summary>The <c>awskms://[ENDPOINT]/KEY</c> forms Sigstore's awskms signer accepts, and ones it refuses.</summary>
public sealed class AwsKmsKeyReferenceTests
{
    private const string Uuid = "1234abcd-12ab-34cd-56ef-1234567890ab";

    [Theory]
    [InlineData("awskms:///" + Uuid, null, Uuid, AwsKmsKeyForm.KeyId, null)]
    [InlineData("awskms://localhost:4566/" + Uuid, "localhost:4566", Uuid, AwsKmsKeyForm.KeyId, null)]
    [InlineData("awskms:///mrk-1234abcd12ab34cd56ef1234567890ab", null, "mrk-1234abcd12ab34cd56ef1234567890ab", AwsKmsKeyForm.KeyId, null)]
    [InlineData("awskms:///arn:aws:kms:us-east-2:111122223333:key/" + Uuid, null, "arn:aws:kms:us-east-2:111122223333:key/" + Uuid, AwsKmsKeyForm.KeyArn, null)]
    [InlineData("awskms://kms.example:443/arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/" + Uuid, "kms.example:443",
        "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/" + Uuid, AwsKmsKeyForm.KeyArn, null)]
    [InlineData("awskms:///alias/rekor", null, "alias/rekor", AwsKmsKeyForm.AliasName, "alias/rekor")]
    [InlineData("awskms://localhost:4566/alias/team/rekor-shard-2", "localhost:4566", "alias/team/rekor-shard-2", AwsKmsKeyForm.AliasName, "alias/team/rekor-shard-2")]
    [InlineData("awskms:///arn:aws:kms:us-east-2:111122223333:alias/ExampleAlias", null, "arn:aws:kms:us-east-2:111122223333:alias/ExampleAlias", AwsKmsKeyForm.AliasArn, "alias/ExampleAlias")]
    [InlineData("awskms://127.0.0.1:9/arn:aws-cn:kms:cn-north-1:111122223333:alias/x", "127.0.0.1:9", "arn:aws-cn:kms:cn-north-1:111122223333:alias/x", AwsKmsKeyForm.AliasArn, "alias/x")]
    public void Parses_every_form(string uri, string? endpoint, string keyId, AwsKmsKeyForm form, string? alias)
    {
        var reference = AwsKmsKeyReference.Parse(uri);

        Assert.Equal(endpoint, reference.Endpoint);
        Assert.Equal(keyId, reference.KeyId);
        Assert.Equal(form, reference.Form);
        Assert.Equal(alias, reference.Alias);
        Assert.Equal(uri, reference.ToString());
    }

    [Theory]
    [InlineData("gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k")]
    [InlineData("awskms://")]
    [InlineData("awskms://localhost:4566")]
    [InlineData("awskms:///")]
    [InlineData("awskms:///rekor")]
    [InlineData("awskms:///alias/")]
    [InlineData("awskms:///1234abcd-12ab-34cd-56ef-1234567890")]
    [InlineData("awskms:///arn:aws:kms:us-east-2:1111:key/" + Uuid)]
    [InlineData("awskms:///arn:aws:s3:us-east-2:111122223333:key/" + Uuid)]
    [InlineData("awskms:///arn:aws:kms:us-east-2:111122223333:key/rekor")]
    [InlineData("awskms://host/path/" + Uuid)]
    public void Refuses_malformed_references(string uri)
    {
        Assert.False(AwsKmsKeyReference.TryParse(uri, out _, out var error));
        Assert.Contains(uri, error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => AwsKmsKeyReference.Parse(uri));
    }
}
