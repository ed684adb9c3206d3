using System;
using System.Collections.Generic;
using System.Globalization;
using Rekor.Generators.Diagnostics;
using Rekor.Generators.Model;

namespace Rekor.Generators.Binding
{
    /// <summary>
    /// Resolves <c>$ref</c>s between the documents of schemas/: file paths relative to the referring file,
    /// optionally followed by a JSON pointer (<c>#/definitions/X</c>, <c>#/properties/a/items</c>, …).
    /// Each unresolvable reference is reported once (REKOR002).
    /// </summary>
    internal sealed class ReferenceResolver
    {
        private readonly Dictionary<string, SchemaDocument> _documents;
        private readonly List<DiagnosticInfo> _diagnostics;
        private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

        public ReferenceResolver(Dictionary<string, SchemaDocument> documents, List<DiagnosticInfo> diagnostics)
        {
            _documents = documents;
            _diagnostics = diagnostics;
        }

        public (SchemaDocument Document, SchemaNode Node)? Resolve(SchemaDocument from, SchemaNode at, string reference)
        {
            var hash = reference.IndexOf('#');
            var filePart = hash >= 0 ? reference.Substring(0, hash) : reference;
            var pointer = hash >= 0 ? reference.Substring(hash) : "#";

            var target = from;
            if (filePart.Length > 0)
            {
                var path = Combine(Directory(from.RelativePath), filePart);
                if (!_documents.TryGetValue(path, out target))
                {
                    Report(from, at, reference, $"no schema file '{path}' among the AdditionalFiles");
                    return null;
                }
            }

            if (target.Root is null)
            {
                // The target failed to parse; that file already carries a REKOR001.
                return null;
            }

            var node = Navigate(target.Root, pointer);
            if (node is null)
            {
                Report(from, at, reference, $"'{target.RelativePath}' has nothing at '{pointer}'");
                return null;
            }

            return (target, node);
        }

        private static SchemaNode? Navigate(SchemaNode root, string pointer)
        {
            if (pointer == "#" || pointer == "#/")
            {
                return root;
            }

            if (!pointer.StartsWith("#/", StringComparison.Ordinal))
            {
                return null;
            }

            var segments = pointer.Substring(2).Split('/');
            SchemaNode? node = root;
            for (var i = 0; i < segments.Length && node is not null; i++)
            {
                var segment = Unescape(segments[i]);
                switch (segment)
                {
                    case "definitions" or "properties" when i + 1 < segments.Length:
                        var name = Unescape(segments[++i]);
                        node = Find(segment == "definitions" ? node.Definitions : node.Properties, name);
                        break;
                    case "items":
                        node = node.Items;
                        break;
                    case "additionalProperties":
                        node = node.AdditionalProperties;
                        break;
                    case "oneOf" or "anyOf" or "allOf" when i + 1 < segments.Length:
                        var list = segment == "oneOf" ? node.OneOf : segment == "anyOf" ? node.AnyOf : node.AllOf;
                        node = int.TryParse(segments[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < list.Count ? list[index] : null;
                        break;
                    default:
                        node = null;
                        break;
                }
            }

            return node;
        }

        private static SchemaNode? Find(Infrastructure.EquatableArray<NamedSchema> schemas, string name)
        {
            foreach (var schema in schemas)
            {
                if (schema.Name == name)
                {
                    return schema.Schema;
                }
            }

            return null;
        }

        private void Report(SchemaDocument from, SchemaNode at, string reference, string problem)
        {
            if (_reported.Add(from.RelativePath + "|" + at.Pointer + "|" + reference))
            {
                _diagnostics.Add(DiagnosticInfo.AtFile(DiagnosticDescriptors.UnresolvedReference, from.FilePath, at.Line, at.Column, reference, from.RelativePath, problem));
            }
        }

        public static string Directory(string relativePath)
        {
            var slash = relativePath.LastIndexOf('/');
            return slash >= 0 ? relativePath.Substring(0, slash) : string.Empty;
        }

        private static string Combine(string directory, string relative)
        {
            var parts = new List<string>();
            foreach (var part in (directory.Length > 0 ? directory + "/" + relative : relative).Split('/'))
            {
                if (part.Length == 0 || part == ".")
                {
                    continue;
                }

                if (part == ".." && parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                    continue;
                }

                parts.Add(part);
            }

            return string.Join("/", parts);
        }

        private static string Unescape(string segment) => segment.Replace("~1", "/").Replace("~0", "~");
    }
}
