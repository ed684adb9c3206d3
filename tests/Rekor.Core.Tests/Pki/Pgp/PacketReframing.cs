namespace Rekor.Core.Tests.Pki.Pgp;

/// <summary>
/// What Go's re-serialization does to a GnuPG export that holds only what Go keeps (one user ID, self-signatures,
/// bindings): the same packet bodies, every header rewritten in the new format. Written independently of the
/// production code, from RFC 4880 §4.2, so the canonical-key tests check it rather than repeat it.
/// </summary>
internal static class PacketReframing
{
    public static byte[] ToNewFormatHeaders(byte[] packets)
    {
        using var output = new MemoryStream();
        var at = 0;
        while (at < packets.Length)
        {
            var tagByte = packets[at];
            int tag, headerLength, bodyLength;
            if ((tagByte & 0x40) != 0)
            {
                tag = tagByte & 0x3F;
                var first = packets[at + 1];
                (headerLength, bodyLength) = first switch
                {
                    < 192 => (2, first),
                    < 224 => (3, ((first - 192) << 8) + packets[at + 2] + 192),
                    255 => (6, (packets[at + 2] << 24) | (packets[at + 3] << 16) | (packets[at + 4] << 8) | packets[at + 5]),
                    _ => throw new InvalidOperationException("partial lengths do not occur in key exports"),
                };
            }
            else
            {
                tag = (tagByte >> 2) & 0x0F;
                var lengthOfLength = 1 << (tagByte & 0x03);
                bodyLength = 0;
                for (var i = 0; i < lengthOfLength; i++)
                {
                    bodyLength = (bodyLength << 8) | packets[at + 1 + i];
                }

                headerLength = 1 + lengthOfLength;
            }

            output.WriteByte((byte)(0xC0 | tag));
            if (bodyLength < 192)
            {
                output.WriteByte((byte)bodyLength);
            }
            else if (bodyLength < 8384)
            {
                output.WriteByte((byte)(((bodyLength - 192) >> 8) + 192));
                output.WriteByte((byte)(bodyLength - 192));
            }
            else
            {
                output.WriteByte(255);
                output.Write([(byte)(bodyLength >> 24), (byte)(bodyLength >> 16), (byte)(bodyLength >> 8), (byte)bodyLength]);
            }

            output.Write(packets, at + headerLength, bodyLength);
            at += headerLength + bodyLength;
        }

        return output.ToArray();
    }
}
