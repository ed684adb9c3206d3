using System;
using System.Collections.Generic;
using System.IO;
using SharpYaml.Serialization;

namespace Rekor.Generators.Parsing
{
    /// <summary>
    /// Where each node of a YAML document starts, by JSON pointer (<c>#/definitions/LogEntry/properties/uuid</c>),
    /// and every <c>$ref</c> with its pointer. Microsoft.OpenApi.Readers reads the content but keeps no positions
    /// (its diagnostics carry JSON pointers); this index, built with the same YAML parser it uses (SharpYaml), puts
    /// diagnostics on their line. Positions are 0-based, as SharpYaml's marks are. A text SharpYaml cannot parse gives an empty index.
    /// </summary>
    internal sealed class YamlPositions
    {
        private readonly Dictionary<string, (int Line, int Column)> _starts = new(StringComparer.Ordinal);

        private YamlPositions()
        {
        }

        /// <summary>Every <c>$ref</c> with a string value: the pointer of the object holding it, its text and position.</summary>
        public List<(string Pointer, string Reference, int Line, int Column)> References { get; } = new();

        public static YamlPositions Index(string text)
        {
            var index = new YamlPositions();
            try
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(text));
                if (stream.Documents.Count == 1)
                {
                    index.Visit(stream.Documents[0].RootNode, "#");
                }
            }
            catch (SharpYaml.YamlException)
            {
                // Not well-formed: the OpenAPI reader reports the fault (with its line) itself.
            }
            catch (ArgumentException)
            {
                // A duplicate key; the OpenAPI reader reports it too.
            }

            return index;
        }

        public bool Contains(string pointer) => _starts.ContainsKey(pointer);

        /// <summary>The start of the node at <paramref name="pointer"/>, or of its nearest ancestor that exists (the file start at worst).</summary>
        public (int Line, int Column) Find(string pointer)
        {
            for (var at = pointer; ; at = at.Substring(0, at.LastIndexOf('/')))
            {
                if (_starts.TryGetValue(at, out var start))
                {
                    return start;
                }

                if (at.IndexOf('/') < 0)
                {
                    return (0, 0);
                }
            }
        }

        private void Visit(YamlNode node, string pointer)
        {
            _starts[pointer] = (node.Start.Line, node.Start.Column);
            switch (node)
            {
                case YamlMappingNode mapping:
                    foreach (var pair in mapping.Children)
                    {
                        if (pair.Key is not YamlScalarNode { Value: { } key })
                        {
                            continue;
                        }

                        if (key == "$ref" && pair.Value is YamlScalarNode { Value: { } reference })
                        {
                            References.Add((pointer, reference, pair.Value.Start.Line, pair.Value.Start.Column));
                        }

                        Visit(pair.Value, pointer + "/" + SchemaNodeReader.EscapePointer(key));
                    }

                    break;
                case YamlSequenceNode sequence:
                    for (var i = 0; i < sequence.Children.Count; i++)
                    {
                        Visit(sequence.Children[i], pointer + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }

                    break;
            }
        }
    }
}
