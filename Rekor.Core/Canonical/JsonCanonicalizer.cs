using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Rekor.Core.Canonical;

/// <summary>
/// RFC 8785 JSON Canonicalization Scheme (JCS): the form in which Rekor stores entry bodies and signs SETs.
/// Members sorted by UTF-16 code units, no whitespace, strings with minimal escaping, numbers in ECMAScript form.
/// Input must be I-JSON: duplicate member names, lone surrogates, invalid UTF-8 and numbers outside the double range
/// are refused. The input is read once with <see cref="Utf8JsonReader"/>; the output is written directly, with no
/// intermediate document.
/// </summary>
public static class JsonCanonicalizer
{
    /// <summary>Deeper nesting is refused; Rekor's bodies are a handful of levels deep.</summary>
    public const int MaxDepth = 64;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = MaxDepth,
    };

    /// <summary>The canonical form of the JSON text <paramref name="utf8Json"/>.</summary>
    /// <exception cref="FormatException">The text is not JSON, or not I-JSON (the message says why).</exception>
    public static byte[] Canonicalize(ReadOnlySpan<byte> utf8Json) =>
        TryCanonicalize(utf8Json, out var canonical, out var error)
            ? canonical
            : throw new FormatException("couldn't canonicalize JSON: " + error);

    /// <summary>The canonical form of <paramref name="element"/> (as its raw JSON text).</summary>
    /// <exception cref="FormatException">It holds duplicate member names or values outside I-JSON.</exception>
    public static byte[] Canonicalize(JsonElement element) => Canonicalize(JsonMarshal.GetRawUtf8Value(element));

    /// <summary>
    /// Canonicalizes <paramref name="utf8Json"/>, or says in <paramref name="error"/> why it cannot be: malformed
    /// JSON, a duplicate member name, a lone surrogate, invalid UTF-8, or a number that is no finite double.
    /// </summary>
    public static bool TryCanonicalize(
        ReadOnlySpan<byte> utf8Json,
        [NotNullWhen(true)] out byte[]? canonical,
        [NotNullWhen(false)] out string? error)
    {
        canonical = null;
        using var writer = new CanonicalJsonWriter(utf8Json.Length + 16);
        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        try
        {
            if (!reader.Read())
            {
                error = "the input holds no JSON value";
                return false;
            }

            if (!TryWriteValue(ref reader, writer, out error))
            {
                return false;
            }

            // Anything but whitespace after the value makes the reader throw.
            reader.Read();
        }
        catch (JsonException e)
        {
            error = e.Message;
            return false;
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader.GetString's answer to escapes that leave a lone surrogate, or to invalid UTF-8.
            error = $"invalid string at byte {reader.TokenStartIndex} (a lone surrogate or invalid UTF-8): {e.Message}";
            return false;
        }

        canonical = writer.ToArray();
        error = null;
        return true;
    }

    /// <summary>Writes the value at the reader's current token, leaving the reader on its last token.</summary>
    private static bool TryWriteValue(ref Utf8JsonReader reader, CanonicalJsonWriter writer, [NotNullWhen(false)] out string? error)
    {
        error = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return TryWriteObject(ref reader, writer, out error);
            case JsonTokenType.StartArray:
                return TryWriteArray(ref reader, writer, out error);
            case JsonTokenType.String:
                return TryWriteStringToken(ref reader, writer, out error);
            case JsonTokenType.Number:
                if (!reader.TryGetDouble(out var number) || !double.IsFinite(number))
                {
                    error = $"the number at byte {reader.TokenStartIndex} is outside the IEEE-754 double range";
                    return false;
                }

                writer.WriteNumber(number);
                return true;
            case JsonTokenType.True:
                writer.WriteRaw("true"u8);
                return true;
            case JsonTokenType.False:
                writer.WriteRaw("false"u8);
                return true;
            case JsonTokenType.Null:
                writer.WriteRaw("null"u8);
                return true;
            default:
                error = $"unexpected {reader.TokenType} at byte {reader.TokenStartIndex}";
                return false;
        }
    }

    private static bool TryWriteArray(ref Utf8JsonReader reader, CanonicalJsonWriter writer, [NotNullWhen(false)] out string? error)
    {
        writer.WriteByte((byte)'[');
        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!first)
            {
                writer.WriteByte((byte)',');
            }

            first = false;
            if (!TryWriteValue(ref reader, writer, out error))
            {
                return false;
            }
        }

        writer.WriteByte((byte)']');
        error = null;
        return true;
    }

    /// <summary>
    /// Writes the members in document order, remembering where each one landed; if they were not already in order,
    /// copies them out and writes them back sorted. Canonical input (the common case) is never moved.
    /// </summary>
    private static bool TryWriteObject(ref Utf8JsonReader reader, CanonicalJsonWriter writer, [NotNullWhen(false)] out string? error)
    {
        var membersStart = writer.Length + 1;
        writer.WriteByte((byte)'{');
        var members = ArrayPool<WrittenMember>.Shared.Rent(8);
        try
        {
            var count = 0;
            var inOrder = true;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // Throws InvalidOperationException for a name that is not valid Unicode; TryCanonicalize catches it.
                var name = reader.GetString()!;
                if (count > 0)
                {
                    writer.WriteByte((byte)',');
                    inOrder &= string.CompareOrdinal(members[count - 1].Name, name) < 0;
                }

                var start = writer.Length;
                if (!TryWriteStringToken(ref reader, writer, out error))
                {
                    return false;
                }

                writer.WriteByte((byte)':');
                reader.Read();
                if (!TryWriteValue(ref reader, writer, out error))
                {
                    return false;
                }

                if (count == members.Length)
                {
                    var larger = ArrayPool<WrittenMember>.Shared.Rent(count * 2);
                    members.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<WrittenMember>.Shared.Return(members, clearArray: true);
                    members = larger;
                }

                members[count++] = new WrittenMember(name, start, writer.Length - start);
            }

            if (!inOrder && !TrySortMembers(writer, membersStart, members.AsSpan(0, count), out error))
            {
                return false;
            }

            writer.WriteByte((byte)'}');
            error = null;
            return true;
        }
        finally
        {
            ArrayPool<WrittenMember>.Shared.Return(members, clearArray: true);
        }
    }

    private static bool TrySortMembers(CanonicalJsonWriter writer, int membersStart, Span<WrittenMember> members, [NotNullWhen(false)] out string? error)
    {
        // Ordinal string comparison compares UTF-16 code units, which is RFC 8785's order.
        members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (var i = 1; i < members.Length; i++)
        {
            if (string.Equals(members[i - 1].Name, members[i].Name, StringComparison.Ordinal))
            {
                error = $"duplicate member name \"{members[i].Name}\"";
                return false;
            }
        }

        var written = writer.Written[membersStart..];
        var copy = ArrayPool<byte>.Shared.Rent(written.Length);
        try
        {
            written.CopyTo(copy);
            writer.Truncate(membersStart);
            for (var i = 0; i < members.Length; i++)
            {
                if (i > 0)
                {
                    writer.WriteByte((byte)',');
                }

                writer.WriteRaw(copy.AsSpan(members[i].Start - membersStart, members[i].Length));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }

        error = null;
        return true;
    }

    /// <summary>Writes the string or member-name token the reader is on.</summary>
    private static bool TryWriteStringToken(ref Utf8JsonReader reader, CanonicalJsonWriter writer, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            if (writer.TryWriteUnescapedString(reader.ValueSpan))
            {
                return true;
            }

            error = $"invalid UTF-8 in the string at byte {reader.TokenStartIndex}";
            return false;
        }

        var chars = ArrayPool<char>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            var length = reader.CopyString(chars);
            if (writer.TryWriteString(chars.AsSpan(0, length)))
            {
                return true;
            }

            error = $"a lone surrogate in the string at byte {reader.TokenStartIndex}";
            return false;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>A member as written: its name (the sort key) and where its <c>"name":value</c> bytes lie.</summary>
    private readonly record struct WrittenMember(string Name, int Start, int Length);
}
