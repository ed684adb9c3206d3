using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Rekor.Core.Types.Rpm;

/// <summary>
/// One RPM header structure (the signature header or the main header), read as go-rpmutils' <c>readHeader</c> reads
/// it: a 16-byte intro (magic <c>8E AD E8 01</c>, reserved, index count, data size, big-endian), the index (16 bytes an
/// entry: tag, type, offset, count, signed 32-bit) and the data store, padded to 8 bytes for the signature header.
/// A tag seen twice keeps its last entry. Every entry's contents lie inside the data store: the reader checks each
/// against it (Go's slicing would panic), so a hostile header is refused with a message, never an exception, and nothing
/// is allocated beyond the bytes already held.
/// </summary>
internal sealed class RpmHeader
{
    public const int IntroLength = 16;
    private const uint Magic = 0x8EADE801;

    private readonly byte[] _source;
    private readonly int _dataOffset;
    private readonly Dictionary<int, Entry> _entries;

    /// <summary>One index entry; its contents are <c>_source[Offset..Offset+Length]</c>.</summary>
    private readonly record struct Entry(int Type, int Count, int Offset, int Length);

    private RpmHeader(byte[] source, int start, int length, int dataOffset, Dictionary<int, Entry> entries)
    {
        _source = source;
        Start = start;
        Length = length;
        _dataOffset = dataOffset;
        _entries = entries;
    }

    /// <summary>Where the header starts in the package.</summary>
    public int Start { get; }

    /// <summary>The header's length in bytes, intro to the end of its (padded) data: what a header signature covers.</summary>
    public int Length { get; }

    /// <summary>The header's bytes as they appear in the package.</summary>
    public ReadOnlySpan<byte> Bytes => _source.AsSpan(Start, Length);

    /// <summary>Reads the header at <paramref name="start"/> of <paramref name="source"/>; <paramref name="padded"/> for the signature header.</summary>
    public static bool TryRead(byte[] source, int start, bool padded, [NotNullWhen(true)] out RpmHeader? header, [NotNullWhen(false)] out string? error)
    {
        header = null;
        var available = source.Length - (long)start;
        if (available < IntroLength)
        {
            error = "error reading RPM header: " + (available <= 0 ? "EOF" : "unexpected EOF");
            return false;
        }

        var intro = source.AsSpan(start, IntroLength);
        if (BinaryPrimitives.ReadUInt32BigEndian(intro) != Magic)
        {
            error = "bad magic for header";
            return false;
        }

        long entryCount = BinaryPrimitives.ReadUInt32BigEndian(intro[8..]);
        long dataSize = BinaryPrimitives.ReadUInt32BigEndian(intro[12..]);
        if (padded)
        {
            dataSize = (dataSize + 7) / 8 * 8;
        }

        // Counts are checked against the bytes present before anything is allocated for them.
        var indexOffset = start + IntroLength;
        if (entryCount * 16 > source.Length - (long)indexOffset)
        {
            error = "error reading RPM header table: unexpected EOF";
            return false;
        }

        var dataOffset = indexOffset + (int)(entryCount * 16);
        if (dataSize > source.Length - (long)dataOffset)
        {
            error = "error reading RPM header data: unexpected EOF";
            return false;
        }

        var data = source.AsSpan(dataOffset, (int)dataSize);
        var entries = new Dictionary<int, Entry>();
        for (var i = 0; i < entryCount; i++)
        {
            var index = source.AsSpan(indexOffset + (i * 16), 16);
            var tag = BinaryPrimitives.ReadInt32BigEndian(index);
            var type = BinaryPrimitives.ReadInt32BigEndian(index[4..]);
            var offset = BinaryPrimitives.ReadInt32BigEndian(index[8..]);
            var count = BinaryPrimitives.ReadInt32BigEndian(index[12..]);
            if (!TryLocate(data, type, offset, count, out var length))
            {
                error = $"tag {tag} is truncated";
                return false;
            }

            entries[tag] = new Entry(type, count, dataOffset + offset, length);
        }

        header = new RpmHeader(source, start, dataOffset + (int)dataSize - start, dataOffset, entries);
        error = null;
        return true;
    }

    /// <summary>Whether the header has <paramref name="tag"/>.</summary>
    public bool Has(int tag) => _entries.ContainsKey(tag);

    /// <summary>go-rpmutils' <c>GetBytes</c>: the contents of a binary tag; null if absent, an error if of another type.</summary>
    public bool TryGetBytes(int tag, out ReadOnlySpan<byte> bytes, out string? error)
    {
        bytes = default;
        error = null;
        if (!_entries.TryGetValue(tag, out var entry))
        {
            return false;
        }

        if (entry.Type != RpmTagType.Binary)
        {
            error = $"unsupported datatype for bytes: {entry.Type}, tag: {tag}";
            return false;
        }

        bytes = _source.AsSpan(entry.Offset, entry.Length);
        return true;
    }

    /// <summary>go-rpmutils' <c>GetStrings</c>: the strings of a string, string-array or i18n-string tag; null if absent, of another type or empty.</summary>
    public IReadOnlyList<string>? GetStrings(int tag)
    {
        if (!_entries.TryGetValue(tag, out var entry) || entry.Type is not (RpmTagType.String or RpmTagType.StringArray or RpmTagType.I18nString))
        {
            return null;
        }

        // The reader found `Count` NUL-terminated strings in the contents; the last NUL ends the last one.
        var strings = Encoding.UTF8.GetString(_source, entry.Offset, entry.Length).Split('\0');
        return entry.Count <= 0 ? null : strings[..entry.Count];
    }

    /// <summary>go-rpmutils' <c>GetUint64s</c>: the values of an integer tag (8, 16, 32 or 64 bits, big-endian); null if absent or not an integer.</summary>
    public IReadOnlyList<ulong>? GetUnsignedIntegers(int tag)
    {
        if (!_entries.TryGetValue(tag, out var entry) || RpmTagType.FixedSize(entry.Type) is not (var size and > 0) || entry.Type == RpmTagType.Binary)
        {
            return null;
        }

        var contents = _source.AsSpan(entry.Offset, entry.Length);
        var values = new ulong[contents.Length / size];
        for (var i = 0; i < values.Length; i++)
        {
            var item = contents.Slice(i * size, size);
            values[i] = size switch
            {
                1 => item[0],
                2 => BinaryPrimitives.ReadUInt16BigEndian(item),
                4 => BinaryPrimitives.ReadUInt32BigEndian(item),
                _ => BinaryPrimitives.ReadUInt64BigEndian(item),
            };
        }

        return values;
    }

    /// <summary>
    /// The length of an entry's contents at <paramref name="offset"/> of <paramref name="data"/>: fixed-size types take
    /// <c>size × count</c> bytes, every other type (strings, and types go-rpmutils does not know) <paramref name="count"/>
    /// NUL-terminated strings. False when that runs outside the data store.
    /// </summary>
    private static bool TryLocate(ReadOnlySpan<byte> data, int type, int offset, int count, out int length)
    {
        length = 0;
        if (offset < 0 || offset > data.Length || count < 0)
        {
            return false;
        }

        var size = RpmTagType.FixedSize(type);
        if (size >= 0)
        {
            var bytes = (long)size * count;
            if (bytes > data.Length - offset)
            {
                return false;
            }

            length = (int)bytes;
            return true;
        }

        // Each string takes at least one byte, so this ends within the data store whatever the count.
        var end = offset;
        for (var i = 0; i < count; i++)
        {
            var terminator = data[end..].IndexOf((byte)0);
            if (terminator < 0)
            {
                return false;
            }

            end += terminator + 1;
        }

        length = end - offset;
        return true;
    }
}
