using System.Globalization;
using System.Text;
using Rekor.Core.Canonical;

namespace Rekor.Core.Tests.Canonical;

/// <summary>The examples of RFC 8785 itself, copied from its text (§3.2.2–§3.2.4 and Appendix B).</summary>
public class Rfc8785ExampleTests
{
    /// <summary>RFC 8785 §3.2.2, "Assume a JSON object as follows is parsed".</summary>
    private const string Section322Input = """
          {
            "numbers": [333333333.33333329, 1E30, 4.50,
                        2e-3, 0.000000000000000000000000001],
            "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
            "literals": [null, true, false]
          }
        """;

    [Fact]
    public void The_section_3_2_2_object_canonicalizes_to_the_text_of_section_3_2_3()
    {
        const string expected = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
            + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";

        var canonical = JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(Section322Input));

        Assert.Equal(expected, Encoding.UTF8.GetString(canonical));
    }

    [Fact]
    public void The_section_3_2_2_object_canonicalizes_to_the_bytes_of_section_3_2_4()
    {
        const string expectedHex = """
            7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72
            75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a
            5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31
            65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37
            5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30
            30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d
            """;
        var expected = Convert.FromHexString(string.Concat(expectedHex.Where(char.IsAsciiHexDigit)));

        Assert.Equal(expected, JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(Section322Input)));
    }

    [Fact]
    public void Members_sort_by_utf16_code_units_as_in_section_3_2_3()
    {
        const string input = """
              {
                "\u20ac": "Euro Sign",
                "\r": "Carriage Return",
                "\ufb33": "Hebrew Letter Dalet With Dagesh",
                "1": "One",
                "\ud83d\ude00": "Emoji: Grinning Face",
                "\u0080": "Control",
                "\u00f6": "Latin Small Letter O With Diaeresis"
              }
            """;
        string[] expectedOrder =
        [
            "Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign",
            "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh",
        ];

        var canonical = JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(input));

        using var document = System.Text.Json.JsonDocument.Parse(canonical);
        Assert.Equal(expectedOrder, document.RootElement.EnumerateObject().Select(p => p.Value.GetString()));
        Assert.StartsWith("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\"", Encoding.UTF8.GetString(canonical), StringComparison.Ordinal);
    }

    /// <summary>RFC 8785 Appendix B: IEEE-754 bit patterns and their JSON form (NaN and Infinity rows below).</summary>
    [Theory]
    [InlineData("0000000000000000", "0")]
    [InlineData("8000000000000000", "0")]
    [InlineData("0000000000000001", "5e-324")]
    [InlineData("8000000000000001", "-5e-324")]
    [InlineData("7fefffffffffffff", "1.7976931348623157e+308")]
    [InlineData("ffefffffffffffff", "-1.7976931348623157e+308")]
    [InlineData("4340000000000000", "9007199254740992")]
    [InlineData("c340000000000000", "-9007199254740992")]
    [InlineData("4430000000000000", "295147905179352830000")]
    [InlineData("44b52d02c7e14af5", "9.999999999999997e+22")]
    [InlineData("44b52d02c7e14af6", "1e+23")]
    [InlineData("44b52d02c7e14af7", "1.0000000000000001e+23")]
    [InlineData("444b1ae4d6e2ef4e", "999999999999999700000")]
    [InlineData("444b1ae4d6e2ef4f", "999999999999999900000")]
    [InlineData("444b1ae4d6e2ef50", "1e+21")]
    [InlineData("3eb0c6f7a0b5ed8c", "9.999999999999997e-7")]
    [InlineData("3eb0c6f7a0b5ed8d", "0.000001")]
    [InlineData("41b3de4355555553", "333333333.3333332")]
    [InlineData("41b3de4355555554", "333333333.33333325")]
    [InlineData("41b3de4355555555", "333333333.3333333")]
    [InlineData("41b3de4355555556", "333333333.3333334")]
    [InlineData("41b3de4355555557", "333333333.33333343")]
    [InlineData("becbf647612f3696", "-0.0000033333333333333333")]
    [InlineData("43143ff3c1cb0959", "1424953923781206.2")]
    public void Appendix_B_numbers_serialize_as_the_rfc_lists(string ieee754Hex, string expected)
    {
        var value = BitConverter.Int64BitsToDouble(long.Parse(ieee754Hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

        Assert.Equal(expected, EcmaScriptNumber.ToString(value));

        // The same number, read from JSON text in .NET's own round-trip form, canonicalizes the same way.
        var json = "[" + value.ToString("R", CultureInfo.InvariantCulture) + "]";
        Assert.Equal("[" + expected + "]", Encoding.UTF8.GetString(JsonCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(json))));
    }

    [Theory]
    [InlineData("7fffffffffffffff")]
    [InlineData("7ff0000000000000")]
    public void Appendix_B_NaN_and_Infinity_are_errors(string ieee754Hex)
    {
        var value = BitConverter.Int64BitsToDouble(long.Parse(ieee754Hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

        Assert.Throws<ArgumentOutOfRangeException>(() => EcmaScriptNumber.ToString(value));
    }
}
