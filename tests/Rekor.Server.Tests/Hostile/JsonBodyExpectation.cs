using System.Text;
using System.Text.Json;

namespace Rekor.Server.Tests.Hostile;

/// <summary>
/// What a JSON POST body must get, judged from its bytes alone, independently of the server's parser:
/// <list type="bullet">
/// <item>no body at all: 422 (go-openapi's "in body is required", code 602);</item>
/// <item>not well-formed JSON, which includes invalid UTF-8 and a lone surrogate escape anywhere (RFC 8259 §8.1 and
/// §8.2; a body's strings must be Unicode): exactly 400, the status of a body that cannot be parsed;</item>
/// <item>nested deeper than 64 levels (System.Text.Json's default limit, far beyond any Rekor document): a 4xx;</item>
/// <item>a search whose <c>entryUUIDs</c>, <c>logIndexes</c> or <c>entries</c> is neither an array nor null, or a
/// search that is not an object: a 4xx (Rekor's framework validates the query's types before the handler).</item>
/// </list>
/// Anything else may succeed or fail, as long as it obeys the rules every response obeys.
/// </summary>
internal static class JsonBodyExpectation
{
    public const int MaxDepth = 64;

    private const string SearchPath = "/api/v1/log/entries/retrieve";

    private static readonly string[] SearchMembers = ["entryUUIDs", "logIndexes", "entries"];

    public static StatusExpectation? For(string path, byte[] body)
    {
        if (body.Length == 0)
        {
            return StatusExpectation.Exactly(422, "an empty body is a required parameter missing: 422");
        }

        var json = body.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? body[Encoding.UTF8.Preamble.Length..] : body;
        if (!IsWellFormed(json, out var depth))
        {
            return StatusExpectation.Exactly(400, "ill-formed JSON (syntax, invalid UTF-8, lone surrogate) is a 400");
        }

        if (depth > MaxDepth)
        {
            return StatusExpectation.ClientError($"JSON nested deeper than {MaxDepth} levels is a 4xx");
        }

        if (path == SearchPath && !IsSearchShaped(json))
        {
            return StatusExpectation.ClientError("a search that is not an object of arrays is a 4xx");
        }

        return null;
    }

    /// <summary>
    /// Strict RFC 8259 over UTF-8 (a leading byte order mark already removed, as the server's parser skips one): every
    /// token parses and every string and member name decodes to Unicode text.
    /// </summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> body, out int depth)
    {
        depth = 0;
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = int.MaxValue });
        try
        {
            var any = false;
            while (reader.Read())
            {
                any = true;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        depth = Math.Max(depth, reader.CurrentDepth + 1);
                        break;
                    case JsonTokenType.String or JsonTokenType.PropertyName:
                        _ = reader.GetString();
                        break;
                    default:
                        break;
                }
            }

            return any;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>An object whose search members, where present, are arrays or null; duplicates count by their last occurrence, as Go decodes them.</summary>
    private static bool IsSearchShaped(byte[] body)
    {
        using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth });
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var last = new Dictionary<string, JsonValueKind>(StringComparer.Ordinal);
        foreach (var member in document.RootElement.EnumerateObject())
        {
            last[member.Name] = member.Value.ValueKind;
        }

        return SearchMembers.All(name => !last.TryGetValue(name, out var kind) || kind is JsonValueKind.Array or JsonValueKind.Null);
    }
}
