using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.IO.Compression;

namespace Rekor.Core.Alpine;

/// <summary>
/// One member of a concatenation of gzip streams (RFC 1952), read as Go's <c>compress/gzip</c> reads it with
/// <c>Multistream(false)</c>: the header checked, the deflate data inflated, the CRC-32 and size of the trailer
/// checked, and the exact offset where the member ends reported, so the next member (or the rest) starts there.
/// </summary>
/// <remarks>
/// The output is bounded: inflating stops with an error once it passes <c>maxOutput</c> bytes, so a gzip bomb costs
/// at most that much memory. To know where the deflate data ends, the inflater is fed one byte per read: it then never
/// holds input beyond the end of the deflate stream.
/// </remarks>
internal static class GzipMember
{
    private const byte FlagHeaderCrc = 0x02;
    private const byte FlagExtra = 0x04;
    private const byte FlagName = 0x08;
    private const byte FlagComment = 0x10;
    private const byte ReservedFlags = 0xe0;

    /// <summary>
    /// Reads the member starting at <paramref name="start"/>. On success, <paramref name="content"/> is its
    /// decompressed bytes and <paramref name="end"/> the offset just past its trailer. <paramref name="tooLarge"/> is
    /// set when the content passed <paramref name="maxOutput"/> (the error then says so, with the size reached).
    /// </summary>
    public static bool TryRead(
        ReadOnlyMemory<byte> input, int start, long maxOutput,
        [NotNullWhen(true)] out byte[]? content, out int end, out bool tooLarge, [NotNullWhen(false)] out string? error)
    {
        content = null;
        end = start;
        tooLarge = false;
        var span = input.Span;
        if (!TryReadHeader(span, start, out var deflateStart, out error))
        {
            return false;
        }

        using var feed = new OneByteAtATimeStream(input[deflateStart..]);
        using var output = new MemoryStream();
        try
        {
            using var inflater = new DeflateStream(feed, CompressionMode.Decompress, leaveOpen: true);
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = inflater.Read(buffer)) > 0)
            {
                output.Write(buffer, 0, read);
                if (output.Length > maxOutput)
                {
                    tooLarge = true;
                    error = $"decompressed size ({output.Length}) exceeds max allowed size {maxOutput}";
                    return false;
                }
            }
        }
        catch (InvalidDataException e)
        {
            error = "flate: corrupt input: " + e.Message;
            return false;
        }

        var trailer = deflateStart + (int)feed.Position;
        if (!feed.ReachedEndOfDeflate || span.Length - trailer < 8)
        {
            error = "unexpected EOF";
            return false;
        }

        var bytes = output.ToArray();
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(span[trailer..]);
        var size = BinaryPrimitives.ReadUInt32LittleEndian(span[(trailer + 4)..]);
        if (crc != Crc32.Append(0, bytes) || size != (uint)bytes.Length)
        {
            error = "gzip: invalid checksum";
            return false;
        }

        content = bytes;
        end = trailer + 8;
        return true;
    }

    /// <summary>Why the member's header at <paramref name="start"/> cannot be read (Go's <c>gzip.NewReader</c> and <c>Reset</c> errors), or null.</summary>
    public static string? HeaderError(ReadOnlySpan<byte> input, int start) => TryReadHeader(input, start, out _, out var error) ? null : error;

    /// <summary>The fixed ten bytes, then the optional fields the flags announce; <paramref name="deflateStart"/> follows them.</summary>
    private static bool TryReadHeader(ReadOnlySpan<byte> span, int start, out int deflateStart, [NotNullWhen(false)] out string? error)
    {
        deflateStart = 0;
        if (start >= span.Length)
        {
            error = "EOF";
            return false;
        }

        var header = span[start..];
        if (header.Length < 10)
        {
            error = "unexpected EOF";
            return false;
        }

        if (header[0] != 0x1f || header[1] != 0x8b || header[2] != 8 || (header[3] & ReservedFlags) != 0)
        {
            error = "gzip: invalid header";
            return false;
        }

        var flags = header[3];
        var at = 10;
        if ((flags & FlagExtra) != 0)
        {
            if (header.Length < at + 2)
            {
                error = "unexpected EOF";
                return false;
            }

            at += 2 + BinaryPrimitives.ReadUInt16LittleEndian(header[at..]);
        }

        foreach (var flag in new[] { FlagName, FlagComment })
        {
            if ((flags & flag) != 0 && at <= header.Length)
            {
                var zero = header[at..].IndexOf((byte)0);
                at = zero < 0 ? int.MaxValue : at + zero + 1;
            }
        }

        if ((flags & FlagHeaderCrc) != 0 && at <= header.Length - 2)
        {
            var expected = BinaryPrimitives.ReadUInt16LittleEndian(header[at..]);
            if (expected != (ushort)Crc32.Append(0, header[..at]))
            {
                error = "gzip: invalid header";
                return false;
            }

            at += 2;
        }

        if (at > header.Length)
        {
            error = "unexpected EOF";
            return false;
        }

        deflateStart = start + at;
        error = null;
        return true;
    }

    /// <summary>Gives the inflater one byte per read, so that when it finishes, <see cref="Position"/> is exactly the end of the deflate data.</summary>
    private sealed class OneByteAtATimeStream(ReadOnlyMemory<byte> bytes) : Stream
    {
        private int _position;

        private bool _askedPastEnd;

        /// <summary>Whether the inflater stopped by itself (end of the final block) rather than by running out of input.</summary>
        public bool ReachedEndOfDeflate => !_askedPastEnd;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => bytes.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (buffer.IsEmpty)
            {
                return 0;
            }

            if (_position >= bytes.Length)
            {
                _askedPastEnd = true;
                return 0;
            }

            buffer[0] = bytes.Span[_position++];
            return 1;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
