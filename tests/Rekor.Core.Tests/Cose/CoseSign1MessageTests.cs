using System.Formats.Cbor;
using System.Security.Cryptography;
using Rekor.Core.Cose;

namespace Rekor.Core.Tests.Cose;

/// <summary>
/// The COSE_Sign1 reader on well-formed, truncated and hostile inputs: every refusal is a false with a message,
/// never an exception, a hang or an allocation sized by the input's claims.
/// </summary>
public class CoseSign1MessageTests
{
    private static readonly ECDsa Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private static readonly byte[] Valid = TestCose.Sign1("payload"u8.ToArray(), TestCose.ES256, TestCose.Es256(Key), contentType: "text/plain");

    private static string Refusal(byte[] message)
    {
        Assert.False(CoseSign1Message.TryRead(message, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
        return error;
    }

    [Fact]
    public void A_message_reads_to_its_parts_and_its_Sig_structure_is_RFC_9052s()
    {
        Assert.True(CoseSign1Message.TryRead(Valid, out var message, out var error), error);
        Assert.Equal("payload"u8.ToArray(), message.Payload);
        Assert.Equal(TestCose.ES256, message.Header.Algorithm);
        Assert.Equal("text/plain", message.Header.ContentType);
        Assert.Equal(TestCose.ProtectedHeader(TestCose.ES256, "text/plain"), message.ProtectedHeaderBytes);
        Assert.Equal(TestCose.SigStructure(message.ProtectedHeaderBytes, "aad"u8.ToArray(), "payload"u8.ToArray()), message.ToBeSigned("aad"u8));
    }

    [Fact]
    public void Every_truncation_is_refused()
    {
        for (var length = 0; length < Valid.Length; length++)
        {
            Refusal(Valid[..length]);
        }
    }

    [Fact]
    public void Trailing_bytes_are_refused() => Assert.Contains("extraneous", Refusal([.. Valid, 0x00]));

    [Fact]
    public void Lengths_beyond_the_input_are_refused_without_allocating_them()
    {
        // Payload claimed as a byte string of 2^64-1 bytes, and of 2^31 bytes.
        Refusal([0xd2, 0x84, 0x40, 0xa0, 0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x41, 0x00]);
        Refusal([0xd2, 0x84, 0x40, 0xa0, 0x5a, 0x80, 0x00, 0x00, 0x00, 0x41, 0x00]);

        // An unprotected map claiming 2^32-1 pairs.
        Refusal([0xd2, 0x84, 0x40, 0xba, 0xff, 0xff, 0xff, 0xff, 0x40, 0x41, 0x00]);
    }

    [Fact]
    public void Deep_nesting_in_the_unprotected_header_is_refused_without_recursion()
    {
        const int depth = 100_000;
        var message = new List<byte> { 0xd2, 0x84, 0x40, 0xa1, 0x20 };
        message.AddRange(Enumerable.Repeat((byte)0x81, depth));
        message.Add(0x00);
        message.AddRange([0x40, 0x41, 0x00]);

        Assert.Contains("nested level", Refusal([.. message]));
    }

    [Fact]
    public void Indefinite_lengths_tags_duplicate_labels_and_wrong_types_are_refused()
    {
        // Indefinite-length payload.
        Refusal([0xd2, 0x84, 0x40, 0xa0, 0x5f, 0x41, 0x00, 0xff, 0x41, 0x00]);

        // A tag inside the unprotected header.
        Refusal([0xd2, 0x84, 0x40, 0xa1, 0x20, 0xc1, 0x00, 0x40, 0x41, 0x00]);

        // Unprotected header that is not a map; a label that is neither int nor text.
        Refusal([0xd2, 0x84, 0x40, 0x80, 0x40, 0x41, 0x00]);
        Refusal([0xd2, 0x84, 0x40, 0xa1, 0x40, 0x00, 0x40, 0x41, 0x00]);

        // Protected header that is not a map, and one with alg twice.
        Refusal([0xd2, 0x84, 0x41, 0x80, 0xa0, 0x40, 0x41, 0x00]);
        Assert.Contains("protected header", Refusal([0xd2, 0x84, 0x45, 0xa2, 0x01, 0x26, 0x01, 0x26, 0xa0, 0x40, 0x41, 0x00]));

        // Empty signature.
        Assert.Equal("empty signature", Refusal([0xd2, 0x84, 0x40, 0xa0, 0x40, 0x40]));
    }

    [Fact]
    public void A_tag_inside_the_protected_header_is_read_as_go_cose_reads_it()
    {
        // {1: -7, 99: 1(0)}: go-cose decodes the protected bytes on their own, tags allowed.
        byte[] header = [0xa2, 0x01, 0x26, 0x18, 0x63, 0xc1, 0x00];
        byte[] message = [0xd2, 0x84, 0x47, .. header, 0xa0, 0x40, 0x41, 0x00];

        Assert.True(CoseSign1Message.TryRead(message, out var read, out var error), error);
        Assert.Equal(TestCose.ES256, read.Header.Algorithm);

        // A tagged alg is not an int or a text.
        byte[] taggedAlg = [0xa1, 0x01, 0xc1, 0x26];
        Assert.Contains("alg: require int / tstr type", Refusal([0xd2, 0x84, 0x44, .. taggedAlg, 0xa0, 0x40, 0x41, 0x00]));
    }

    [Fact]
    public void Random_mutations_never_throw()
    {
        var random = new Random(1234);
        for (var i = 0; i < 20_000; i++)
        {
            var mutated = (byte[])Valid.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            CoseSign1Message.TryRead(mutated, out _, out _);
        }
    }

    [Fact]
    public void A_detached_payload_reads_as_null()
    {
        var writer = new CborWriter();
        writer.WriteTag((CborTag)18);
        writer.WriteStartArray(4);
        writer.WriteByteString(TestCose.ProtectedHeader(TestCose.ES256));
        writer.WriteStartMap(0);
        writer.WriteEndMap();
        writer.WriteNull();
        writer.WriteByteString([1]);
        writer.WriteEndArray();

        Assert.True(CoseSign1Message.TryRead(writer.Encode(), out var message, out _));
        Assert.Null(message.Payload);
    }
}
