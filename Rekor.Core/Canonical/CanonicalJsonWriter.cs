using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Rekor.Core.Canonical;

/// <summary>
/// Writes RFC 8785 tokens (strings, numbers, punctuation) into a growable buffer rented from the shared pool.
/// It knows nothing of structure: the caller writes members in sorted order. Single-owner; dispose to return the
/// buffer. Everything written is valid UTF-8: strings are checked before they are written.
/// </summary>
internal sealed class CanonicalJsonWriter : IDisposable
{
    private byte[] _buffer;
    private int _length;

    public CanonicalJsonWriter(int initialCapacity = 1024)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 64));
    }

    /// <summary>Bytes written so far.</summary>
    public int Length => _length;

    /// <summary>The bytes written so far; valid until the next write.</summary>
    public Span<byte> Written => _buffer.AsSpan(0, _length);

    public byte[] ToArray() => Written.ToArray();

    /// <summary>Forgets everything written after <paramref name="length"/>.</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, _length);
        _length = length;
    }

    public void WriteByte(byte value)
    {
        Reserve(1)[0] = value;
        _length++;
    }

    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        _length += bytes.Length;
    }

    public void WriteNumber(double value) => _length += EcmaScriptNumber.Format(value, Reserve(EcmaScriptNumber.MaxLength));

    /// <summary>
    /// A string token whose UTF-8 content needs no escaping: the raw text of an unescaped JSON string token, which
    /// the JSON grammar already keeps free of quotes, backslashes and control characters.
    /// </summary>
    /// <returns>False if <paramref name="utf8"/> is not valid UTF-8 (nothing is written then).</returns>
    public bool TryWriteUnescapedString(ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            return false;
        }

        var destination = Reserve(utf8.Length + 2);
        destination[0] = (byte)'"';
        utf8.CopyTo(destination[1..]);
        destination[utf8.Length + 1] = (byte)'"';
        _length += utf8.Length + 2;
        return true;
    }

    /// <summary>
    /// A string token escaped as RFC 8785 §3.2.2.2 says: <c>"</c> and <c>\</c> escaped, U+0008/9/A/C/D as
    /// <c>\b \t \n \f \r</c>, other controls below U+0020 as lowercase <c>\u00xx</c>, everything else as UTF-8.
    /// </summary>
    /// <returns>False if <paramref name="text"/> holds a lone surrogate (nothing is written then).</returns>
    public bool TryWriteString(ReadOnlySpan<char> text)
    {
        var start = _length;
        WriteByte((byte)'"');
        while (!text.IsEmpty)
        {
            var plain = text.IndexOfAnyInRange('\u0000', '\u001f');
            var special = text.IndexOfAny('"', '\\');
            var stop = plain < 0 ? special : special < 0 ? plain : Math.Min(plain, special);
            var run = stop < 0 ? text : text[..stop];
            if (!run.IsEmpty && !TryWriteUtf8(run))
            {
                _length = start;
                return false;
            }

            if (stop < 0)
            {
                break;
            }

            WriteEscape(text[stop]);
            text = text[(stop + 1)..];
        }

        WriteByte((byte)'"');
        return true;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private bool TryWriteUtf8(ReadOnlySpan<char> run)
    {
        var destination = Reserve(Encoding.UTF8.GetMaxByteCount(run.Length));
        var status = Utf8.FromUtf16(run, destination, out _, out var written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            return false;
        }

        _length += written;
        return true;
    }

    private void WriteEscape(char c)
    {
        var shortForm = c switch
        {
            '"' => '"',
            '\\' => '\\',
            '\b' => 'b',
            '\t' => 't',
            '\n' => 'n',
            '\f' => 'f',
            '\r' => 'r',
            _ => '\0',
        };

        if (shortForm != '\0')
        {
            var pair = Reserve(2);
            pair[0] = (byte)'\\';
            pair[1] = (byte)shortForm;
            _length += 2;
            return;
        }

        var escape = Reserve(6);
        escape[0] = (byte)'\\';
        escape[1] = (byte)'u';
        escape[2] = (byte)'0';
        escape[3] = (byte)'0';
        escape[4] = LowerHex[c >> 4];
        escape[5] = LowerHex[c & 0xf];
        _length += 6;
    }

    private static ReadOnlySpan<byte> LowerHex => "0123456789abcdef"u8;

    /// <summary>A span of at least <paramref name="size"/> free bytes at the end; grows the buffer if needed.</summary>
    private Span<byte> Reserve(int size)
    {
        if (_buffer.Length - _length < size)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + size));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return _buffer.AsSpan(_length);
    }
}
