namespace Rekor.Server.Tests.Deploy;

/// <summary>
/// Splits a Dockerfile into instructions as BuildKit's parser does for what the lint rules need: comment lines (also
/// between continued lines) and parser directives are dropped, a line ending in <c>\</c> continues on the next, and
/// every FROM starts a new stage. Heredocs are not supported (the deploy Dockerfile has none; a rule would see them as
/// unknown keywords and fail).
/// </summary>
internal static class DockerfileParser
{
    public static IReadOnlyList<DockerfileInstruction> Parse(string text)
    {
        var instructions = new List<DockerfileInstruction>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var stage = -1;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var start = i + 1;
            var joined = new System.Text.StringBuilder();
            while (line.EndsWith('\\'))
            {
                joined.Append(line[..^1].TrimEnd()).Append(' ');
                do
                {
                    i++;
                    line = i < lines.Length ? lines[i].Trim() : string.Empty;
                }
                while (i < lines.Length && line.StartsWith('#'));
            }

            joined.Append(line);
            var text1 = joined.ToString().Trim();
            var space = text1.IndexOfAny([' ', '\t']);
            var keyword = (space < 0 ? text1 : text1[..space]).ToUpperInvariant();
            var arguments = space < 0 ? string.Empty : text1[(space + 1)..].Trim();
            if (keyword == "FROM")
            {
                stage++;
            }

            instructions.Add(new DockerfileInstruction(keyword, arguments, stage, start));
        }

        return instructions;
    }
}
