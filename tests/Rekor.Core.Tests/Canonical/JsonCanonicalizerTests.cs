using System.Globalization;
using System.Text;
using System.Text.Json;
using Rekor.Core.Canonical;

namespace Rekor.Core.Tests.Canonical;

public class JsonCanonicalizerTests
{
    private static string Canonical(string json) => Encoding.UTF8.GetString(JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(json)));

    private static string Refusal(string json)
    {
        Assert.False(JsonCanonicalizer.TryCanonicalize(Encoding.UTF8.GetBytes(json), out var canonical, out var error));
        Assert.Null(canonical);
        return error;
    }

    [Fact]
    public void Whitespace_goes_members_sort_at_every_depth_and_arrays_keep_their_order()
    {
        const string input = " { \"z\" : [ 3 , {\"b\":1, \"a\":2} , 1 ] ,\n\t\"a\" : { \"y\" : true , \"x\" : null } } ";

        Assert.Equal("{\"a\":{\"x\":null,\"y\":true},\"z\":[3,{\"a\":2,\"b\":1},1]}", Canonical(input));
    }

    [Theory]
    [InlineData("\"\\u0000\\u0001\\u001f\"", "\"\\u0000\\u0001\\u001f\"")]
    [InlineData("\"\\u0008\\u0009\\u000A\\u000C\\u000D\"", "\"\\b\\t\\n\\f\\r\"")]
    [InlineData("\"\\u000B\\u001E\"", "\"\\u000b\\u001e\"")]
    [InlineData("\"\\/\\u002F/\"", "\"///\"")]
    [InlineData("\"\\u0022\\u005C\"", "\"\\\"\\\\\"")]
    [InlineData("\"\\u003c\\u003e\\u0026\\u0027\"", "\"<>&'\"")]
    [InlineData("\"\\u007f\\u2028\\u2029\\uFFFF\"", "\"\u007f\u2028\u2029\uffff\"")]
    [InlineData("\"\\ud83d\\ude00\"", "\"\U0001F600\"")]
    [InlineData("\"caf\u00e9 \U0001F600\"", "\"caf\u00e9 \U0001F600\"")]
    public void Strings_are_escaped_exactly_as_rfc_8785_says(string input, string expected) =>
        Assert.Equal(expected, Canonical(input));

    [Theory]
    [InlineData("-0", "0")]
    [InlineData("-0.0e5", "0")]
    [InlineData("1.0", "1")]
    [InlineData("1E2", "100")]
    [InlineData("100e-2", "1")]
    [InlineData("-12.50", "-12.5")]
    [InlineData("1e21", "1e+21")]
    [InlineData("123456789012345678901", "123456789012345680000")]
    [InlineData("1e-6", "0.000001")]
    [InlineData("1.5e-7", "1.5e-7")]
    [InlineData("9007199254740993", "9007199254740992")]
    [InlineData("1779805323", "1779805323")]
    [InlineData("0.1", "0.1")]
    [InlineData("1e308", "1e+308")]
    [InlineData("2e-324", "0")]
    [InlineData("3e-324", "5e-324")]
    public void Numbers_take_the_ecmascript_form(string input, string expected) =>
        Assert.Equal(expected, Canonical(input));

    [Theory]
    [InlineData("{\"a\":1,\"a\":2}", "duplicate member name \"a\"")]
    [InlineData("{\"a\":1,\"\\u0061\":2}", "duplicate member name \"a\"")]
    [InlineData("[{\"b\":{\"x\":1,\"y\":2,\"x\":3}}]", "duplicate member name \"x\"")]
    [InlineData("[1e400]", "outside the IEEE-754 double range")]
    [InlineData("[-1e400]", "outside the IEEE-754 double range")]
    [InlineData("\"\\ud800\"", "invalid string")]
    [InlineData("{\"\\udc00\":1}", "invalid string")]
    public void Input_outside_i_json_is_refused_with_the_reason(string input, string reason) =>
        Assert.Contains(reason, Refusal(input), StringComparison.Ordinal);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("[1,]")]
    [InlineData("{\"a\":1,}")]
    [InlineData("[1] [2]")]
    [InlineData("{} x")]
    [InlineData("/* note */ {}")]
    [InlineData("NaN")]
    [InlineData("[Infinity]")]
    [InlineData("[01]")]
    [InlineData("{'a':1}")]
    public void Malformed_json_is_refused(string input) =>
        Assert.False(string.IsNullOrEmpty(Refusal(input)));

    [Fact]
    public void Invalid_utf8_in_a_string_is_refused()
    {
        byte[] input = [(byte)'[', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)']'];

        Assert.False(JsonCanonicalizer.TryCanonicalize(input, out _, out var error));
        Assert.Contains("UTF-8", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Utf8_encoded_surrogates_are_refused()
    {
        byte[] input = [(byte)'"', 0xED, 0xA0, 0x80, (byte)'"'];

        Assert.False(JsonCanonicalizer.TryCanonicalize(input, out _, out _));
    }

    [Fact]
    public void The_throwing_form_names_the_reason() =>
        Assert.Contains("duplicate member name", Assert.Throws<FormatException>(
            () => JsonCanonicalizer.Canonicalize("{\"k\":1,\"k\":1}"u8)).Message, StringComparison.Ordinal);

    [Fact]
    public void A_json_element_canonicalizes_like_its_text()
    {
        const string input = "{\"spec\":{\"b\":[1.50,\"\\u0041\"],\"a\":-0},\"kind\":\"x\"}";
        using var document = JsonDocument.Parse(input);

        Assert.Equal(JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(input)), JsonCanonicalizer.Canonicalize(document.RootElement));
        Assert.Equal("{\"a\":0,\"b\":[1.5,\"A\"]}", Encoding.UTF8.GetString(JsonCanonicalizer.Canonicalize(document.RootElement.GetProperty("spec"))));
    }

    [Fact]
    public void Objects_with_many_members_sort_and_keep_every_value()
    {
        var names = Enumerable.Range(0, 200).Select(i => "k" + (i * 7919 % 200).ToString("D3", CultureInfo.InvariantCulture)).ToArray();
        var input = "{" + string.Join(",", names.Select(n => $"\"{n}\":{{\"v\":\"{n}\"}}")) + "}";
        var expected = "{" + string.Join(",", names.Order(StringComparer.Ordinal).Select(n => $"\"{n}\":{{\"v\":\"{n}\"}}")) + "}";

        Assert.Equal(expected, Canonical(input));
    }

    [Fact]
    public void Canonical_form_is_a_fixed_point_and_every_number_reads_back_as_the_same_double()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        Span<byte> bits = stackalloc byte[8];
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(bits);
            var value = BitConverter.ToDouble(bits);
            if (!double.IsFinite(value))
            {
                continue;
            }

            var text = EcmaScriptNumber.ToString(value);
            var readBack = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.True(readBack == value, $"seed {seed}: {value:R} was written as {text}, which reads back as {readBack:R}");

            var json = Encoding.UTF8.GetBytes($"[{value.ToString("R", CultureInfo.InvariantCulture)}]");
            var once = JsonCanonicalizer.Canonicalize(json);
            Assert.True(once.AsSpan().SequenceEqual(JsonCanonicalizer.Canonicalize(once)), $"seed {seed}: {value:R} is not a fixed point");
        }
    }
}
