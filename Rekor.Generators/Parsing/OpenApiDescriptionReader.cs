using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Readers;
using Rekor.Generators.Diagnostics;
using Rekor.Generators.Infrastructure;
using Rekor.Generators.Model;

namespace Rekor.Generators.Parsing
{
    /// <summary>
    /// Reads the Swagger 2.0 API description with Microsoft.OpenApi.Readers, the design card's OpenAPI reader: the
    /// <c>definitions</c> (with the <c>kind</c> discriminator and the allOf-derived kinds) as <see cref="SchemaNode"/>s,
    /// the operations under <c>paths</c>, and the <c>$ref</c>s of paths and shared responses for binding to check.
    /// The reader's errors carry JSON pointers; <see cref="YamlPositions"/> turns them into lines. Never throws:
    /// the reader's failures are REKOR001, a missing bundled DLL is REKOR011.
    /// </summary>
    internal static class OpenApiDescriptionReader
    {
        public static (SchemaNode? Root, EquatableArray<ApiOperation> Operations, EquatableArray<ApiReference> References) Read(
            string filePath, string relativePath, string text, List<DiagnosticInfo> diagnostics)
        {
            try
            {
                return ReadDescription(filePath, relativePath, text, diagnostics);
            }
            catch (Exception e) when (e is System.IO.FileNotFoundException or System.IO.FileLoadException or TypeLoadException)
            {
                // The DLLs travel next to the generator (Rekor.Generators.csproj); a copy without them lands here,
                // in a method that names none of their types, so that the JIT can still run it.
                diagnostics.Add(DiagnosticInfo.AtFile(DiagnosticDescriptors.MissingGeneratorDependency, filePath, 0, 0, relativePath, (e as System.IO.FileNotFoundException)?.FileName ?? e.Message));
            }
#pragma warning disable CA1031 // Whatever the reader throws on a malformed text is that text's diagnostic, never a generator crash.
            catch (Exception e)
#pragma warning restore CA1031
            {
                diagnostics.Add(DiagnosticInfo.AtFile(DiagnosticDescriptors.MalformedDocument, filePath, 0, 0, relativePath, "the OpenAPI reader failed on it: " + e.Message));
            }

            return (null, EquatableArray<ApiOperation>.Empty, EquatableArray<ApiReference>.Empty);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static (SchemaNode?, EquatableArray<ApiOperation>, EquatableArray<ApiReference>) ReadDescription(
            string filePath, string relativePath, string text, List<DiagnosticInfo> diagnostics)
        {
            var document = new OpenApiStringReader(new OpenApiReaderSettings { ReferenceResolution = ReferenceResolutionSetting.DoNotResolveReferences })
                .Read(text, out var diagnostic);
            var positions = YamlPositions.Index(text);
            if (diagnostic.Errors.Count > 0)
            {
                foreach (var error in diagnostic.Errors)
                {
                    var (line, column) = Position(error.Pointer, positions);
                    diagnostics.Add(DiagnosticInfo.AtFile(DiagnosticDescriptors.MalformedDocument, filePath, line, column, relativePath, "the OpenAPI reader refused it: " + error.Message));
                }

                return (null, EquatableArray<ApiOperation>.Empty, EquatableArray<ApiReference>.Empty);
            }

            if (diagnostic.SpecificationVersion != OpenApiSpecVersion.OpenApi2_0 || document is null)
            {
                diagnostics.Add(DiagnosticInfo.AtFile(DiagnosticDescriptors.MalformedDocument, filePath, 0, 0, relativePath, "not a Swagger 2.0 document: the top level must be a mapping with a 'swagger' key"));
                return (null, EquatableArray<ApiOperation>.Empty, EquatableArray<ApiReference>.Empty);
            }

            var root = new OpenApiSchemaReader(filePath, positions, diagnostics).ReadDefinitions(document.Components?.Schemas);
            return (root, OpenApiOperationReader.Read(document), References(positions));
        }

        /// <summary>A reader error's place: its pointer's node, or for a YAML fault the line it names (<c>#line=N</c>, SharpYaml's 0-based line).</summary>
        private static (int Line, int Column) Position(string? pointer, YamlPositions positions)
        {
            const string LinePrefix = "#line=";
            if (pointer is null)
            {
                return (0, 0);
            }

            if (pointer.StartsWith(LinePrefix, StringComparison.Ordinal))
            {
                return int.TryParse(pointer.Substring(LinePrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var line)
                    ? (line, 0)
                    : (0, 0);
            }

            return positions.Find(pointer);
        }

        /// <summary>Every $ref under <c>paths</c>, <c>responses</c> and <c>parameters</c>, marking those that name a shared response or parameter the document declares.</summary>
        private static EquatableArray<ApiReference> References(YamlPositions positions) =>
            positions.References
                .Where(r => r.Pointer.StartsWith("#/paths/", StringComparison.Ordinal) || r.Pointer.StartsWith("#/responses/", StringComparison.Ordinal) || r.Pointer.StartsWith("#/parameters/", StringComparison.Ordinal))
                .Select(r => new ApiReference(r.Reference, r.Line, r.Column, IsAnchor(r.Reference, positions)))
                .ToEquatableArray();

        private static bool IsAnchor(string reference, YamlPositions positions) =>
            (reference.StartsWith("#/responses/", StringComparison.Ordinal) || reference.StartsWith("#/parameters/", StringComparison.Ordinal))
            && reference.Count(c => c == '/') == 2 && positions.Contains(reference);
    }
}
