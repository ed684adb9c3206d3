using System.Buffers.Binary;
using Rekor.Core.Pki.Pgp;
using Rekor.Core.Types.Rpm;

namespace Rekor.Core.Tests.Types.Rpm;

/// <summary>
/// The RPM reader on the committed fixture and on truncated and hostile packages: every refusal is a message, never an
/// exception, and lengths are checked against the bytes present before anything is allocated for them.
/// </summary>
public sealed class RpmPackageTests
{
    private const int SignatureHeaderStart = 96;

    private static PgpPublicKey SignerKey()
    {
        Assert.True(PgpPublicKey.TryParse(RpmFixtures.SignerKey, out var key, out var error), error);
        return key;
    }

    private static string ReadError(byte[] package)
    {
        Assert.False(RpmPackage.TryRead(package, out _, out var error));
        return error;
    }

    /// <summary>The fixture with the big-endian 32-bit value at <paramref name="offset"/> replaced.</summary>
    private static byte[] WithUInt32(int offset, uint value)
    {
        var package = RpmFixtures.Signed;
        BinaryPrimitives.WriteUInt32BigEndian(package.AsSpan(offset), value);
        return package;
    }

    [Fact]
    public void The_fixture_reads_with_its_nevra_md5_and_one_header_signature_that_verifies()
    {
        Assert.True(RpmPackage.TryRead(RpmFixtures.Signed, out var package, out var error), error);

        Assert.True(package.TryGetNevra(out var nevra, out error), error);
        Assert.Equal(new RpmNevra("rekor-test", "4", "1.2", "3", "noarch"), nevra);
        Assert.Equal(RpmFixtures.SignedMd5, Convert.ToHexStringLower(package.Md5!));
        Assert.True(package.TryVerify(SignerKey(), out var signatures, out error), error);
        Assert.Equal(1, signatures);
    }

    [Fact]
    public void The_unsigned_fixture_verifies_its_digests_and_has_no_signature()
    {
        Assert.True(RpmPackage.TryRead(RpmFixtures.Unsigned, out var package, out var error), error);

        Assert.True(package.TryVerify(SignerKey(), out var signatures, out error), error);
        Assert.Equal(0, signatures);
    }

    [Theory]
    [InlineData(0, "error reading RPM lead: EOF")]
    [InlineData(95, "error reading RPM lead: unexpected EOF")]
    [InlineData(96, "error reading RPM header: EOF")]
    [InlineData(100, "error reading RPM header: unexpected EOF")]
    [InlineData(200, "error reading RPM header table: unexpected EOF")]
    public void A_truncated_package_is_refused_saying_what_was_being_read(int length, string message)
    {
        Assert.Equal(message, ReadError(RpmFixtures.Signed[..length]));
    }

    [Fact]
    public void Every_truncation_of_a_signed_package_is_refused_without_an_exception()
    {
        var key = SignerKey();
        var signed = RpmFixtures.Signed;
        for (var length = 0; length < signed.Length; length++)
        {
            var prefix = signed[..length];
            var verified = RpmPackage.TryRead(prefix, out var package, out var error) && package.TryVerify(key, out _, out error);
            Assert.False(verified, $"a package cut to {length} bytes verified");
            Assert.False(string.IsNullOrEmpty(error));
        }
    }

    [Fact]
    public void A_file_that_is_not_an_rpm_is_refused()
    {
        Assert.Equal("file is not an RPM", ReadError(WithUInt32(0, 0x504B0304)));
        Assert.Equal("bad magic for header", ReadError(WithUInt32(SignatureHeaderStart, 0x8EADE802)));
    }

    [Theory]
    [InlineData(0xFFFFFFFFu)]
    [InlineData(0x10000000u)]
    [InlineData(0x7FFFFFFFu)]
    public void A_huge_index_count_is_refused_before_anything_is_allocated(uint count)
    {
        Assert.Equal("error reading RPM header table: unexpected EOF", ReadError(WithUInt32(SignatureHeaderStart + 8, count)));
    }

    [Theory]
    [InlineData(0xFFFFFFFFu)]
    [InlineData(0xFFFFFFF9u)]
    [InlineData(0x80000000u)]
    public void A_huge_data_size_is_refused_even_where_padding_it_would_overflow(uint size)
    {
        Assert.Equal("error reading RPM header data: unexpected EOF", ReadError(WithUInt32(SignatureHeaderStart + 12, size)));
    }

    [Theory]
    [InlineData(8, 0x7FFFFFFFu)] // offset past the data store
    [InlineData(8, 0x80000000u)] // negative offset
    [InlineData(12, 0x7FFFFFFFu)] // count overflowing the data store
    [InlineData(12, 0xFFFFFFFFu)] // negative count
    public void An_index_entry_outside_the_data_store_is_refused_naming_its_tag(int field, uint value)
    {
        // The signature header's first index entry follows its 16-byte intro.
        var firstEntry = SignatureHeaderStart + 16;
        var tag = BinaryPrimitives.ReadInt32BigEndian(RpmFixtures.Signed.AsSpan(firstEntry));

        Assert.Equal($"tag {tag} is truncated", ReadError(WithUInt32(firstEntry + field, value)));
    }

    [Fact]
    public void A_string_entry_without_its_terminator_is_refused()
    {
        // The main header's NAME entry made to claim more strings than its data store holds.
        var (start, _) = RpmTampering.MainHeader(RpmFixtures.Signed);
        var package = RpmFixtures.Signed;
        var entries = BinaryPrimitives.ReadInt32BigEndian(package.AsSpan(start + 8));
        var name = Enumerable.Range(0, entries).Select(i => start + 16 + (i * 16)).First(at => BinaryPrimitives.ReadInt32BigEndian(package.AsSpan(at)) == 1000);
        BinaryPrimitives.WriteInt32BigEndian(package.AsSpan(name + 12), 1_000_000);

        Assert.Equal("tag 1000 is truncated", ReadError(package));
    }

    [Fact]
    public void A_signature_tag_must_hold_exactly_one_signature_packet_naming_its_issuer()
    {
        Assert.True(RpmPackage.TryRead(RpmFixtures.Signed, out var package, out var error), error);
        Assert.True(package.SignatureHeader.TryGetBytes(268, out var rsaHeaderSignature, out error), error);
        var blob = rsaHeaderSignature.ToArray();
        var keyPacket = SignerKey().Entities[0].Primary.GetEncoded();

        Assert.True(PgpSignaturePacket.TryRead(blob, out var packet, out error), error);
        Assert.NotNull(packet.IssuerKeyId);
        Assert.False(PgpSignaturePacket.TryRead([.. blob, 0xC2], out _, out error));
        Assert.Equal("trailing garbage after PGP signature packet", error);
        Assert.False(PgpSignaturePacket.TryRead(keyPacket, out _, out error));
        Assert.Equal("no supported PGP signature packet found", error);
        Assert.False(PgpSignaturePacket.TryRead([], out _, out error));
        Assert.Equal("EOF", error);
    }

    [Fact]
    public void Random_corruption_is_refused_or_read_but_never_throws()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var key = SignerKey();
        var signed = RpmFixtures.Signed;
        var headerEnd = RpmTampering.MainHeader(signed) is var (start, length) ? start + length : 0;
        // 500 rounds: a round that reaches the RSA verification costs about 15 ms with BouncyCastle on this machine.
        for (var round = 0; round < 500; round++)
        {
            var package = signed.ToArray();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                package[random.Next(headerEnd)] = (byte)random.Next(256);
            }

            try
            {
                if (RpmPackage.TryRead(package, out var read, out _))
                {
                    read.TryVerify(key, out _, out _);
                    read.TryGetNevra(out _, out _);
                }
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed}, round {round}: {e}");
            }
        }
    }
}
