using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Models;
using Rekor.Generators.Diagnostics;
using Rekor.Generators.Infrastructure;
using Rekor.Generators.Model;

namespace Rekor.Generators.Parsing
{
    /// <summary>
    /// Turns the schemas Microsoft.OpenApi.Readers read from the API description's <c>definitions</c> into
    /// <see cref="SchemaNode"/>s, the plain equatable data binding consumes (no Microsoft.OpenApi object leaves the
    /// parse step). Pointers are those of the Swagger 2.0 file (<c>#/definitions/X/properties/y</c>), positions come
    /// from <see cref="YamlPositions"/>. References were left unresolved by the reader and are kept as written.
    /// Checks the reader does not make (a JSON Schema type, an ECMA-262 pattern, non-negative lengths, non-empty lists)
    /// become REKOR003 at the keyword, as in JSON Schema files.
    /// </summary>
    internal sealed class OpenApiSchemaReader
    {
        private static readonly HashSet<string> KnownTypes = new() { "object", "array", "string", "integer", "number", "boolean", "null", "file" };

        private readonly string _filePath;
        private readonly YamlPositions _positions;
        private readonly List<DiagnosticInfo> _diagnostics;

        public OpenApiSchemaReader(string filePath, YamlPositions positions, List<DiagnosticInfo> diagnostics)
        {
            _filePath = filePath;
            _positions = positions;
            _diagnostics = diagnostics;
        }

        /// <summary>The definitions as those of an otherwise empty root, so that <c>#/definitions/X</c> resolves as in JSON Schema files.</summary>
        public SchemaNode ReadDefinitions(IDictionary<string, OpenApiSchema>? definitions)
        {
            var (line, column) = _positions.Find("#");
            var named = new List<NamedSchema>();
            foreach (var definition in definitions ?? new Dictionary<string, OpenApiSchema>())
            {
                named.Add(new NamedSchema(definition.Key, Read(definition.Value, "#/definitions/" + SchemaNodeReader.EscapePointer(definition.Key))));
            }

            return new SchemaNode { Pointer = "#", Line = line, Column = column, Definitions = named.ToEquatableArray() };
        }

        private SchemaNode Read(OpenApiSchema schema, string pointer)
        {
            var (line, column) = _positions.Find(pointer);
            var node = new SchemaNode { Pointer = pointer, Line = line, Column = column };
            if (schema.UnresolvedReference && schema.Reference is { } reference)
            {
                // The reader keeps nothing else of an object with a $ref.
                return node with { Ref = ReferenceText(reference) };
            }

            ReportNegative("minLength", schema.MinLength, pointer);
            ReportNegative("maxLength", schema.MaxLength, pointer);
            ReportNegative("minItems", schema.MinItems, pointer);
            ReportNegative("maxItems", schema.MaxItems, pointer);
            ReportEmpty("enum", schema.Enum.Count, "must be a non-empty array", pointer);
            ReportEmpty("allOf", schema.AllOf.Count, "must be a non-empty array of schemas", pointer);
            ReportEmpty("anyOf", schema.AnyOf.Count, "must be a non-empty array of schemas", pointer);
            ReportEmpty("oneOf", schema.OneOf.Count, "must be a non-empty array of schemas", pointer);
            return node with
            {
                Types = ReadType(schema.Type, pointer),
                Format = schema.Format,
                Pattern = ReadPattern(schema.Pattern, pointer),
                Title = schema.Title,
                Description = schema.Description,
                Discriminator = schema.Discriminator?.PropertyName,
                Required = schema.Required.ToEquatableArray(),
                Properties = schema.Properties.Select(p => new NamedSchema(p.Key, Read(p.Value, pointer + "/properties/" + SchemaNodeReader.EscapePointer(p.Key)))).ToEquatableArray(),
                Items = schema.Items is { } items ? Read(items, pointer + "/items") : null,
                AdditionalPropertiesAllowed = schema.AdditionalPropertiesAllowed,
                AdditionalProperties = schema.AdditionalProperties is { } additional ? Read(additional, pointer + "/additionalProperties") : null,
                AllOf = List(schema.AllOf, pointer + "/allOf"),
                AnyOf = List(schema.AnyOf, pointer + "/anyOf"),
                OneOf = List(schema.OneOf, pointer + "/oneOf"),
                Enum = schema.Enum.Select(EnumValueOf).ToEquatableArray(),
                MinLength = schema.MinLength >= 0 ? schema.MinLength : null,
                MaxLength = schema.MaxLength >= 0 ? schema.MaxLength : null,
                MinItems = schema.MinItems >= 0 ? schema.MinItems : null,
                MaxItems = schema.MaxItems >= 0 ? schema.MaxItems : null,
                Minimum = schema.Minimum?.ToString(CultureInfo.InvariantCulture),
                Maximum = schema.Maximum?.ToString(CultureInfo.InvariantCulture),
                ReadOnly = schema.ReadOnly,
                WriteOnly = schema.WriteOnly,
            };
        }

        private EquatableArray<SchemaNode> List(IList<OpenApiSchema> schemas, string pointer) =>
            schemas.Select((s, i) => Read(s, pointer + "/" + i.ToString(CultureInfo.InvariantCulture))).ToEquatableArray();

        /// <summary>A reference as the file wrote it: <c>#/definitions/X</c>, <c>file.json#</c> or <c>file.json#/pointer</c>.</summary>
        private static string ReferenceText(OpenApiReference reference)
        {
            if (!reference.IsExternal)
            {
                return "#/definitions/" + reference.Id;
            }

            // The reader keeps an external fragment as the id, with a leading "/definitions/" taken off.
            var id = reference.Id ?? string.Empty;
            return reference.ExternalResource + "#" + (id.Length == 0 || id.StartsWith("/", System.StringComparison.Ordinal) ? id : "/definitions/" + id);
        }

        private static EnumValue EnumValueOf(IOpenApiAny value) => value switch
        {
            OpenApiString s => new EnumValue("String", s.Value),
            OpenApiBoolean b => new EnumValue("Boolean", b.Value ? "true" : "false"),
            OpenApiInteger i => new EnumValue("Number", i.Value.ToString(CultureInfo.InvariantCulture)),
            OpenApiLong l => new EnumValue("Number", l.Value.ToString(CultureInfo.InvariantCulture)),
            OpenApiFloat f => new EnumValue("Number", f.Value.ToString("R", CultureInfo.InvariantCulture)),
            OpenApiDouble d => new EnumValue("Number", d.Value.ToString("R", CultureInfo.InvariantCulture)),
            _ => new EnumValue("Null", "null"),
        };

        private EquatableArray<string> ReadType(string? type, string pointer)
        {
            if (type is null)
            {
                return EquatableArray<string>.Empty;
            }

            if (!KnownTypes.Contains(type))
            {
                Report("type", pointer, $"'{type}' is not a JSON Schema type");
                return EquatableArray<string>.Empty;
            }

            return new[] { type }.ToEquatableArray();
        }

        private string? ReadPattern(string? pattern, string pointer)
        {
            if (pattern is null)
            {
                return null;
            }

            try
            {
                _ = new Regex(Emit.EcmaPattern.ToDotNet(pattern), RegexOptions.ECMAScript);
                return pattern;
            }
            catch (System.ArgumentException e)
            {
                Report("pattern", pointer, "not a valid regular expression: " + e.Message);
                return null;
            }
        }

        private void ReportNegative(string keyword, int? value, string pointer)
        {
            if (value < 0)
            {
                Report(keyword, pointer, "must be a non-negative integer");
            }
        }

        /// <summary>An empty list is what the reader gives for an absent keyword too: only one written in the file is reported.</summary>
        private void ReportEmpty(string keyword, int count, string problem, string pointer)
        {
            if (count == 0 && _positions.Contains(pointer + "/" + keyword))
            {
                Report(keyword, pointer, problem);
            }
        }

        private void Report(string keyword, string pointer, string problem)
        {
            var (line, column) = _positions.Find(pointer + "/" + keyword);
            _diagnostics.Add(DiagnosticInfo.AtFile(DiagnosticDescriptors.InvalidKeyword, _filePath, line, column, keyword, pointer, _filePath, problem));
        }
    }
}
