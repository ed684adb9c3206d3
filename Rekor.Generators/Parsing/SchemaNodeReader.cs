using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Rekor.Generators.Diagnostics;
using Rekor.Generators.Infrastructure;
using Rekor.Generators.Model;

namespace Rekor.Generators.Parsing
{
    /// <summary>
    /// Turns a <see cref="RawValue"/> object into a <see cref="SchemaNode"/>. Keywords it does not know are
    /// ignored (as JSON Schema requires); known keywords with a value of the wrong shape become REKOR003 and
    /// are dropped, so one bad keyword never hides the rest of the file.
    /// </summary>
    internal sealed class SchemaNodeReader
    {
        private static readonly HashSet<string> KnownTypes = new() { "object", "array", "string", "integer", "number", "boolean", "null", "file" };

        private readonly string _filePath;
        private readonly List<DiagnosticInfo> _diagnostics;

        public SchemaNodeReader(string filePath, List<DiagnosticInfo> diagnostics)
        {
            _filePath = filePath;
            _diagnostics = diagnostics;
        }

        public SchemaNode? Read(RawValue value, string pointer)
        {
            if (value.Kind == RawKind.Boolean)
            {
                // Boolean schemas (draft-06+): true accepts anything, false nothing. Only "true" is meaningful here.
                return new SchemaNode { Pointer = pointer, Line = value.Line, Column = value.Column };
            }

            if (value.Kind != RawKind.Object)
            {
                Report("schema", pointer, value, "a schema must be an object");
                return null;
            }

            var node = new SchemaNode { Pointer = pointer, Line = value.Line, Column = value.Column };
            foreach (var member in value.Members)
            {
                node = ReadKeyword(node, member.Key, member.Value, pointer);
            }

            return node;
        }

        private SchemaNode ReadKeyword(SchemaNode node, string keyword, RawValue value, string pointer)
        {
            switch (keyword)
            {
                case "$ref":
                    return String(keyword, value, pointer) is { } reference ? node with { Ref = reference } : node;
                case "type":
                    return node with { Types = ReadTypes(value, pointer) };
                case "format":
                    return node with { Format = String(keyword, value, pointer) };
                case "pattern":
                    return node with { Pattern = ReadPattern(value, pointer) };
                case "title":
                    return node with { Title = String(keyword, value, pointer) };
                case "description":
                    return node with { Description = String(keyword, value, pointer) };
                case "$id":
                    return node with { Id = String(keyword, value, pointer) };
                case "discriminator":
                    return node with { Discriminator = String(keyword, value, pointer) };
                case "required":
                    return node with { Required = StringList(keyword, value, pointer) };
                case "properties":
                    return node with { Properties = NamedSchemas(keyword, value, pointer) };
                case "definitions":
                    return node with { Definitions = NamedSchemas(keyword, value, pointer) };
                case "items":
                    return node with { Items = Read(value, pointer + "/items") };
                case "additionalProperties":
                    if (value.Kind == RawKind.Boolean)
                    {
                        return node with { AdditionalPropertiesAllowed = value.Text == "true" };
                    }

                    return node with { AdditionalProperties = Read(value, pointer + "/additionalProperties") };
                case "oneOf":
                    return node with { OneOf = SchemaList(keyword, value, pointer) };
                case "anyOf":
                    return node with { AnyOf = SchemaList(keyword, value, pointer) };
                case "allOf":
                    return node with { AllOf = SchemaList(keyword, value, pointer) };
                case "enum":
                    return node with { Enum = ReadEnum(value, pointer) };
                case "minLength":
                    return node with { MinLength = NonNegative(keyword, value, pointer) };
                case "maxLength":
                    return node with { MaxLength = NonNegative(keyword, value, pointer) };
                case "minItems":
                    return node with { MinItems = NonNegative(keyword, value, pointer) };
                case "maxItems":
                    return node with { MaxItems = NonNegative(keyword, value, pointer) };
                case "minimum":
                    return node with { Minimum = Number(keyword, value, pointer) };
                case "maximum":
                    return node with { Maximum = Number(keyword, value, pointer) };
                case "readOnly":
                    return node with { ReadOnly = Boolean(keyword, value, pointer) };
                case "writeOnly":
                    return node with { WriteOnly = Boolean(keyword, value, pointer) };
                default:
                    return node;
            }
        }

        private EquatableArray<string> ReadTypes(RawValue value, string pointer)
        {
            var names = value.Kind == RawKind.Array ? value.Items : new List<RawValue> { value };
            var types = new List<string>();
            foreach (var name in names)
            {
                if (name.Kind != RawKind.String || !KnownTypes.Contains(name.Text!))
                {
                    Report("type", pointer, name, $"'{name.Text}' is not a JSON Schema type");
                    continue;
                }

                types.Add(name.Text!);
            }

            return types.ToEquatableArray();
        }

        private string? ReadPattern(RawValue value, string pointer)
        {
            var pattern = String("pattern", value, pointer);
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
                Report("pattern", pointer, value, "not a valid regular expression: " + e.Message);
                return null;
            }
        }

        private EquatableArray<EnumValue> ReadEnum(RawValue value, string pointer)
        {
            if (value.Kind != RawKind.Array || value.Items.Count == 0)
            {
                Report("enum", pointer, value, "must be a non-empty array");
                return EquatableArray<EnumValue>.Empty;
            }

            var values = new List<EnumValue>();
            foreach (var item in value.Items)
            {
                if (item.Kind is RawKind.Object or RawKind.Array)
                {
                    Report("enum", pointer, item, "only scalar enum values are supported");
                    continue;
                }

                values.Add(new EnumValue(item.Kind.ToString(), item.Text ?? "null"));
            }

            return values.ToEquatableArray();
        }

        private EquatableArray<NamedSchema> NamedSchemas(string keyword, RawValue value, string pointer)
        {
            if (value.Kind != RawKind.Object)
            {
                Report(keyword, pointer, value, "must be an object of schemas");
                return EquatableArray<NamedSchema>.Empty;
            }

            var result = new List<NamedSchema>();
            foreach (var member in value.Members)
            {
                if (Read(member.Value, pointer + "/" + keyword + "/" + EscapePointer(member.Key)) is { } schema)
                {
                    result.Add(new NamedSchema(member.Key, schema));
                }
            }

            return result.ToEquatableArray();
        }

        private EquatableArray<SchemaNode> SchemaList(string keyword, RawValue value, string pointer)
        {
            if (value.Kind != RawKind.Array || value.Items.Count == 0)
            {
                Report(keyword, pointer, value, "must be a non-empty array of schemas");
                return EquatableArray<SchemaNode>.Empty;
            }

            var result = new List<SchemaNode>();
            for (var i = 0; i < value.Items.Count; i++)
            {
                if (Read(value.Items[i], pointer + "/" + keyword + "/" + i.ToString(CultureInfo.InvariantCulture)) is { } schema)
                {
                    result.Add(schema);
                }
            }

            return result.ToEquatableArray();
        }

        private EquatableArray<string> StringList(string keyword, RawValue value, string pointer)
        {
            if (value.Kind != RawKind.Array || value.Items.Any(i => i.Kind != RawKind.String))
            {
                Report(keyword, pointer, value, "must be an array of strings");
                return EquatableArray<string>.Empty;
            }

            return value.Items.Select(i => i.Text!).ToEquatableArray();
        }

        private string? String(string keyword, RawValue value, string pointer)
        {
            if (value.Kind != RawKind.String)
            {
                Report(keyword, pointer, value, "must be a string");
                return null;
            }

            return value.Text;
        }

        private bool Boolean(string keyword, RawValue value, string pointer)
        {
            if (value.Kind != RawKind.Boolean)
            {
                Report(keyword, pointer, value, "must be true or false");
                return false;
            }

            return value.Text == "true";
        }

        private long? NonNegative(string keyword, RawValue value, string pointer)
        {
            if (value.Kind != RawKind.Number || !long.TryParse(value.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < 0)
            {
                Report(keyword, pointer, value, "must be a non-negative integer");
                return null;
            }

            return number;
        }

        private string? Number(string keyword, RawValue value, string pointer)
        {
            if (value.Kind != RawKind.Number || !decimal.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                Report(keyword, pointer, value, "must be a number");
                return null;
            }

            return number.ToString(CultureInfo.InvariantCulture);
        }

        private void Report(string keyword, string pointer, RawValue at, string problem) =>
            _diagnostics.Add(DiagnosticInfo.AtFile(DiagnosticDescriptors.InvalidKeyword, _filePath, at.Line, at.Column, keyword, pointer, _filePath, problem));

        public static string EscapePointer(string name) => name.Replace("~", "~0").Replace("/", "~1");
    }
}
