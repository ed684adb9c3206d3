using System.Text;
using Rekor.Server.Signing.Gcp;
using Xunit;

namespace Rekor.Server.Tests.Signing.Gcp;

/// <summary>The Castagnoli CRC against its check value and the shared KMS test vector (kms-wire.md §0).</summary>
public sealed class Crc32CTests
{
    [Fact]
    public void Check_value_of_123456789()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0u, Crc32C.Compute([]));
    }

    [Fact]
    public void Shared_vector_digest_signature_and_pem()
    {
        Assert.Equal(3868753934u, Crc32C.Compute(Convert.FromHexString(KmsVector.DigestHex)));
        Assert.Equal(1243456541u, Crc32C.Compute(Convert.FromBase64String(KmsVector.SignatureBase64)));
        Assert.Equal(25090513u, Crc32C.Compute(Encoding.UTF8.GetBytes(KmsVector.PublicKeyPem)));
    }
}
