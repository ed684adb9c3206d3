using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace Rekor.Generators.Parsing
{
    /// <summary>Reads a JSON text into a <see cref="RawValue"/> tree, keeping each value's line and column.</summary>
    internal static class JsonRawReader
    {
        /// <exception cref="SchemaSyntaxException">The text is not one well-formed JSON value.</exception>
        public static RawValue Read(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var lineStarts = LineStarts(bytes);
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            try
            {
                if (!reader.Read())
                {
                    throw new SchemaSyntaxException("the file is empty", 0, 0);
                }

                var value = ReadValue(ref reader, lineStarts);
                if (reader.Read())
                {
                    var (line, column) = Position(lineStarts, reader.TokenStartIndex);
                    throw new SchemaSyntaxException("unexpected content after the top-level value", line, column);
                }

                return value;
            }
            catch (JsonException e)
            {
                throw new SchemaSyntaxException(e.Message, (int)(e.LineNumber ?? 0), (int)(e.BytePositionInLine ?? 0));
            }
        }

        private static RawValue ReadValue(ref Utf8JsonReader reader, List<long> lineStarts)
        {
            var (line, column) = Position(lineStarts, reader.TokenStartIndex);
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    var obj = new RawValue(RawKind.Object, line, column);
                    var names = new HashSet<string>(StringComparer.Ordinal);
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var name = reader.GetString()!;
                        var (nameLine, nameColumn) = Position(lineStarts, reader.TokenStartIndex);
                        if (!names.Add(name))
                        {
                            throw new SchemaSyntaxException($"duplicate property '{name}'", nameLine, nameColumn);
                        }

                        reader.Read();
                        obj.Members.Add(new KeyValuePair<string, RawValue>(name, ReadValue(ref reader, lineStarts)));
                    }

                    return obj;
                case JsonTokenType.StartArray:
                    var array = new RawValue(RawKind.Array, line, column);
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        array.Items.Add(ReadValue(ref reader, lineStarts));
                    }

                    return array;
                case JsonTokenType.String:
                    return new RawValue(RawKind.String, line, column, reader.GetString());
                case JsonTokenType.Number:
                    return new RawValue(RawKind.Number, line, column, Encoding.UTF8.GetString(reader.ValueSpan.ToArray()));
                case JsonTokenType.True:
                    return new RawValue(RawKind.Boolean, line, column, "true");
                case JsonTokenType.False:
                    return new RawValue(RawKind.Boolean, line, column, "false");
                case JsonTokenType.Null:
                    return new RawValue(RawKind.Null, line, column);
                default:
                    throw new SchemaSyntaxException($"unexpected token {reader.TokenType}", line, column);
            }
        }

        private static List<long> LineStarts(byte[] bytes)
        {
            var starts = new List<long> { 0 };
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    starts.Add(i + 1);
                }
            }

            return starts;
        }

        private static (int Line, int Column) Position(List<long> lineStarts, long offset)
        {
            var index = lineStarts.BinarySearch(offset);
            var line = index >= 0 ? index : ~index - 1;
            return (line, (int)(offset - lineStarts[line]));
        }
    }
}
