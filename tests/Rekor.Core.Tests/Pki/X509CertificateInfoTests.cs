using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rekor.Core.Pki.X509;

namespace Rekor.Core.Tests.Pki;

/// <summary>
/// A certificate that loads but whose parts the platform decodes only when read (found by the hostile-input test: a
/// flipped bit in a validity date made reading NotBefore throw, a 500) is malformed, never an exception.
/// </summary>
public sealed class X509CertificateInfoTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(12)]
    public void A_certificate_with_a_broken_validity_date_is_malformed(int offset)
    {
        var der = SelfSigned();
        var validity = IndexOfUtcTime(der);
        der[validity + 2 + offset] = (byte)'x';

        var parsed = X509CertificateInfo.TryParse(der, out var certificate, out var error);

        Assert.False(parsed);
        Assert.Null(certificate);
        Assert.StartsWith("x509: malformed certificate", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_unbroken_certificate_parses()
    {
        Assert.True(X509CertificateInfo.TryParse(SelfSigned(), out var certificate, out var error), error);
        Assert.NotNull(certificate);
    }

    private static byte[] SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=validity", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), new DateTimeOffset(2034, 1, 2, 3, 4, 5, TimeSpan.Zero));
        return certificate.RawData;
    }

    /// <summary>The first UTCTime (tag 0x17, 13 bytes: YYMMDDHHMMSSZ): notBefore.</summary>
    private static int IndexOfUtcTime(byte[] der)
    {
        for (var i = 0; i < der.Length - 15; i++)
        {
            if (der[i] == 0x17 && der[i + 1] == 13 && der[i + 14] == (byte)'Z')
            {
                return i;
            }
        }

        throw new InvalidOperationException("no UTCTime in the certificate");
    }
}
