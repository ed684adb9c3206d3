using Rekor.Server.Configuration;

namespace Rekor.Server.Tests.Api;

/// <summary>The options' printed form never shows the signer password.</summary>
public sealed class OptionsRedactionTests
{
    [Fact]
    public void The_signer_password_is_never_printed()
    {
        var options = new RekorServerOptions { SignerPassword = "correct horse battery staple" };

        var printed = options.ToString();

        Assert.DoesNotContain("correct horse", printed, StringComparison.Ordinal);
        Assert.Contains("SignerPassword = (set)", printed, StringComparison.Ordinal);
    }
}
