using System;
using System.Collections.Generic;
using Rekor.Generators.Diagnostics;
using Rekor.Generators.Infrastructure;
using Rekor.Generators.Model;

namespace Rekor.Generators.Parsing
{
    /// <summary>
    /// Parses one file of schemas/ into a <see cref="SchemaDocument"/>: a JSON Schema file through
    /// <see cref="JsonRawReader"/> and <see cref="SchemaNodeReader"/>, the API description through
    /// <see cref="OpenApiDescriptionReader"/> (Microsoft.OpenApi.Readers). Never throws for bad input: a file that
    /// is not well-formed becomes a document with no root and a REKOR001 diagnostic at the fault.
    /// </summary>
    internal static class SchemaDocumentParser
    {
        public static bool IsSchemaFile(string path)
        {
            var name = FileName(path);
            return name == "openapi.yaml" || name == "openapi.yml" || name.EndsWith("_schema.json", StringComparison.Ordinal);
        }

        public static bool IsOpenApiFile(string path) => FileName(path).StartsWith("openapi.", StringComparison.Ordinal);

        /// <summary>The path below the last <c>schemas/</c> folder, with forward slashes: how $refs name files.</summary>
        public static string RelativePath(string path)
        {
            var normalized = path.Replace('\\', '/');
            var marker = normalized.LastIndexOf("/schemas/", StringComparison.Ordinal);
            return marker >= 0 ? normalized.Substring(marker + "/schemas/".Length) : FileName(normalized);
        }

        public static SchemaDocument Parse(string filePath, string text, bool isReference = false)
        {
            var relativePath = RelativePath(filePath);
            var isOpenApi = FileName(relativePath).StartsWith("openapi.", StringComparison.Ordinal);
            var diagnostics = new List<DiagnosticInfo>();
            if (isOpenApi)
            {
                var (definitions, operations, references) = OpenApiDescriptionReader.Read(filePath, relativePath, text, diagnostics);
                return new SchemaDocument(relativePath, filePath, true, isReference, definitions, operations, references, diagnostics.ToEquatableArray());
            }

            SchemaNode? root;
            try
            {
                root = new SchemaNodeReader(filePath, diagnostics).Read(JsonRawReader.Read(text), "#");
            }
            catch (SchemaSyntaxException e)
            {
                diagnostics.Add(DiagnosticInfo.AtFile(DiagnosticDescriptors.MalformedDocument, filePath, e.Line, e.Column, relativePath, e.Message));
                root = null;
            }

            return new SchemaDocument(relativePath, filePath, false, isReference, root, EquatableArray<ApiOperation>.Empty, EquatableArray<ApiReference>.Empty, diagnostics.ToEquatableArray());
        }

        private static string FileName(string path)
        {
            var slash = path.Replace('\\', '/').LastIndexOf('/');
            return slash >= 0 ? path.Substring(slash + 1) : path;
        }
    }
}
