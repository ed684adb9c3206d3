using Rekor.Core.Types.Helm;

namespace Rekor.Core.Tests.Types.Helm;

/// <summary>The sum collection of a provenance file: helm's block YAML read, member names matched as Go's JSON does, the rest refused with a message.</summary>
public sealed class HelmSumCollectionTests
{
    private static IReadOnlyList<KeyValuePair<string, string>>? Files(string yaml)
    {
        Assert.True(HelmSumCollection.TryRead(yaml, out var files, out var error), error);
        return files;
    }

    private static string Error(string yaml)
    {
        Assert.False(HelmSumCollection.TryRead(yaml, out _, out var error));
        return error;
    }

    [Fact]
    public void Helms_files_section_gives_the_chart_and_its_digest()
    {
        Assert.Equal([new("mychart-0.1.0.tgz", "sha256:abc")], Files("files:\n  mychart-0.1.0.tgz: sha256:abc\n"));
    }

    [Fact]
    public void Quoted_names_and_values_comments_blank_lines_other_members_and_a_different_case_are_read()
    {
        var yaml = "# comment\nimages:\n  example.com/app: sha256:01\nother:\n  nested:\n    - a\nFiles:\n\n  'my''chart.tgz': \"sha512:ff\" # trailing\n  second.tgz: sha256:02\n";

        Assert.Equal([new("my'chart.tgz", "sha512:ff"), new("second.tgz", "sha256:02")], Files(yaml));
    }

    [Theory]
    [InlineData("")]
    [InlineData("images:\n  a: sha256:00\n")]
    [InlineData("files:\n")]
    [InlineData("files: ~\n")]
    public void No_files_or_null_files_is_no_map(string yaml)
    {
        Assert.Null(Files(yaml));
    }

    [Fact]
    public void An_empty_flow_mapping_is_an_empty_map()
    {
        Assert.Empty(Files("files: {}\n")!);
    }

    [Theory]
    [InlineData("files: sha256:00\n", "json: cannot unmarshal string into Go struct field SumCollection.files of type map[string]string")]
    [InlineData("files:\n  a.tgz: 12\n", "json: cannot unmarshal number into Go value of type string")]
    [InlineData("files:\n  a.tgz: true\n", "json: cannot unmarshal bool into Go value of type string")]
    [InlineData("files:\n  a.tgz:\n    deeper: x\n", "yaml: the files section nests deeper than a mapping of strings")]
    [InlineData("files:\n  a.tgz: [x]\n", "yaml: a files entry must be a plain or quoted string")]
    [InlineData("files:\n  'a.tgz: x\n", "yaml: found unexpected end of stream in a quoted scalar")]
    [InlineData("no colon here\n", "yaml: could not find expected ':'")]
    [InlineData("\tfiles:\n", "yaml: found a tab character that violates indentation")]
    public void What_is_not_a_map_of_strings_is_refused_with_a_message(string yaml, string message)
    {
        Assert.Equal(message, Error(yaml));
    }
}
