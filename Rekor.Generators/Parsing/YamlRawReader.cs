using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Rekor.Generators.Parsing
{
    /// <summary>
    /// Reads a YAML document into a <see cref="RawValue"/> tree. Plain scalars are typed as YAML 1.2's core
    /// schema types them (null, booleans, integers, floats); quoted scalars are always strings.
    /// </summary>
    internal static class YamlRawReader
    {
        private static readonly Regex IntegerPattern = new(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant);
        private static readonly Regex FloatPattern = new(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);

        /// <exception cref="SchemaSyntaxException">The text is not a single well-formed YAML document.</exception>
        public static RawValue Read(string text)
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(text));
            }
            catch (YamlException e)
            {
                throw new SchemaSyntaxException(e.Message, (int)Math.Max(e.Start.Line - 1, 0), (int)Math.Max(e.Start.Column - 1, 0));
            }

            if (stream.Documents.Count != 1)
            {
                throw new SchemaSyntaxException($"expected exactly one YAML document, found {stream.Documents.Count}", 0, 0);
            }

            return Convert(stream.Documents[0].RootNode);
        }

        private static RawValue Convert(YamlNode node)
        {
            var line = (int)Math.Max(node.Start.Line - 1, 0);
            var column = (int)Math.Max(node.Start.Column - 1, 0);
            switch (node)
            {
                case YamlMappingNode mapping:
                    var obj = new RawValue(RawKind.Object, line, column);
                    var names = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var pair in mapping.Children)
                    {
                        if (pair.Key is not YamlScalarNode key || key.Value is null)
                        {
                            throw new SchemaSyntaxException("mapping keys must be scalars", line, column);
                        }

                        if (!names.Add(key.Value))
                        {
                            throw new SchemaSyntaxException($"duplicate key '{key.Value}'", (int)key.Start.Line - 1, (int)key.Start.Column - 1);
                        }

                        obj.Members.Add(new KeyValuePair<string, RawValue>(key.Value, Convert(pair.Value)));
                    }

                    return obj;
                case YamlSequenceNode sequence:
                    var array = new RawValue(RawKind.Array, line, column);
                    foreach (var child in sequence.Children)
                    {
                        array.Items.Add(Convert(child));
                    }

                    return array;
                case YamlScalarNode scalar:
                    return ConvertScalar(scalar, line, column);
                default:
                    throw new SchemaSyntaxException($"unsupported YAML node {node.NodeType}", line, column);
            }
        }

        private static RawValue ConvertScalar(YamlScalarNode scalar, int line, int column)
        {
            var text = scalar.Value ?? string.Empty;
            if (scalar.Style != ScalarStyle.Plain)
            {
                return new RawValue(RawKind.String, line, column, text);
            }

            switch (text)
            {
                case "" or "~" or "null" or "Null" or "NULL":
                    return new RawValue(RawKind.Null, line, column);
                case "true" or "True" or "TRUE":
                    return new RawValue(RawKind.Boolean, line, column, "true");
                case "false" or "False" or "FALSE":
                    return new RawValue(RawKind.Boolean, line, column, "false");
            }

            if (IntegerPattern.IsMatch(text) || FloatPattern.IsMatch(text))
            {
                var normalized = decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? text.TrimStart('+') : text;
                return new RawValue(RawKind.Number, line, column, normalized);
            }

            return new RawValue(RawKind.String, line, column, text);
        }
    }
}
