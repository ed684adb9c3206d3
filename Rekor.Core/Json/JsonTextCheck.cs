using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace Rekor.Core.Json;

/// <summary>A reason some JSON text cannot be read safely.</summary>
public sealed record JsonTextProblem(string Message, long BytePosition);

/// <summary>Scans UTF-8 JSON once: well-formed, every string and property name valid Unicode, nesting and value count bounded. Never throws.</summary>
public static class JsonTextCheck
{
    public static JsonTextProblem? FindProblem(ReadOnlySpan<byte> utf8Json, int maxDepth, long maxTokens, out long tokens)
    {
        tokens = 0;
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = maxDepth + 1 });
        try
        {
            while (reader.Read())
            {
                if (++tokens > maxTokens)
                {
                    return new JsonTextProblem($"the JSON holds more than {maxTokens} values", reader.TokenStartIndex);
                }

                if (reader.CurrentDepth >= maxDepth && reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                {
                    return new JsonTextProblem($"the JSON nests deeper than {maxDepth} levels", reader.TokenStartIndex);
                }

                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
                {
                    if (!reader.ValueIsEscaped)
                    {
                        if (!Utf8.IsValid(reader.ValueSpan))
                        {
                            return new JsonTextProblem($"invalid UTF-8 in a JSON string at byte {reader.TokenStartIndex}", reader.TokenStartIndex);
                        }
                    }
                    else
                    {
                        var buffer = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
                        try
                        {
                            var written = reader.CopyString(buffer);
                            if (!Utf8.IsValid(buffer.AsSpan(0, written)))
                            {
                                return new JsonTextProblem($"invalid UTF-8 in a JSON string at byte {reader.TokenStartIndex}", reader.TokenStartIndex);
                            }
                        }
                        catch (InvalidOperationException)
                        {
                            return new JsonTextProblem($"a lone surrogate escape in a JSON string at byte {reader.TokenStartIndex}", reader.TokenStartIndex);
                        }
                        finally
                        {
                            ArrayPool<byte>.Shared.Return(buffer);
                        }
                    }
                }
            }
        }
        catch (JsonException e)
        {
            return new JsonTextProblem(e.Message, reader.BytesConsumed);
        }

        return null;
    }
}
