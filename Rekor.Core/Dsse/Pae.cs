using System.Globalization;
using System.Text;

namespace Rekor.Core.Dsse;

/// <summary>
/// DSSE's pre-authentication encoding, the bytes a DSSE signature is over:
/// <c>"DSSEv1" SP len(type) SP type SP len(body) SP body</c>, lengths in bytes as ASCII decimal, the type as UTF-8.
/// </summary>
public static class Pae
{
    public static byte[] Encode(string payloadType, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(payloadType);
        var type = Encoding.UTF8.GetBytes(payloadType);
        var typeLength = Encoding.ASCII.GetBytes(type.Length.ToString(CultureInfo.InvariantCulture));
        var payloadLength = Encoding.ASCII.GetBytes(payload.Length.ToString(CultureInfo.InvariantCulture));
        ReadOnlySpan<byte> prefix = "DSSEv1 "u8;

        var result = new byte[prefix.Length + typeLength.Length + 1 + type.Length + 1 + payloadLength.Length + 1 + payload.Length];
        var at = 0;
        Write(prefix);
        Write(typeLength);
        Write(" "u8);
        Write(type);
        Write(" "u8);
        Write(payloadLength);
        Write(" "u8);
        Write(payload);
        return result;

        void Write(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(result.AsSpan(at));
            at += bytes.Length;
        }
    }
}
