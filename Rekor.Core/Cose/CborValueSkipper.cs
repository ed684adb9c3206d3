using System.Formats.Cbor;

namespace Rekor.Core.Cose;

/// <summary>
/// Steps over one CBOR data item of a COSE message without keeping it, refusing what go-cose's decoder refuses
/// (indefinite lengths, tags) and nesting deeper than <see cref="MaxDepth"/>. The loop is iterative with an explicit
/// count of open containers, so a hostile message cannot exhaust the stack; every declared length is checked by
/// <see cref="CborReader"/> against the bytes that remain, so it cannot make anything allocate.
/// </summary>
internal static class CborValueSkipper
{
    /// <summary>fxamacker/cbor's default limit of nested arrays and maps (<c>MaxNestedLevels</c>).</summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// Skips one item; throws <see cref="CborContentException"/> (or the reader's exceptions) on malformed input. Tags
    /// are refused unless <paramref name="allowTags"/>: go-cose forbids them in the message, but decodes the protected
    /// header's bytes on their own, with tags allowed.
    /// </summary>
    public static void Skip(CborReader reader, int depth, bool allowTags = false)
    {
        // Items still to read in each open container, innermost last; a map counts keys and values.
        var remaining = new Stack<long>();
        remaining.Push(1);
        while (remaining.Count > 0)
        {
            if (remaining.Peek() == 0)
            {
                remaining.Pop();
                if (remaining.Count > 0)
                {
                    EndContainer(reader);
                }

                continue;
            }

            remaining.Push(remaining.Pop() - 1);
            switch (reader.PeekState())
            {
                case CborReaderState.StartArray:
                    Open(reader.ReadStartArray(), 1);
                    break;
                case CborReaderState.StartMap:
                    Open(reader.ReadStartMap(), 2);
                    break;
                case CborReaderState.Tag when allowTags:
                    // A tag and the item it tags are one item.
                    reader.ReadTag();
                    remaining.Push(remaining.Pop() + 1);
                    break;
                case CborReaderState.Tag:
                    throw new CborContentException("cbor: CBOR tag isn't allowed");
                case CborReaderState.StartIndefiniteLengthByteString:
                case CborReaderState.StartIndefiniteLengthTextString:
                    throw new CborContentException("cbor: indefinite-length byte or text string isn't allowed");
                default:
                    reader.SkipValue();
                    break;
            }
        }

        void Open(int? length, int itemsPerEntry)
        {
            if (length is not { } count)
            {
                throw new CborContentException("cbor: indefinite-length array or map isn't allowed");
            }

            if (depth + remaining.Count > MaxDepth)
            {
                throw new CborContentException($"cbor: exceeded max nested level {MaxDepth}");
            }

            remaining.Push((long)count * itemsPerEntry);
        }
    }

    private static void EndContainer(CborReader reader)
    {
        if (reader.PeekState() == CborReaderState.EndArray)
        {
            reader.ReadEndArray();
        }
        else
        {
            reader.ReadEndMap();
        }
    }
}
