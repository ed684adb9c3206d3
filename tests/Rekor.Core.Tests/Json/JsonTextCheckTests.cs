using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Rekor.Core.Json;
using Rekor.Core.Tests.Merkle;

namespace Rekor.Core.Tests.Json;

public class JsonTextCheckTests
{
    private const int Depth = 64;
    private const long Tokens = 1_000_000;

    [Theory]
    [InlineData("""{"kind":"hashedrekord","n":[1,-2.5e3,true,false,null],"o":{}}""")]
    [InlineData("""{"é":"naïve café","😀":"non-BMP 😀 written raw","\u00e9":"\u00e9\u0041"}""")]
    [InlineData("""["\ud83d\ude00","\uD83D\uDE00","x\ud800\udc00y","\u0000\n\t\"\\\/"]""")]
    [InlineData("""  "a lone string"  """)]
    public void Well_formed_json_in_valid_unicode_has_no_problem(string json)
    {
        Assert.Null(JsonTextCheck.FindProblem(Encoding.UTF8.GetBytes(json), Depth, Tokens, out var tokens));
        Assert.True(tokens > 0);
    }

    [Fact]
    public void Invalid_utf8_in_a_string_is_reported_at_the_byte_where_it_starts()
    {
        var problem = Find(Bytes("{\"kind\":\"", [0xff], "\"}"));

        Assert.Equal("invalid UTF-8 in a JSON string at byte 9", problem.Message);
        Assert.Equal(9, problem.BytePosition);
    }

    [Fact]
    public void Invalid_utf8_in_a_property_name_is_reported_as_such()
    {
        var problem = Find(Bytes("{\"ok\":1,\"a", [0xc3, 0x28], "\":1}"));

        Assert.Equal("invalid UTF-8 in a JSON property name at byte 10", problem.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0xc0, 0x80 })] // overlong encoding of U+0000
    [InlineData(new byte[] { 0xed, 0xa0, 0x80 })] // U+D800 encoded as if it were a character
    [InlineData(new byte[] { 0xe2, 0x82 })] // truncated at the end of the string
    [InlineData(new byte[] { 0x80 })] // a continuation byte on its own
    [InlineData(new byte[] { 0xf4, 0x90, 0x80, 0x80 })] // above U+10FFFF
    public void Every_kind_of_invalid_utf8_is_refused_in_plain_and_in_escaped_strings(byte[] invalid)
    {
        Assert.StartsWith("invalid UTF-8 in a JSON string", Find(Bytes("[\"", invalid, "\"]")).Message, StringComparison.Ordinal);
        Assert.StartsWith("invalid UTF-8 in a JSON string", Find(Bytes("[\"\\n", invalid, "\\u0041\"]")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"kind":"\ud800"}""", @"\ud800", 9)]
    [InlineData("""{"kind":"\uDFFF"}""", @"\uDFFF", 9)]
    [InlineData("""{"kind":"ab\ud800\u0041"}""", @"\ud800", 11)]
    [InlineData("""{"kind":"\udc00\ud800"}""", @"\udc00", 9)]
    [InlineData("""{"kind":"\ud83d\ude00\ud83d"}""", @"\ud83d", 21)]
    [InlineData("""{"kind":"\\ud800\ud800x"}""", @"\ud800", 16)]
    public void A_lone_surrogate_escape_is_reported_with_the_escape_and_its_byte(string json, string escape, long position)
    {
        var problem = Find(Encoding.UTF8.GetBytes(json));

        Assert.Equal($"a lone surrogate escape ({escape}) in a JSON string at byte {position}", problem.Message);
        Assert.Equal(position, problem.BytePosition);
    }

    [Fact]
    public void A_lone_surrogate_escape_in_a_long_property_name_is_found_too()
    {
        var name = new string('n', 1000) + "\\udc00";

        Assert.Equal("a lone surrogate escape (\\udc00) in a JSON property name at byte 1002", Find(Encoding.UTF8.GetBytes($$"""{"{{name}}":1}""")).Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(64)]
    [InlineData(JsonTextCheck.MaxDepthLimit)]
    public void Nesting_at_exactly_the_limit_is_accepted_and_one_level_more_is_refused(int maxDepth)
    {
        Assert.Null(JsonTextCheck.FindProblem(Nested(maxDepth), maxDepth, Tokens, out _));

        var problem = JsonTextCheck.FindProblem(Nested(maxDepth + 1), maxDepth, Tokens, out _);
        Assert.Equal($"the JSON nests deeper than {maxDepth} levels", problem?.Message);
    }

    [Fact]
    public void Objects_count_toward_the_depth_as_arrays_do()
    {
        Assert.Null(JsonTextCheck.FindProblem("""{"a":[{"b":1}]}"""u8, 3, Tokens, out _));
        Assert.Equal("the JSON nests deeper than 2 levels", JsonTextCheck.FindProblem("""{"a":[{"b":1}]}"""u8, 2, Tokens, out _)?.Message);
    }

    [Fact]
    public void Every_token_counts_and_one_more_than_the_limit_is_refused()
    {
        // [ 1 2 ] and { "a" : 3 } inside: StartArray, 1, 2, StartObject, "a", 3, EndObject, EndArray.
        var json = """[1,2,{"a":3}]"""u8;

        Assert.Null(JsonTextCheck.FindProblem(json, Depth, 8, out var tokens));
        Assert.Equal(8, tokens);

        var problem = JsonTextCheck.FindProblem(json, Depth, 7, out tokens);
        Assert.Equal("the JSON holds more than 7 tokens", problem?.Message);
        Assert.Equal(8, tokens);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("""{"a":1,}""")]
    [InlineData("[1,]")]
    [InlineData("""{"a":1} // comment""")]
    [InlineData("/* comment */ 1")]
    [InlineData("""{"a":1}{"b":2}""")]
    [InlineData("""{"a" 1}""")]
    [InlineData("\"tab\tinside\"")]
    [InlineData("""["\x"]""")]
    [InlineData("""["\u12"]""")]
    [InlineData("[1")]
    [InlineData("NaN")]
    [InlineData("01")]
    [InlineData("\uFEFF{}")]
    public void Malformed_json_is_refused_with_the_readers_explanation(string json)
    {
        var problem = Find(Encoding.UTF8.GetBytes(json));

        Assert.False(string.IsNullOrWhiteSpace(problem.Message));
        Assert.InRange(problem.BytePosition, 0, Encoding.UTF8.GetByteCount(json));
    }

    [Fact]
    public void Limits_out_of_range_are_the_callers_mistake()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => JsonTextCheck.FindProblem("1"u8, 0, Tokens, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => JsonTextCheck.FindProblem("1"u8, JsonTextCheck.MaxDepthLimit + 1, Tokens, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => JsonTextCheck.FindProblem("1"u8, Depth, 0, out _));
    }

    [Fact]
    public void Random_bytes_never_make_it_throw_and_it_agrees_with_what_system_text_json_can_read() =>
        PropertyRun.Check(Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).ToArbitrary(), AgreesWithReading), cases: 3000);

    [Fact]
    public void Json_with_random_text_and_random_damage_never_makes_it_throw_and_it_agrees_with_what_system_text_json_can_read() =>
        PropertyRun.Check(Prop.ForAll(Documents.ToArbitrary(), AgreesWithReading), cases: 5000);

    /// <summary>
    /// The check passes a text exactly when System.Text.Json can parse it and decode every string and property name in
    /// it (within the depth and token limits, which the generated documents stay far below).
    /// </summary>
    private static void AgreesWithReading(byte[] json)
    {
        var problem = JsonTextCheck.FindProblem(json, Depth, Tokens, out _);
        Assert.True((problem is null) == CanReadAllText(json), problem?.Message ?? "no problem found, but System.Text.Json cannot read it all");
    }

    private static bool CanReadAllText(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = Depth });
            ReadAll(document.RootElement);
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }

        static void ReadAll(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    _ = element.GetString();
                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        ReadAll(item);
                    }

                    break;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _ = property.Name;
                        ReadAll(property.Value);
                    }

                    break;
            }
        }
    }

    /// <summary>JSON documents whose strings are made of valid and invalid pieces, some then damaged at one byte.</summary>
    private static Gen<byte[]> Documents =>
        from document in Value(3)
        from damage in Gen.Frequency((3, Gen.Constant<Func<byte[], byte[]>>(d => d)), (1, Damage))
        select damage(document);

    private static readonly byte[][] StringPieces =
    [
        "a"u8.ToArray(), "é"u8.ToArray(), "😀"u8.ToArray(), @"\n"u8.ToArray(), @"\"""u8.ToArray(), @"\\"u8.ToArray(), @"\u0041"u8.ToArray(),
        @"\u00e9"u8.ToArray(), @"\ud83d\ude00"u8.ToArray(), @"\ud800"u8.ToArray(), @"\udc00"u8.ToArray(), @"\uD83D"u8.ToArray(),
        [0xff], [0xc3], [0xa9], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98], [0x80],
    ];

    private static Gen<byte[]> Text =>
        Gen.ArrayOf(Gen.Elements(StringPieces)).Select(pieces => Bytes("\"", [.. pieces.SelectMany(p => p)], "\""));

    private static Gen<byte[]> Value(int depth)
    {
        var scalar = Gen.OneOf(Text, Gen.Elements("0", "-1.5e3", "1e400", "true", "false", "null").Select(Encoding.UTF8.GetBytes));
        if (depth == 0)
        {
            return scalar;
        }

        var array = Gen.ArrayOf(Value(depth - 1)).Resize(4).Select(items => Join("[", items, "]"));
        var member = from name in Text from value in Value(depth - 1) select Bytes("", name, ":").Concat(value).ToArray();
        var obj = Gen.ArrayOf(member).Resize(4).Select(members => Join("{", members, "}"));
        return Gen.Frequency((2, scalar), (1, array), (1, obj));
    }

    private static Gen<Func<byte[], byte[]>> Damage =>
        from position in Gen.Choose(0, 1000)
        from value in Gen.Elements<byte>((byte)'"', (byte)'\\', (byte)'{', (byte)']', (byte)',', 0xff, 0xc3, (byte)'u')
        from replace in Gen.Elements(true, false)
        select (Func<byte[], byte[]>)(document =>
        {
            var list = document.ToList();
            var at = position % (list.Count + 1);
            if (replace && at < list.Count)
            {
                list[at] = value;
            }
            else
            {
                list.Insert(at, value);
            }

            return [.. list];
        });

    private static byte[] Join(string open, byte[][] parts, string close)
    {
        var joined = new List<byte>(Encoding.UTF8.GetBytes(open));
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                joined.Add((byte)',');
            }

            joined.AddRange(parts[i]);
        }

        joined.AddRange(Encoding.UTF8.GetBytes(close));
        return [.. joined];
    }

    private static JsonTextProblem Find(byte[] json)
    {
        var problem = JsonTextCheck.FindProblem(json, Depth, Tokens, out _);
        Assert.NotNull(problem);
        return problem;
    }

    private static byte[] Nested(int depth) => Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth));

    private static byte[] Bytes(string before, byte[] middle, string after) =>
        [.. Encoding.UTF8.GetBytes(before), .. middle, .. Encoding.UTF8.GetBytes(after)];
}
