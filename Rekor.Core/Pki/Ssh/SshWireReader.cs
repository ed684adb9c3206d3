using System.Buffers.Binary;
using System.Numerics;

namespace Rekor.Core.Pki.Ssh;

/// <summary>
/// Reads the SSH wire encoding (RFC 4251 §5): <c>uint32</c> big-endian, <c>string</c> as a uint32 length and that
/// many bytes, <c>mpint</c> as a two's-complement big-endian string. Never reads past its input; every read
/// reports failure instead of throwing.
/// </summary>
internal ref struct SshWireReader(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> _rest = data;

    public readonly bool IsEmpty => _rest.IsEmpty;

    /// <summary>What has not been read yet.</summary>
    public readonly ReadOnlySpan<byte> Rest => _rest;

    public bool TryReadBytes(int count, out ReadOnlySpan<byte> bytes)
    {
        if (count < 0 || _rest.Length < count)
        {
            bytes = default;
            return false;
        }

        bytes = _rest[..count];
        _rest = _rest[count..];
        return true;
    }

    public bool TryReadUInt32(out uint value)
    {
        if (!TryReadBytes(4, out var bytes))
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        return true;
    }

    public bool TryReadString(out ReadOnlySpan<byte> value)
    {
        value = default;
        return TryReadUInt32(out var length) && length <= int.MaxValue && TryReadBytes((int)length, out value);
    }

    /// <summary>An mpint as Go's <c>ssh</c> package reads it: leading zero bytes allowed, a set top bit means negative.</summary>
    public bool TryReadMpint(out BigInteger value)
    {
        if (!TryReadString(out var bytes))
        {
            value = default;
            return false;
        }

        value = new BigInteger(bytes, isUnsigned: false, isBigEndian: true);
        return true;
    }

    /// <summary>Writes <paramref name="value"/> as an SSH <c>string</c>.</summary>
    public static void WriteString(Stream stream, ReadOnlySpan<byte> value)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)value.Length);
        stream.Write(length);
        stream.Write(value);
    }

    /// <summary>Writes <paramref name="value"/> as a minimal SSH <c>mpint</c> (zero is the empty string), as Go does.</summary>
    public static void WriteMpint(Stream stream, BigInteger value) =>
        WriteString(stream, value.IsZero ? [] : value.ToByteArray(isUnsigned: false, isBigEndian: true));
}
