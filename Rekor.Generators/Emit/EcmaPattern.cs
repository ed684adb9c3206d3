using System.Text;

namespace Rekor.Generators.Emit
{
    /// <summary>
    /// Adapts a JSON Schema pattern (ECMA-262) for .NET's regex engine in ECMAScript mode. One difference
    /// remains in that mode: .NET's <c>$</c> also matches before a final line feed, so <c>^[0-9]+$</c> would
    /// accept <c>"123\n"</c>; ECMA-262 (and Go, which Rekor uses) do not. Every <c>$</c> that is an anchor
    /// (unescaped, outside a character class) becomes <c>(?!\n)$</c>, which means "end of input" in both.
    /// </summary>
    internal static class EcmaPattern
    {
        public static string ToDotNet(string pattern)
        {
            var result = new StringBuilder(pattern.Length + 8);
            var inClass = false;
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                if (c == '\\' && i + 1 < pattern.Length)
                {
                    result.Append(c).Append(pattern[++i]);
                    continue;
                }

                if (c == '[')
                {
                    inClass = true;
                }
                else if (c == ']')
                {
                    inClass = false;
                }
                else if (c == '$' && !inClass)
                {
                    result.Append("(?!\\n)$");
                    continue;
                }

                result.Append(c);
            }

            return result.ToString();
        }
    }
}
