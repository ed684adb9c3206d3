using System;
using System.Collections.Generic;
using Rekor.Generators.Diagnostics;
using Rekor.Generators.Infrastructure;
using Rekor.Generators.Model;

namespace Rekor.Generators.Parsing
{
    /// <summary>
    /// Parses one file of schemas/ into a <see cref="SchemaDocument"/>. Never throws for bad input: a file that
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
            RawValue raw;
            try
            {
                raw = isOpenApi ? YamlRawReader.Read(text) : JsonRawReader.Read(text);
            }
            catch (SchemaSyntaxException e)
            {
                diagnostics.Add(DiagnosticInfo.AtFile(DiagnosticDescriptors.MalformedDocument, filePath, e.Line, e.Column, relativePath, e.Message));
                return new SchemaDocument(relativePath, filePath, isOpenApi, isReference, null, EquatableArray<ApiOperation>.Empty, EquatableArray<ApiReference>.Empty, diagnostics.ToEquatableArray());
            }
            catch (System.IO.FileNotFoundException e)
            {
                // YamlDotNet did not travel with the generator (see Rekor.Generators.csproj).
                diagnostics.Add(DiagnosticInfo.AtFile(DiagnosticDescriptors.MissingGeneratorDependency, filePath, 0, 0, relativePath, e.FileName ?? e.Message));
                return new SchemaDocument(relativePath, filePath, isOpenApi, isReference, null, EquatableArray<ApiOperation>.Empty, EquatableArray<ApiReference>.Empty, diagnostics.ToEquatableArray());
            }

            var reader = new SchemaNodeReader(filePath, diagnostics);
            SchemaNode? root;
            var operations = EquatableArray<ApiOperation>.Empty;
            var references = EquatableArray<ApiReference>.Empty;
            if (isOpenApi)
            {
                root = ReadOpenApiDefinitions(raw, reader, filePath, relativePath, diagnostics);
                operations = ReadOperations(filePath, relativePath, text, diagnostics);
                references = ReadApiReferences(raw);
            }
            else
            {
                root = reader.Read(raw, "#");
            }

            return new SchemaDocument(relativePath, filePath, isOpenApi, isReference, root, operations, references, diagnostics.ToEquatableArray());
        }

        /// <summary>Every $ref under <c>paths</c> and <c>responses</c>, marking those that name a shared response or parameter that exists.</summary>
        private static EquatableArray<ApiReference> ReadApiReferences(RawValue raw)
        {
            if (raw.Kind != RawKind.Object)
            {
                return EquatableArray<ApiReference>.Empty;
            }

            var anchors = new HashSet<string>(StringComparer.Ordinal);
            foreach (var section in new[] { "responses", "parameters" })
            {
                if (raw.Get(section) is { Kind: RawKind.Object } shared)
                {
                    foreach (var member in shared.Members)
                    {
                        anchors.Add("#/" + section + "/" + member.Key);
                    }
                }
            }

            var references = new List<ApiReference>();
            foreach (var section in new[] { "paths", "responses", "parameters" })
            {
                if (raw.Get(section) is { } value)
                {
                    CollectReferences(value, anchors, references);
                }
            }

            return references.ToEquatableArray();
        }

        private static void CollectReferences(RawValue value, HashSet<string> anchors, List<ApiReference> references)
        {
            foreach (var member in value.Members)
            {
                if (member.Key == "$ref" && member.Value.Kind == RawKind.String)
                {
                    references.Add(new ApiReference(member.Value.Text!, member.Value.Line, member.Value.Column, anchors.Contains(member.Value.Text!)));
                }
                else
                {
                    CollectReferences(member.Value, anchors, references);
                }
            }

            foreach (var item in value.Items)
            {
                CollectReferences(item, anchors, references);
            }
        }

        private static SchemaNode? ReadOpenApiDefinitions(RawValue raw, SchemaNodeReader reader, string filePath, string relativePath, List<DiagnosticInfo> diagnostics)
        {
            if (raw.Kind != RawKind.Object || raw.Get("swagger") is null)
            {
                diagnostics.Add(DiagnosticInfo.AtFile(DiagnosticDescriptors.MalformedDocument, filePath, raw.Line, raw.Column, relativePath, "not a Swagger 2.0 document: the top level must be a mapping with a 'swagger' key"));
                return null;
            }

            // The API description itself is not a schema; its definitions are. Read them as the definitions of an
            // otherwise empty root so that "#/definitions/X" references resolve the same way as in JSON Schema files.
            var holder = new RawValue(RawKind.Object, raw.Line, raw.Column);
            if (raw.Get("definitions") is { } definitions)
            {
                holder.Members.Add(new KeyValuePair<string, RawValue>("definitions", definitions));
            }

            return reader.Read(holder, "#");
        }

        private static EquatableArray<ApiOperation> ReadOperations(string filePath, string relativePath, string text, List<DiagnosticInfo> diagnostics)
        {
            var (operations, error, missing) = OpenApiDescriptionReader.ReadOperations(text);
            if (missing is not null)
            {
                diagnostics.Add(DiagnosticInfo.AtFile(DiagnosticDescriptors.MissingGeneratorDependency, filePath, 0, 0, relativePath, missing));
            }
            else if (error is not null)
            {
                diagnostics.Add(DiagnosticInfo.AtFile(DiagnosticDescriptors.MalformedDocument, filePath, 0, 0, relativePath, "the OpenAPI reader refused it: " + error));
            }

            return operations;
        }

        private static string FileName(string path)
        {
            var slash = path.Replace('\\', '/').LastIndexOf('/');
            return slash >= 0 ? path.Substring(slash + 1) : path;
        }
    }
}
