namespace Rekor.Core.Pki.Pgp;

/// <summary>
/// Packet headers as Rekor's Go library writes them when it re-serializes a key: always the new format
/// (<c>0xC0 | tag</c>) with the shortest length encoding, whatever format the input used (GnuPG writes old-format
/// headers for keys, user IDs and signatures). Bodies are what BouncyCastle encodes, which for well-formed input is
/// what was read.
/// </summary>
internal static class PgpPacketFraming
{
    public const int SignatureTag = 2;
    public const int PublicKeyTag = 6;
    public const int UserIdTag = 13;
    public const int PublicSubkeyTag = 14;

    /// <summary>Writes <paramref name="body"/> as one packet with a new-format header (RFC 4880 §4.2.2; Go's <c>serializeHeader</c>).</summary>
    public static void WriteNewFormat(Stream output, int tag, ReadOnlySpan<byte> body)
    {
        output.WriteByte((byte)(0xC0 | tag));
        var length = body.Length;
        if (length < 192)
        {
            output.WriteByte((byte)length);
        }
        else if (length < 8384)
        {
            length -= 192;
            output.WriteByte((byte)((length >> 8) + 192));
            output.WriteByte((byte)length);
        }
        else
        {
            output.WriteByte(0xFF);
            output.WriteByte((byte)(length >> 24));
            output.WriteByte((byte)(length >> 16));
            output.WriteByte((byte)(length >> 8));
            output.WriteByte((byte)length);
        }

        output.Write(body);
    }

    /// <summary>
    /// The body of one complete packet as BouncyCastle encodes it (either header format, definite length), or null
    /// when <paramref name="packet"/> is not exactly one such packet.
    /// </summary>
    public static byte[]? BodyOf(ReadOnlySpan<byte> packet) =>
        LengthOfFirst(packet) is { } length && length == packet.Length ? packet[(int)(length - BodyLength(packet))..].ToArray() : null;

    /// <summary>
    /// The length (header and body) of the packet that starts <paramref name="packets"/>, if its header is complete and
    /// gives a definite length (the body itself may run past the end); null otherwise.
    /// </summary>
    public static long? LengthOfFirst(ReadOnlySpan<byte> packets) =>
        Header(packets) is var (headerLength, bodyLength) && headerLength > 0 ? headerLength + bodyLength : null;

    private static long BodyLength(ReadOnlySpan<byte> packet) => Header(packet).BodyLength;

    /// <summary>The header's length and the body length it gives; (0, 0) when there is no complete definite-length header.</summary>
    private static (int HeaderLength, long BodyLength) Header(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 2 || (packet[0] & 0x80) == 0)
        {
            return default;
        }

        int headerLength;
        long bodyLength;
        if ((packet[0] & 0x40) != 0)
        {
            var first = packet[1];
            if (first < 192)
            {
                (headerLength, bodyLength) = (2, first);
            }
            else if (first < 224 && packet.Length >= 3)
            {
                (headerLength, bodyLength) = (3, ((first - 192) << 8) + packet[2] + 192);
            }
            else if (first == 255 && packet.Length >= 6)
            {
                (headerLength, bodyLength) = (6, (long)packet[2] << 24 | (long)packet[3] << 16 | (long)packet[4] << 8 | packet[5]);
            }
            else
            {
                return default;
            }
        }
        else
        {
            var lengthOfLength = (packet[0] & 0x03) switch { 0 => 1, 1 => 2, 2 => 4, _ => -1 };
            if (lengthOfLength < 0 || packet.Length < 1 + lengthOfLength)
            {
                return default;
            }

            bodyLength = 0;
            for (var i = 0; i < lengthOfLength; i++)
            {
                bodyLength = (bodyLength << 8) | packet[1 + i];
            }

            headerLength = 1 + lengthOfLength;
        }

        return (headerLength, bodyLength);
    }
}
