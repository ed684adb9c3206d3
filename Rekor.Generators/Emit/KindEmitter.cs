using System.Linq;
using Rekor.Generators.Binding;
using Rekor.Generators.Model;

namespace Rekor.Generators.Emit
{
    /// <summary>
    /// Emits the kind discriminator: one <c>ProposedEntry</c>-derived class per kind with its descriptor (which
    /// versions exist, how to validate and read each), and, where the API description defines ProposedEntry,
    /// the abstract base and its JSON converter that dispatches on <c>kind</c> and <c>apiVersion</c>.
    /// </summary>
    internal static class KindEmitter
    {
        private const string Types = "global::Rekor.Core.Types";
        private const string Json = "global::System.Text.Json";

        public static string EmitKind(GenerationSpec spec, KindSpec kind)
        {
            using var writer = new SourceWriter();
            writer.Open("namespace " + spec.ModelNamespace);
            writer.Line("/// <summary>A proposed entry of kind <c>" + kind.Name + "</c> (schema " + kind.SourcePath + "); its spec is the model of the version named by <see cref=\"ApiVersion\"/>.</summary>");
            writer.Line(ModelEmitter.GeneratedCode);
            writer.Open("public sealed partial class " + kind.ClassName + " : " + spec.ProposedEntryType);
            writer.Line("/// <summary>The discriminator value of this kind.</summary>");
            writer.Line("public const string KindName = " + Naming.Literal(kind.Name) + ";");
            writer.Line();
            writer.Open("public " + kind.ClassName + "(string apiVersion, " + Types + ".EntrySpec spec)");
            writer.Line("ApiVersion = apiVersion ?? throw new global::System.ArgumentNullException(nameof(apiVersion));");
            writer.Line("Spec = spec ?? throw new global::System.ArgumentNullException(nameof(spec));");
            writer.Close();
            writer.Line();
            writer.Line("public override string Kind => KindName;");
            writer.Line();
            writer.Line("public override string ApiVersion { get; }");
            writer.Line();
            writer.Line("public override " + Types + ".EntrySpec Spec { get; }");
            writer.Line();
            writer.Line("/// <summary>What the type map needs to recognise, check and read this kind.</summary>");
            writer.Line("public static " + Types + ".KindDescriptor Descriptor { get; } = new(");
            writer.Line("    KindName,");
            writer.Line("    SchemaValidators." + kind.WrapperValidatorMethod + ",");
            writer.Line("    new " + Types + ".KindVersionDescriptor[]");
            writer.Line("    {");
            foreach (var version in kind.Versions)
            {
                writer.Line("        new(" + Naming.Literal(version.Version) + ", typeof(" + version.ModelClass + "), " + version.ModelClass
                    + ".Validate, (json, options) => " + Json + ".JsonSerializer.Deserialize<" + version.ModelClass + ">(json, options)!),");
            }

            writer.Line("    },");
            writer.Line("    (apiVersion, spec) => new " + kind.ClassName + "(apiVersion, spec));");
            writer.Close();
            writer.Close();
            return writer.ToString();
        }

        public static string EmitProposedEntry(GenerationSpec spec)
        {
            using var writer = new SourceWriter();
            writer.Open("namespace " + spec.ModelNamespace);
            writer.Line("/// <summary>");
            writer.Line("/// An entry proposed for the log: <c>kind</c> selects the entry type, <c>apiVersion</c> its schema version and");
            writer.Line("/// <c>spec</c> holds the version's model. Reading JSON dispatches through the type map, so kinds generated in");
            writer.Line("/// other assemblies are recognised too; an unknown kind or version is a <see cref=\"" + Json + ".JsonException\"/> naming what is supported.");
            writer.Line("/// </summary>");
            writer.Line(ModelEmitter.GeneratedCode);
            writer.Line("[" + Json + ".Serialization.JsonConverter(typeof(ProposedEntryJsonConverter))]");
            writer.Open("public abstract partial class ProposedEntry : " + Types + ".IProposedEntry");
            writer.Line("public abstract string Kind { get; }");
            writer.Line();
            writer.Line("public abstract string ApiVersion { get; }");
            writer.Line();
            writer.Line("public abstract " + Types + ".EntrySpec Spec { get; }");
            writer.Close();
            writer.Line();
            writer.Line("/// <summary>Reads and writes <see cref=\"ProposedEntry\"/> as <c>{\"apiVersion\", \"kind\", \"spec\"}</c>.</summary>");
            writer.Line(ModelEmitter.GeneratedCode);
            writer.Open("public sealed class ProposedEntryJsonConverter : " + Json + ".Serialization.JsonConverter<ProposedEntry>");
            writer.Open("public override ProposedEntry Read(ref " + Json + ".Utf8JsonReader reader, global::System.Type typeToConvert, " + Json + ".JsonSerializerOptions options)");
            writer.Line("using var document = " + Json + ".JsonDocument.ParseValue(ref reader);");
            writer.Line("var parsed = " + Types + ".TypeMap.ParseProposedEntry(document.RootElement, options);");
            writer.Open("if (parsed.Entry is not ProposedEntry entry)");
            writer.Line("throw new " + Json + ".JsonException(parsed.Message ?? \"the proposed entry's kind is not generated from this API description\");");
            writer.Close();
            writer.Line();
            writer.Line("return entry;");
            writer.Close();
            writer.Line();
            writer.Open("public override void Write(" + Json + ".Utf8JsonWriter writer, ProposedEntry value, " + Json + ".JsonSerializerOptions options)");
            writer.Line("writer.WriteStartObject();");
            writer.Line("writer.WriteString(\"apiVersion\", value.ApiVersion);");
            writer.Line("writer.WriteString(\"kind\", value.Kind);");
            writer.Line("writer.WritePropertyName(\"spec\");");
            writer.Line(Json + ".JsonSerializer.Serialize(writer, value.Spec, value.Spec.GetType(), options);");
            writer.Line("writer.WriteEndObject();");
            writer.Close();
            writer.Close();
            writer.Close();
            return writer.ToString();
        }

        public static string EmitOperations(GenerationSpec spec)
        {
            using var writer = new SourceWriter();
            writer.Open("namespace " + spec.ModelNamespace);
            writer.Line("/// <summary>Every operation the API description declares, in document order.</summary>");
            writer.Line(ModelEmitter.GeneratedCode);
            writer.Open("public static class ApiOperations");
            foreach (var operation in spec.Operations)
            {
                writer.Summary(operation.Summary);
                writer.Line("public static readonly " + Types + ".ApiOperation " + Naming.Pascal(operation.OperationId) + " = new("
                    + Naming.Literal(operation.Method) + ", " + Naming.Literal(operation.Path) + ", " + Naming.Literal(operation.OperationId) + ");");
                writer.Line();
            }

            writer.Line("/// <summary>All of the above.</summary>");
            writer.Line("public static readonly global::System.Collections.Generic.IReadOnlyList<" + Types + ".ApiOperation> All = new[] { "
                + string.Join(", ", spec.Operations.Select(o => Naming.Pascal(o.OperationId))) + " };");
            writer.Close();
            writer.Close();
            return writer.ToString();
        }
    }
}
