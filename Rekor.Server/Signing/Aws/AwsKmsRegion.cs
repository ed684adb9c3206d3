namespace Rekor.Server.Signing.Aws;

/// <summary>
/// Finds the AWS region as the Go SDK Rekor uses does: <c>AWS_REGION</c> first, then <c>AWS_DEFAULT_REGION</c> (the
/// .NET SDK reads only the former, and the Sigstore Helm chart sets only the latter). Never asks the instance metadata
/// service.
/// </summary>
internal static class AwsKmsRegion
{
    public const string RegionVariable = "AWS_REGION";
    public const string DefaultRegionVariable = "AWS_DEFAULT_REGION";

    /// <summary>The region to sign requests for, or an <see cref="InvalidOperationException"/> naming the variables to set.</summary>
    public static string Resolve(AwsKmsSettings settings)
    {
        var region = NonEmpty(settings.Region)
            ?? NonEmpty(settings.Environment(RegionVariable))
            ?? NonEmpty(settings.Environment(DefaultRegionVariable));
        return region ?? throw new InvalidOperationException(
            $"AWS KMS signer: no AWS region; set {RegionVariable} or {DefaultRegionVariable}");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
