using Rekor.Generators.Binding;
using Rekor.Generators.Model;

namespace Rekor.Generators.Emit
{
    /// <summary>
    /// Emits the registration of this assembly's kinds and implementations into the type map (a module
    /// initializer, so there is no hand-kept list), and the generated half of each implementation class.
    /// </summary>
    internal static class RegistrationEmitter
    {
        private const string Types = "global::Rekor.Core.Types";

        public static string EmitRegistration(RegistrationSpec spec)
        {
            using var writer = new SourceWriter();
            writer.Open("namespace " + spec.ModelNamespace);
            writer.Line("/// <summary>Registers this assembly's entry kinds and their implementations when the assembly loads.</summary>");
            writer.Line(ModelEmitter.GeneratedCode);
            writer.Open("internal static class EntryTypeRegistration");
            writer.Line("[global::System.Runtime.CompilerServices.ModuleInitializer]");
            writer.Open("internal static void Register()");
            foreach (var kind in spec.Kinds)
            {
                writer.Line(Types + ".TypeMap.RegisterKind(" + kind.ClassName + ".Descriptor);");
            }

            foreach (var bound in spec.Implementations)
            {
                var impl = bound.Implementation;
                var type = Qualified(impl);
                writer.Line(Types + ".TypeMap.RegisterImplementation(new " + Types + ".ImplementationDescriptor(");
                writer.Line("    " + Naming.Literal(impl.Kind) + ",");
                writer.Line("    " + Naming.Literal(impl.Version) + ",");
                writer.Line("    " + (impl.AcceptedRange is null ? "null" : Naming.Literal(impl.AcceptedRange)) + ",");
                writer.Line("    typeof(" + type + "),");
                writer.Line("    spec => new " + type + "((" + bound.SpecModelClass + ")spec),");
                writer.Line("    " + Types + ".EntryFactory.FromArtifact<" + type + ">));");
            }

            writer.Close();
            writer.Close();
            writer.Close();
            return writer.ToString();
        }

        public static string EmitImplementation(RegistrationSpec spec, BoundImplementation bound)
        {
            var impl = bound.Implementation;
            using var writer = new SourceWriter();
            if (impl.Namespace.Length > 0)
            {
                writer.Open("namespace " + impl.Namespace);
            }

            writer.Line("/// <summary>The generated half of the <c>" + impl.Kind + "</c> " + impl.Version + " implementation: its spec model, identity and envelope.</summary>");
            writer.Line(ModelEmitter.GeneratedCode);
            writer.Open("partial class " + impl.ClassName + " : " + Types + ".EntryImplementation<" + bound.SpecModelClass + ">, " + Types + ".IEntryFactory");
            writer.Line("/// <summary>The kind this class implements.</summary>");
            writer.Line("public const string KindName = " + Naming.Literal(impl.Kind) + ";");
            writer.Line();
            writer.Line("/// <summary>The schema version this class implements.</summary>");
            writer.Line("public const string SchemaVersion = " + Naming.Literal(impl.Version) + ";");
            writer.Line();
            writer.Line("public " + impl.ClassName + "(" + bound.SpecModelClass + " spec)");
            writer.Line("    : base(spec)");
            writer.Line("{");
            writer.Line("}");
            writer.Line();
            writer.Line("public override string Kind => KindName;");
            writer.Line();
            writer.Line("public override string ApiVersion => SchemaVersion;");
            writer.Line();
            writer.Line("public override " + Types + ".IProposedEntry ToProposedEntry() => new " + bound.KindClass + "(SchemaVersion, Spec);");
            writer.Close();
            if (impl.Namespace.Length > 0)
            {
                writer.Close();
            }

            return writer.ToString();
        }

        public static string Qualified(ImplementationSpec impl) =>
            "global::" + (impl.Namespace.Length > 0 ? impl.Namespace + "." : string.Empty) + impl.ClassName;
    }
}
