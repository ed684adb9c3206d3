using System.Text;
using Rekor.Core.InToto;
using Rekor.Core.Tests.Types;

namespace Rekor.Core.Tests.Hostile;

/// <summary>
/// In-toto statements with JSON values of every type put where the Go structs expect others: the digest readers
/// answer with digests or none, never an exception.
/// </summary>
public class HostileStatementTests
{
    private static readonly string[] Replacements = ["null", "1", "true", "\"x\"", "[]", "{}", "[null]", "{\"digest\":null}", "\"2024-13-01T00:00:00Z\""];

    [Fact]
    public void Every_value_replaced_by_every_json_type_reads_or_is_refused_without_an_exception()
    {
        var statement = Encoding.UTF8.GetString(TestEnvelopes.Statement);
        var positions = Enumerable.Range(0, statement.Length).Where(i => statement[i] is ':' or '[' or ',').ToList();
        foreach (var position in positions)
        {
            foreach (var replacement in Replacements)
            {
                var end = ValueEnd(statement, position + 1);
                var mutated = Encoding.UTF8.GetBytes(statement[..(position + 1)] + replacement + statement[end..]);

                _ = InTotoStatementDigests.SubjectsAndPredicateMaterials(mutated);
                _ = InTotoStatementDigests.TryReadSubjectDigests(mutated, out _, out _);
                _ = InTotoStatementDigests.SlsaV02MaterialDigests(mutated);
            }
        }
    }

    [Theory]
    [InlineData("""{"predicate":{"builder":null,"invocation":null,"metadata":null,"materials":[null,{"digest":{"sha1":"aa"}}]}}""", new[] { "sha1:aa" })]
    [InlineData("""{"predicate":{"invocation":{"configSource":null},"metadata":{"completeness":null,"buildFinishedOn":null}}}""", new string[0])]
    [InlineData("""{"predicate":{"metadata":{"completeness":{"materials":"yes"}},"materials":[{"digest":{"sha1":"aa"}}]}}""", new string[0])]
    public void Null_structs_read_as_empty_and_wrong_types_read_as_nothing(string statement, string[] expected)
    {
        Assert.Equal(expected, InTotoStatementDigests.SlsaV02MaterialDigests(Encoding.UTF8.GetBytes(statement)));
    }

    /// <summary>Where the JSON value starting at <paramref name="start"/> ends (a rough scan: enough to cut a value out).</summary>
    private static int ValueEnd(string json, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '{' or '[':
                    depth++;
                    break;
                case '}' or ']' when depth == 0:
                    return i;
                case '}' or ']':
                    depth--;
                    break;
                case ',' when depth == 0:
                    return i;
            }
        }

        return json.Length;
    }
}
