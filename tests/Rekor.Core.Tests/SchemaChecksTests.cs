using System.Text.Json;
using System.Text.RegularExpressions;
using Rekor.Core.Schemas;
using Rekor.Core.Tests.Hostile;

namespace Rekor.Core.Tests;

/// <summary>The run-time checks behind the generated validators answer hostile values instead of throwing.</summary>
public class SchemaChecksTests
{
    public static TheoryData<string> UnreadableStrings => [.. HostileJson.Strings.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(UnreadableStrings))]
    public void Text_that_is_not_valid_unicode_cannot_be_read_as_text_name_or_enum_member(string what)
    {
        var token = HostileJson.Strings.Single(s => s.Name == what).Json;
        using var value = JsonDocument.Parse(token);
        using var member = JsonDocument.Parse((byte[])[.. "{"u8, .. token, .. ":1}"u8]);
        var property = member.RootElement.EnumerateObject().Single();

        Assert.False(SchemaChecks.TryGetText(value.RootElement, out var text));
        Assert.Null(text);
        Assert.False(SchemaChecks.TryGetName(property, out var name));
        Assert.Null(name);
        Assert.False(SchemaChecks.EqualsLiteral(value.RootElement, "String", "x"));
        Assert.False(SchemaChecks.TryGetProperty(member.RootElement, "kind", out _));
    }

    [Theory]
    [InlineData("\"naïve 😀\"", "naïve 😀")]
    [InlineData("\"\\ud83d\\ude00\\u00e9\"", "😀é")]
    [InlineData("\"\"", "")]
    public void Valid_text_is_read_as_it_is(string json, string expected)
    {
        using var value = JsonDocument.Parse(json);

        Assert.True(SchemaChecks.TryGetText(value.RootElement, out var text));
        Assert.Equal(expected, text);
        Assert.True(SchemaChecks.EqualsLiteral(value.RootElement, "String", expected));
    }

    [Fact]
    public void A_value_that_is_not_a_string_has_no_text()
    {
        using var value = JsonDocument.Parse("[1]");

        Assert.False(SchemaChecks.TryGetText(value.RootElement, out _));
        Assert.False(SchemaChecks.TryGetText(value.RootElement[0], out _));
        Assert.False(SchemaChecks.TryGetProperty(value.RootElement, "a", out _));
    }

    [Fact]
    public void A_property_is_found_past_names_that_are_not_valid_unicode_and_the_last_of_a_name_wins()
    {
        using var member = JsonDocument.Parse("""{"kind":1,"\ud800":2,"kind":3,"\udc00x":4}"""u8.ToArray());

        Assert.True(SchemaChecks.TryGetProperty(member.RootElement, "kind", out var kind));
        Assert.Equal(3, kind.GetInt32());
        Assert.False(SchemaChecks.TryGetProperty(member.RootElement, "spec", out _));
    }

    [Theory]
    [InlineData("1e400", "0", 1)]
    [InlineData("-1e400", "0", -1)]
    [InlineData("123456789012345678901234567890", "1", 1)]
    [InlineData("-123456789012345678901234567890", "1", -1)]
    [InlineData("1.0e-400", "0", 0)] // below double's resolution: equal, as every JSON reader that uses doubles sees it
    [InlineData("5", "5", 0)]
    [InlineData("4.999999999999999999999999999", "5", -1)]
    [InlineData("0", "1e30", -1)]
    [InlineData("1e400", "1e30", 1)]
    public void Numbers_beyond_every_range_compare_with_bounds_without_an_exception(string number, string bound, int expected)
    {
        using var value = JsonDocument.Parse(number);

        Assert.Equal(expected, Math.Sign(SchemaChecks.Compare(value.RootElement, bound)));
        Assert.False(SchemaChecks.EqualsLiteral(value.RootElement, "Number", "7"));
    }

    [Fact]
    public void Comparing_something_other_than_a_number_is_the_callers_mistake()
    {
        using var value = JsonDocument.Parse("\"1\"");

        Assert.Throws<ArgumentException>(() => SchemaChecks.Compare(value.RootElement, "0"));
    }

    [Fact]
    public void A_pattern_that_backtracks_past_its_timeout_is_a_violation_that_says_so()
    {
        var pattern = new Regex("^(a+)+$", RegexOptions.ECMAScript, TimeSpan.FromMilliseconds(50));

        var problem = SchemaChecks.PatternProblem(pattern, "^(a+)+$", new string('a', 40) + "!");

        Assert.Equal("must match the pattern ^(a+)+$, but matching gave up after 0.05 s", problem);
        Assert.Null(SchemaChecks.PatternProblem(pattern, "^(a+)+$", "aaa"));
        Assert.Equal("must match the pattern ^(a+)+$", SchemaChecks.PatternProblem(pattern, "^(a+)+$", "b"));
    }

    [Theory]
    [InlineData("\"QUJD\"", ByteFormatProblem.None)]
    [InlineData("\"\"", ByteFormatProblem.None)]
    [InlineData("\"QUI=\\n\"", ByteFormatProblem.None)] // an escaped line feed, ignored as Go ignores it
    [InlineData("\"a\\u002Bb/\"", ByteFormatProblem.None)] // '+' escaped as STJ's default encoder writes it
    [InlineData("\"QUJ\"", ByteFormatProblem.NotBase64)]
    [InlineData("\"QU=D\"", ByteFormatProblem.NotBase64)]
    [InlineData("\"QUJD\\u00e9\"", ByteFormatProblem.NotBase64)]
    [InlineData("\"\\ud800QUJD\"", ByteFormatProblem.NotText)]
    public void The_byte_format_is_checked_on_the_raw_text_or_through_its_escapes_alike(string json, ByteFormatProblem expected)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(expected, SchemaChecks.ByteFormatProblem(document.RootElement));
        if (expected != ByteFormatProblem.NotText)
        {
            Assert.Equal(expected == ByteFormatProblem.None, SchemaFormats.IsValid("byte", document.RootElement.GetString()!));
        }
    }
}
