using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Rekor.Core.Json;

/// <summary>
/// One pass over a JSON text that says whether all of it can be read: well-formed, every string and property name
/// valid Unicode, and within a nesting depth and a token count. A server runs it once per request body, before
/// anything reads the body; a document that passes can be read with <see cref="JsonElement.GetString"/>,
/// <see cref="JsonProperty.Name"/>, <c>ValueEquals</c>, <c>TryGetProperty</c> and the serializer without any of them
/// throwing for its text.
/// </summary>
/// <remarks>
/// <see cref="Utf8JsonReader"/> checks the grammar (RFC 8259: no comments, no trailing commas, no control characters in
/// strings, well-formed escapes, one value, no byte order mark) but not the text inside strings: it accepts invalid
/// UTF-8 bytes and <c>\u</c> escapes that leave a lone surrogate without complaint, and only the methods that decode a
/// string (<c>GetString</c>, <c>CopyString</c>, <c>ValueEquals</c>) throw <see cref="InvalidOperationException"/> when
/// they meet them. So this check decodes every string and property name itself.
/// </remarks>
public static class JsonTextCheck
{
    /// <summary>The largest <c>maxDepth</c> a caller may ask for: deep enough for any real document, and shallow
    /// enough that code walking a checked document recursively stays far from the end of its stack.</summary>
    public const int MaxDepthLimit = 1000;

    /// <summary>Escaped strings up to this many bytes are unescaped into a stack buffer, longer ones into a pooled one.</summary>
    private const int StackBufferBytes = 256;

    /// <summary>
    /// Scans UTF-8 JSON once with <see cref="Utf8JsonReader"/>: well-formed (RFC 8259, no comments, no trailing commas),
    /// every string value and property name valid Unicode (valid UTF-8 bytes; escapes unescape to valid UTF-16: no lone
    /// surrogates), nesting depth at most <paramref name="maxDepth"/> (<c>[]</c> is depth 1), token count at most
    /// <paramref name="maxTokens"/> (every token the reader returns: values, property names, and the tokens that
    /// start and end objects and arrays). Never throws on any input.
    /// </summary>
    /// <param name="utf8Json">The text to check.</param>
    /// <param name="maxDepth">The deepest nesting allowed.</param>
    /// <param name="maxTokens">The most tokens allowed.</param>
    /// <param name="tokens">How many tokens were read: all of them when the text is fine, up to and including the
    /// refused one otherwise.</param>
    /// <returns>The first problem in document order, or null when there is none.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDepth"/> is not in 1..<see cref="MaxDepthLimit"/>,
    /// or <paramref name="maxTokens"/> is not positive (a caller's mistake, never the input's).</exception>
    public static JsonTextProblem? FindProblem(ReadOnlySpan<byte> utf8Json, int maxDepth, long maxTokens, out long tokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDepth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDepth, MaxDepthLimit);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTokens);
        tokens = 0;

        // The reader may go one level deeper than allowed, so that it never throws for depth itself and the refusal
        // below can say plainly what the limit is.
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions
        {
            AllowTrailingCommas = false,
            CommentHandling = JsonCommentHandling.Disallow,
            MaxDepth = maxDepth + 1,
        });
        try
        {
            while (reader.Read())
            {
                if (++tokens > maxTokens)
                {
                    return new JsonTextProblem(
                        "the JSON holds more than " + maxTokens.ToString(CultureInfo.InvariantCulture) + " tokens", reader.TokenStartIndex);
                }

                switch (reader.TokenType)
                {
                    // CurrentDepth is that of the token itself: 0 for the root, so the container it opens is one deeper.
                    case JsonTokenType.StartObject or JsonTokenType.StartArray when reader.CurrentDepth >= maxDepth:
                        return new JsonTextProblem(
                            "the JSON nests deeper than " + maxDepth.ToString(CultureInfo.InvariantCulture) + " levels", reader.TokenStartIndex);
                    case JsonTokenType.String or JsonTokenType.PropertyName when FindTextProblem(ref reader) is { } problem:
                        return problem;
                }
            }
        }
        catch (JsonException e)
        {
            // Malformed: the reader's message names the line and the byte in it.
            return new JsonTextProblem(e.Message, reader.BytesConsumed);
        }

        return null;
    }

    /// <summary>Whether the string or property name the reader is on decodes to valid Unicode; if not, where and why.</summary>
    private static JsonTextProblem? FindTextProblem(ref Utf8JsonReader reader)
    {
        // The reader was given one span, so the value is never a sequence. Its text starts after the opening quote.
        var raw = reader.ValueSpan;
        var textStart = reader.TokenStartIndex + 1;
        var what = reader.TokenType == JsonTokenType.PropertyName ? "a JSON property name" : "a JSON string";

        var invalid = FirstInvalidUtf8(raw);
        if (invalid >= 0)
        {
            return new JsonTextProblem(
                "invalid UTF-8 in " + what + " at byte " + (textStart + invalid).ToString(CultureInfo.InvariantCulture), textStart + invalid);
        }

        // Valid raw bytes with escapes decode to valid UTF-8 unless a \u escape leaves a lone surrogate: an escape
        // decodes to whole characters, and one at U+0080 or above starts with a lead byte, so it can neither complete
        // nor break a multi-byte sequence of the raw bytes around it. Validating the raw bytes therefore validates
        // the unescaped ones; only the surrogates are left, and the reader's own decoder judges those.
        if (!reader.ValueIsEscaped || CanUnescape(ref reader))
        {
            return null;
        }

        var lone = LoneSurrogateEscape(raw);
        var position = textStart + Math.Max(lone, 0);
        var escape = lone >= 0 ? " (" + Encoding.ASCII.GetString(raw.Slice(lone, 6)) + ")" : string.Empty;
        return new JsonTextProblem(
            "a lone surrogate escape" + escape + " in " + what + " at byte " + position.ToString(CultureInfo.InvariantCulture), position);
    }

    /// <summary>Whether the reader can unescape its current string: <c>CopyString</c> throws for a lone surrogate.</summary>
    private static bool CanUnescape(ref Utf8JsonReader reader)
    {
        // Unescaped text is never longer than the escaped text.
        var length = reader.ValueSpan.Length;
        byte[]? rented = null;
        var buffer = length <= StackBufferBytes ? stackalloc byte[StackBufferBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            reader.CopyString(buffer);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The offset of the first byte that does not start a valid UTF-8 sequence, or -1 if all are valid.</summary>
    private static int FirstInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        if (Utf8.IsValid(utf8))
        {
            return -1;
        }

        for (var i = 0; i < utf8.Length;)
        {
            if (Rune.DecodeFromUtf8(utf8[i..], out _, out var consumed) != OperationStatus.Done)
            {
                return i;
            }

            i += consumed;
        }

        return -1;
    }

    /// <summary>
    /// The offset of the first <c>\uXXXX</c> escape in an escaped string's raw text that is a surrogate without its
    /// partner (a high one not followed by an escaped low one, or a low one on its own), or -1. The reader has already
    /// checked the grammar, so every backslash starts a complete escape; the bounds are checked all the same.
    /// </summary>
    private static int LoneSurrogateEscape(ReadOnlySpan<byte> raw)
    {
        for (var i = 0; i < raw.Length;)
        {
            if (raw[i] != (byte)'\\' || i + 1 >= raw.Length)
            {
                i++;
                continue;
            }

            if (raw[i + 1] != (byte)'u' || !TryReadUnit(raw, i, out var unit))
            {
                i += 2;
                continue;
            }

            if (char.IsHighSurrogate(unit) && TryReadUnit(raw, i + 6, out var next) && char.IsLowSurrogate(next))
            {
                i += 12;
                continue;
            }

            if (char.IsSurrogate(unit))
            {
                return i;
            }

            i += 6;
        }

        return -1;
    }

    /// <summary>Reads the UTF-16 unit of a <c>\uXXXX</c> escape starting at <paramref name="at"/>.</summary>
    private static bool TryReadUnit(ReadOnlySpan<byte> raw, int at, out char unit)
    {
        unit = default;
        if (at + 6 > raw.Length || raw[at] != (byte)'\\' || raw[at + 1] != (byte)'u'
            || !ushort.TryParse(raw.Slice(at + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        unit = (char)value;
        return true;
    }
}
