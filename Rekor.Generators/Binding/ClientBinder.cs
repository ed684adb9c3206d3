using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Rekor.Generators.Infrastructure;
using Rekor.Generators.Model;

namespace Rekor.Generators.Binding
{
    /// <summary>
    /// Turns the API description's operations into client methods: C# names for operations and parameters, C# types
    /// for parameter and response schemas (definitions by their model class, <c>ProposedEntry</c> by the compilation's
    /// proposed-entry type), required parameters before optional ones.
    /// </summary>
    internal static class ClientBinder
    {
        private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
        {
            "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
            "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
            "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
            "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
            "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
            "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
            "using", "virtual", "void", "volatile", "while",
        };

        public static ClientSpec Bind(GenerationSpec spec)
        {
            if (spec.Operations.IsEmpty)
            {
                return ClientSpec.Empty;
            }

            var root = spec.ModelNamespace.EndsWith(".Models", StringComparison.Ordinal)
                ? spec.ModelNamespace.Substring(0, spec.ModelNamespace.Length - ".Models".Length)
                : spec.ModelNamespace;
            var operations = spec.Operations.Select(operation => BindOperation(spec, operation)).ToEquatableArray();
            return new ClientSpec(root + ".Client", spec.ModelNamespace, operations);
        }

        private static ClientOperation BindOperation(GenerationSpec spec, ApiOperation operation)
        {
            var parameters = operation.Parameters
                .Select(p => BindParameter(spec, p))
                .OrderBy(p => p.Required ? 0 : 1) // stable: document order within each group
                .ToEquatableArray();
            var result = operation.Success?.Shape is { } shape
                ? operation.Success.IsJson ? ClrType(spec, shape) : "string"
                : null;
            return new ClientOperation(
                operation.OperationId,
                Naming.Pascal(operation.OperationId) + "Async",
                operation.Method,
                operation.Path,
                PathSegments(operation.Path, parameters),
                operation.Summary,
                operation.Description,
                operation.Deprecated,
                parameters,
                result,
                operation.Success?.IsJson ?? true);
        }

        private static ClientParameter BindParameter(GenerationSpec spec, ApiParameter parameter)
        {
            // Path parameters are always required (Swagger 2.0 says so, whatever the document claims).
            var required = parameter.Required || parameter.Location == "path";
            var type = ClrType(spec, parameter.Shape);
            var isValueType = IsValueType(parameter.Shape);
            return new ClientParameter(
                parameter.Name,
                Identifier(parameter.Name),
                parameter.Location,
                required ? type : type + "?",
                required,
                isValueType,
                parameter.Description);
        }

        /// <summary><c>/api/v1/log/entries/{entryUUID}</c> → <c>["api/v1/log/entries/", "entryUUID", ""]</c> (identifiers at odd positions).</summary>
        private static EquatableArray<string> PathSegments(string path, EquatableArray<ClientParameter> parameters)
        {
            var segments = new List<string>();
            var literal = new StringBuilder();
            var text = path.TrimStart('/');
            for (var i = 0; i < text.Length; i++)
            {
                var close = text[i] == '{' ? text.IndexOf('}', i) : -1;
                if (close < 0)
                {
                    literal.Append(text[i]);
                    continue;
                }

                var name = text.Substring(i + 1, close - i - 1);
                var parameter = parameters.FirstOrDefault(p => p.Location == "path" && p.Name == name);
                if (parameter is null)
                {
                    // A placeholder without a declared parameter stays literal text; the server will answer 404.
                    literal.Append(text, i, close - i + 1);
                }
                else
                {
                    segments.Add(literal.ToString());
                    segments.Add(parameter.Identifier);
                    literal.Clear();
                }

                i = close;
            }

            segments.Add(literal.ToString());
            return segments.ToEquatableArray();
        }

        private static string ClrType(GenerationSpec spec, ApiValueShape shape) => shape.Kind switch
        {
            "string" => "string",
            "integer" => shape.Format == "int32" ? "int" : "long",
            "number" => shape.Format == "float" ? "float" : "double",
            "boolean" => "bool",
            "array" => "global::System.Collections.Generic.IReadOnlyList<" + ClrType(spec, shape.Items ?? new ApiValueShape("any", null, null, null)) + ">",
            "model" when shape.ModelName == "ProposedEntry" => spec.ProposedEntryType,
            "model" => "global::" + spec.ModelNamespace + "." + Naming.Pascal(shape.ModelName!),
            _ => "global::System.Text.Json.JsonElement",
        };

        private static bool IsValueType(ApiValueShape shape) =>
            shape.Kind is "integer" or "number" or "boolean" or "any";

        /// <summary><c>entryUUID</c> stays <c>entryUUID</c>; <c>tree-id</c> → <c>treeId</c>; a C# keyword gets '@'.</summary>
        private static string Identifier(string name)
        {
            var pascal = Naming.Pascal(name);
            var identifier = pascal.StartsWith("_", StringComparison.Ordinal) ? pascal : char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
            // The emitted method's own names (cancellationToken, and locals that start with "__") must stay free.
            return identifier == "cancellationToken" ? identifier + "Value" : Keywords.Contains(identifier) ? "@" + identifier : identifier;
        }
    }
}
