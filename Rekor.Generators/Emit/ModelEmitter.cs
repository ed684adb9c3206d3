using Rekor.Generators.Infrastructure;
using Rekor.Generators.Model;

namespace Rekor.Generators.Emit
{
    /// <summary>
    /// Emits one C# class per object schema of the API description (System.Text.Json names exactly as in the
    /// schema), and for the models of JSON Schema files, whose properties NJsonSchema.CodeGeneration.CSharp emits
    /// (<see cref="CodeGeneration.ModelCodeGenerator"/>), the other half of the partial class: summary, base type and <c>Validate</c>.
    /// </summary>
    internal static class ModelEmitter
    {
        public const string GeneratedCode = "[global::System.CodeDom.Compiler.GeneratedCode(\"Rekor.Generators\", \"1.0.0\")]";
        private const string Violations = "global::System.Collections.Generic.IReadOnlyList<global::Rekor.Core.Schemas.SchemaViolation>";

        public static string Emit(GenerationSpec spec)
        {
            using var writer = new SourceWriter();
            writer.Open("namespace " + spec.ModelNamespace);
            var first = true;
            foreach (var model in spec.Models)
            {
                if (!first)
                {
                    writer.Line();
                }

                first = false;
                EmitModel(writer, model);
            }

            writer.Close();
            return writer.ToString();
        }

        private static void EmitModel(SourceWriter writer, ModelSpec model)
        {
            writer.Summary(model.Description ?? "Generated from " + model.SourcePath + ".");
            writer.Line(GeneratedCode);
            var baseList = model.MapValueType is not null
                ? " : global::System.Collections.Generic.Dictionary<string, " + model.MapValueType + ">"
                : model.BaseType is not null ? " : " + model.BaseType : string.Empty;
            writer.Open("public sealed partial class " + model.ClassName + baseList);
            foreach (var property in model.ByCodeGenerator ? EquatableArray<PropertySpec>.Empty : model.Properties)
            {
                writer.Summary(property.Description);
                writer.Line("[global::System.Text.Json.Serialization.JsonPropertyName(" + Binding.Naming.Literal(property.JsonName) + ")]");
                if (property.IsRequired && !property.IsValueType)
                {
                    writer.Line("public " + property.ClrType + " " + property.ClrName + " { get; init; } = default!;");
                }
                else if (property.IsRequired)
                {
                    writer.Line("public " + property.ClrType + " " + property.ClrName + " { get; init; }");
                }
                else
                {
                    writer.Line("[global::System.Text.Json.Serialization.JsonIgnore(Condition = global::System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]");
                    writer.Line("public " + property.ClrType + "? " + property.ClrName + " { get; init; }");
                }

                writer.Line();
            }

            writer.Line("/// <summary>Checks a JSON value against the schema this class was generated from and returns every violation (empty when valid).</summary>");
            writer.Open("public static " + Violations + " Validate(global::System.Text.Json.JsonElement json)");
            writer.Line("var violations = new global::System.Collections.Generic.List<global::Rekor.Core.Schemas.SchemaViolation>();");
            writer.Line("SchemaValidators." + model.ValidatorMethod + "(json, \"$\", violations);");
            writer.Line("return violations;");
            writer.Close();
            writer.Close();
        }
    }
}
