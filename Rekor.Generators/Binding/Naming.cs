using System.Globalization;
using System.Text;

namespace Rekor.Generators.Binding
{
    /// <summary>How schema names become C# names. Deterministic and culture-independent.</summary>
    internal static class Naming
    {
        /// <summary><c>publicKey</c> → <c>PublicKey</c>, <c>spec_version</c> → <c>SpecVersion</c>, <c>rfc3161</c> → <c>Rfc3161</c>.</summary>
        public static string Pascal(string name)
        {
            var builder = new StringBuilder(name.Length);
            var upperNext = true;
            foreach (var c in name)
            {
                if (!char.IsLetterOrDigit(c))
                {
                    upperNext = true;
                    continue;
                }

                builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
                upperNext = false;
            }

            if (builder.Length == 0 || char.IsDigit(builder[0]))
            {
                builder.Insert(0, '_');
            }

            return builder.ToString();
        }

        /// <summary><c>0.0.1</c> → <c>V001</c>; <c>1.10.0</c> → <c>V1_10_0</c> (kept unambiguous).</summary>
        public static string VersionSuffix(string version)
        {
            var parts = version.Split('.');
            foreach (var part in parts)
            {
                if (part.Length != 1)
                {
                    return "V" + string.Join("_", parts);
                }
            }

            return "V" + string.Concat(parts);
        }

        /// <summary>A method name for the validator of the schema at <paramref name="pointer"/> in <paramref name="document"/>.</summary>
        public static string ValidatorMethod(string document, string pointer)
        {
            var builder = new StringBuilder("Validate_");
            foreach (var c in StripExtension(document) + pointer.TrimStart('#'))
            {
                builder.Append(char.IsLetterOrDigit(c) ? c : '_');
            }

            return builder.ToString();
        }

        public static string Literal(string value)
        {
            var builder = new StringBuilder("\"");
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    default:
                        if (c < 0x20 || c > 0x7e)
                        {
                            builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            builder.Append(c);
                        }

                        break;
                }
            }

            return builder.Append('"').ToString();
        }

        private static string StripExtension(string path)
        {
            foreach (var suffix in new[] { "_schema.json", ".json", ".yaml", ".yml" })
            {
                if (path.EndsWith(suffix, System.StringComparison.Ordinal))
                {
                    return path.Substring(0, path.Length - suffix.Length);
                }
            }

            return path;
        }
    }
}
