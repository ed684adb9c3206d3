using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Rekor.Generators.Binding;
using Rekor.Generators.Model;

namespace Rekor.Generators.Emit
{
    /// <summary>
    /// Emits the schema validators: one static method per schema node, each appending every violation it finds
    /// (with its JSON path) and calling the methods of its sub-schemas. Semantics follow JSON Schema draft-07 for
    /// the keywords Rekor's schemas use; patterns are ECMA-262 regular expressions, as JSON Schema specifies.
    /// </summary>
    /// <remarks>
    /// The generated code never throws for a JSON value, however hostile: it reads text and names only through
    /// <c>SchemaChecks</c>, which turns what System.Text.Json would throw on into violations. Text that is not valid
    /// Unicode is a <c>type</c> violation (<c>must be valid Unicode text</c>: such a value is no JSON string in the
    /// sense of RFC 8259 §8.1) and a property name that is not valid Unicode a <c>propertyNames</c> violation; a
    /// pattern that times out (<c>SchemaChecks.PatternMatchTimeout</c>) a <c>pattern</c> violation; a document
    /// nested beyond the stack, which only schemas that refer to themselves can reach, a <c>depth</c> violation.
    /// </remarks>
    internal static class ValidatorEmitter
    {
        private const string Element = "global::System.Text.Json.JsonElement";
        private const string ValueKind = "global::System.Text.Json.JsonValueKind";
        private const string Violation = "global::Rekor.Core.Schemas.SchemaViolation";
        private const string Checks = "global::Rekor.Core.Schemas.SchemaChecks";
        private const string Formats = "global::Rekor.Core.Schemas.SchemaFormats";

        public static string Emit(GenerationSpec spec)
        {
            var patterns = spec.Validators.Where(v => v.Pattern is not null).Select(v => v.Pattern!).Distinct().OrderBy(p => p, System.StringComparer.Ordinal).ToList();
            using var writer = new SourceWriter();
            writer.Open("namespace " + spec.ModelNamespace);
            writer.Line("/// <summary>The generated checks behind every model's <c>Validate</c>.</summary>");
            writer.Line(ModelEmitter.GeneratedCode);
            writer.Open("internal static partial class SchemaValidators");
            for (var i = 0; i < patterns.Count; i++)
            {
                writer.Line("/// <summary>" + System.Security.SecurityElement.Escape(patterns[i]) + "</summary>");
                writer.Line("private static readonly global::System.Text.RegularExpressions.Regex Pattern" + i.ToString(CultureInfo.InvariantCulture)
                    + " = new(" + Naming.Literal(EcmaPattern.ToDotNet(patterns[i])) + ", global::System.Text.RegularExpressions.RegexOptions.ECMAScript, "
                    + Checks + ".PatternMatchTimeout);");
            }

            foreach (var validator in spec.Validators)
            {
                writer.Line();
                EmitMethod(writer, validator, patterns);
            }

            writer.Close();
            writer.Close();
            return writer.ToString();
        }

        private static void EmitMethod(SourceWriter writer, ValidatorSpec v, List<string> patterns)
        {
            writer.Open("internal static void " + v.MethodName + "(" + Element + " value, string path, global::System.Collections.Generic.List<" + Violation + "> violations)");
            if (v.RefMethod is not null)
            {
                writer.Line(v.RefMethod + "(value, path, violations);");
            }

            if (!v.Types.IsEmpty)
            {
                var condition = string.Join(" || ", v.Types.Select(t => Checks + ".IsType(value, " + Naming.Literal(t) + ")"));
                writer.Open("if (!(" + condition + "))");
                writer.Line("violations.Add(new " + Violation + "(path, \"type\", " + Naming.Literal("must be of type " + string.Join(" or ", v.Types)) + "));");
                writer.Line("return;");
                writer.Close();
            }

            EmitObjectChecks(writer, v);
            EmitArrayChecks(writer, v);
            EmitStringChecks(writer, v, patterns);
            EmitNumberChecks(writer, v);
            EmitEnum(writer, v);
            EmitCombinators(writer, v);
            writer.Close();
        }

        private static void EmitObjectChecks(SourceWriter writer, ValidatorSpec v)
        {
            if (v.Required.IsEmpty && v.Properties.IsEmpty && v.AdditionalPropertiesAllowed && v.AdditionalPropertiesMethod is null)
            {
                return;
            }

            writer.Open("if (value.ValueKind == " + ValueKind + ".Object)");
            foreach (var required in v.Required)
            {
                writer.Open("if (!" + Checks + ".TryGetProperty(value, " + Naming.Literal(required) + ", out _))");
                writer.Line("violations.Add(new " + Violation + "(path, \"required\", " + Naming.Literal("required property '" + required + "' is missing") + "));");
                writer.Close();
            }

            if (!v.Properties.IsEmpty || !v.AdditionalPropertiesAllowed || v.AdditionalPropertiesMethod is not null)
            {
                if (!v.Properties.IsEmpty || v.AdditionalPropertiesMethod is not null)
                {
                    EmitDescentGuard(writer);
                }

                writer.Open("foreach (var property in value.EnumerateObject())");
                writer.Open("if (!" + Checks + ".TryGetName(property, out var name))");
                writer.Line("violations.Add(new " + Violation + "(path, \"propertyNames\", \"property names must be valid Unicode text\"));");
                writer.Line("continue;");
                writer.Close();
                writer.Open("switch (name)");
                foreach (var property in v.Properties)
                {
                    writer.Line("case " + Naming.Literal(property.Name) + ":");
                    writer.Line("    " + property.Method + "(property.Value, " + Checks + ".Child(path, name), violations);");
                    writer.Line("    break;");
                }

                writer.Line("default:");
                if (!v.AdditionalPropertiesAllowed)
                {
                    writer.Line("    violations.Add(new " + Violation + "(" + Checks + ".Child(path, name), \"additionalProperties\", \"property is not allowed here\"));");
                }
                else if (v.AdditionalPropertiesMethod is not null)
                {
                    writer.Line("    " + v.AdditionalPropertiesMethod + "(property.Value, " + Checks + ".Child(path, name), violations);");
                }

                writer.Line("    break;");
                writer.Close();
                writer.Close();
            }

            writer.Close();
        }

        private static void EmitArrayChecks(SourceWriter writer, ValidatorSpec v)
        {
            if (v.MinItems is null && v.MaxItems is null && v.ItemsMethod is null)
            {
                return;
            }

            writer.Open("if (value.ValueKind == " + ValueKind + ".Array)");
            if (v.MinItems is { } min)
            {
                writer.Open("if (value.GetArrayLength() < " + min.ToString(CultureInfo.InvariantCulture) + ")");
                writer.Line("violations.Add(new " + Violation + "(path, \"minItems\", " + Naming.Literal("must have at least " + min.ToString(CultureInfo.InvariantCulture) + " items") + "));");
                writer.Close();
            }

            if (v.MaxItems is { } max)
            {
                writer.Open("if (value.GetArrayLength() > " + max.ToString(CultureInfo.InvariantCulture) + ")");
                writer.Line("violations.Add(new " + Violation + "(path, \"maxItems\", " + Naming.Literal("must have at most " + max.ToString(CultureInfo.InvariantCulture) + " items") + "));");
                writer.Close();
            }

            if (v.ItemsMethod is not null)
            {
                EmitDescentGuard(writer);
                writer.Line("var index = 0;");
                writer.Open("foreach (var item in value.EnumerateArray())");
                writer.Line(v.ItemsMethod + "(item, " + Checks + ".Item(path, index++), violations);");
                writer.Close();
            }

            writer.Close();
        }

        private static void EmitStringChecks(SourceWriter writer, ValidatorSpec v, List<string> patterns)
        {
            var constrained = v.MinLength is not null || v.MaxLength is not null || v.Pattern is not null || v.Format is not null;
            if (!constrained && !v.Types.Contains("string"))
            {
                return;
            }

            // Every string a node types or constrains is read, so that text which is not valid Unicode is reported
            // wherever the schema expects a string, not only where a constraint happens to look at it.
            writer.Open("if (value.ValueKind == " + ValueKind + ".String)");
            if (v.Format == "byte" && v.MinLength is null && v.MaxLength is null && v.Pattern is null)
            {
                // Base64 values are the large ones (inline artifacts of up to the body limit): checked on their UTF-8
                // bytes, never copied into a string twice their size.
                writer.Open("switch (" + Checks + ".ByteFormatProblem(value))");
                writer.Line("case global::Rekor.Core.Schemas.ByteFormatProblem.NotText:");
                writer.Line("    violations.Add(new " + Violation + "(path, \"type\", \"must be valid Unicode text\"));");
                writer.Line("    return;");
                writer.Line("case global::Rekor.Core.Schemas.ByteFormatProblem.NotBase64:");
                writer.Line("    violations.Add(new " + Violation + "(path, \"format\", \"must be a valid 'byte' value\"));");
                writer.Line("    break;");
                writer.Close();
                writer.Close();
                return;
            }

            writer.Open("if (!" + Checks + ".TryGetText(value, out " + (constrained ? "var text" : "_") + "))");
            writer.Line("violations.Add(new " + Violation + "(path, \"type\", \"must be valid Unicode text\"));");
            writer.Line("return;");
            writer.Close();
            if (v.MinLength is { } min)
            {
                writer.Open("if (" + Checks + ".Length(text) < " + min.ToString(CultureInfo.InvariantCulture) + ")");
                writer.Line("violations.Add(new " + Violation + "(path, \"minLength\", " + Naming.Literal("must be at least " + min.ToString(CultureInfo.InvariantCulture) + " characters long") + "));");
                writer.Close();
            }

            if (v.MaxLength is { } max)
            {
                writer.Open("if (" + Checks + ".Length(text) > " + max.ToString(CultureInfo.InvariantCulture) + ")");
                writer.Line("violations.Add(new " + Violation + "(path, \"maxLength\", " + Naming.Literal("must be at most " + max.ToString(CultureInfo.InvariantCulture) + " characters long") + "));");
                writer.Close();
            }

            if (v.Pattern is not null)
            {
                writer.Open("if (" + Checks + ".PatternProblem(Pattern" + patterns.IndexOf(v.Pattern).ToString(CultureInfo.InvariantCulture) + ", "
                    + Naming.Literal(v.Pattern) + ", text) is { } patternProblem)");
                writer.Line("violations.Add(new " + Violation + "(path, \"pattern\", patternProblem));");
                writer.Close();
            }

            if (v.Format is not null)
            {
                writer.Open("if (!" + Formats + ".IsValid(" + Naming.Literal(v.Format) + ", text))");
                writer.Line("violations.Add(new " + Violation + "(path, \"format\", " + Naming.Literal("must be a valid '" + v.Format + "' value") + "));");
                writer.Close();
            }

            writer.Close();
        }

        /// <summary>Stops before descending into members or items when the stack runs short (see <c>SchemaChecks.CanDescend</c>).</summary>
        private static void EmitDescentGuard(SourceWriter writer)
        {
            writer.Open("if (!" + Checks + ".CanDescend(path, violations))");
            writer.Line("return;");
            writer.Close();
        }

        private static void EmitNumberChecks(SourceWriter writer, ValidatorSpec v)
        {
            if (v.Minimum is null && v.Maximum is null)
            {
                return;
            }

            writer.Open("if (value.ValueKind == " + ValueKind + ".Number)");
            if (v.Minimum is { } min)
            {
                writer.Open("if (" + Checks + ".Compare(value, " + Naming.Literal(min) + ") < 0)");
                writer.Line("violations.Add(new " + Violation + "(path, \"minimum\", " + Naming.Literal("must be at least " + min) + "));");
                writer.Close();
            }

            if (v.Maximum is { } max)
            {
                writer.Open("if (" + Checks + ".Compare(value, " + Naming.Literal(max) + ") > 0)");
                writer.Line("violations.Add(new " + Violation + "(path, \"maximum\", " + Naming.Literal("must be at most " + max) + "));");
                writer.Close();
            }

            writer.Close();
        }

        private static void EmitEnum(SourceWriter writer, ValidatorSpec v)
        {
            if (v.Enum.IsEmpty)
            {
                return;
            }

            var condition = string.Join(" || ", v.Enum.Select(e => Checks + ".EqualsLiteral(value, " + Naming.Literal(e.Kind) + ", " + Naming.Literal(e.Text) + ")"));
            writer.Open("if (!(" + condition + "))");
            writer.Line("violations.Add(new " + Violation + "(path, \"enum\", " + Naming.Literal("must be one of: " + string.Join(", ", v.Enum.Select(e => e.Text))) + "));");
            writer.Close();
        }

        private static void EmitCombinators(SourceWriter writer, ValidatorSpec v)
        {
            foreach (var method in v.AllOf)
            {
                writer.Line(method + "(value, path, violations);");
            }

            if (!v.AnyOf.IsEmpty)
            {
                writer.Open("if (" + Checks + ".CountMatches(value, path, " + string.Join(", ", v.AnyOf) + ") == 0)");
                writer.Line("violations.Add(new " + Violation + "(path, \"anyOf\", \"must match at least one schema in anyOf\"));");
                writer.Close();
            }

            if (!v.OneOf.IsEmpty)
            {
                writer.Line("var oneOfMatches = " + Checks + ".CountMatches(value, path, " + string.Join(", ", v.OneOf) + ");");
                writer.Open("if (oneOfMatches != 1)");
                writer.Line("violations.Add(new " + Violation + "(path, \"oneOf\", " + Checks + ".OneOfMessage(oneOfMatches)));");
                writer.Close();
            }
        }
    }
}
