using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Rekor.Generators.Binding;
using Rekor.Generators.CodeGeneration;
using Rekor.Generators.Emit;
using Rekor.Generators.Infrastructure;
using Rekor.Generators.Model;
using Rekor.Generators.Parsing;

namespace Rekor.Generators
{
    /// <summary>
    /// Turns schemas/ into C#. Reads top to bottom as its pipeline:
    /// schema files → parsed documents → one bound spec (models, kinds, validators) → source;
    /// the JSON Schema files' texts with that spec → NJsonSchema.CodeGeneration.CSharp → the models' properties;
    /// [EntryType] classes → implementations matched with kinds → registration source, with the registration's
    /// diagnostics in a pipeline of their own; the spec's operations → the typed client.
    /// Every step is named and produces equatable data, so unrelated edits leave the outputs cached, and
    /// diagnostics travel apart from the specs that sources are emitted from.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class SchemaGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var files = context.AdditionalTextsProvider
                .Where(static file => SchemaDocumentParser.IsSchemaFile(file.Path))
                .Combine(context.AnalyzerConfigOptionsProvider)
                .Select(static (input, cancellationToken) => (
                    input.Left.Path,
                    Text: input.Left.GetText(cancellationToken)?.ToString() ?? string.Empty,
                    IsReference: IsReferenceSchema(input.Right.GetOptions(input.Left))))
                .WithTrackingName(StepNames.SchemaFiles);

            var documents = files
                .Select(static (file, _) => SchemaDocumentParser.Parse(file.Path, file.Text, file.IsReference))
                .WithTrackingName(StepNames.ParsedSchemas)
                .Collect()
                .WithTrackingName(StepNames.CollectedSchemas);

            var rootNamespace = context.AnalyzerConfigOptionsProvider
                .Select(static (options, _) => options.GlobalOptions.TryGetValue("build_property.RootNamespace", out var value) && value.Length > 0 ? value : "Rekor.Generated")
                .WithTrackingName(StepNames.RootNamespace);

            var bound = documents
                .Combine(rootNamespace)
                .Select(static (input, _) => SchemaBinder.Bind(SortedByPath(input.Left), input.Right))
                .WithTrackingName(StepNames.BoundSchemas);

            var spec = bound.Select(static (result, _) => result.Spec).WithTrackingName(StepNames.GenerationSpec);
            var schemaDiagnostics = bound.Select(static (result, _) => result.Diagnostics).WithTrackingName(StepNames.SchemaDiagnostics);

            // The models of the JSON Schema files come from NJsonSchema.CodeGeneration.CSharp, which reads the texts
            // itself (NJsonSchema resolves their $refs): strings in, one source string out, never NJsonSchema objects.
            var schemaTexts = files
                .Where(static file => !SchemaDocumentParser.IsOpenApiFile(file.Path))
                .Select(static (file, _) => new SchemaText(SchemaDocumentParser.RelativePath(file.Path), file.Path, file.Text, file.IsReference))
                .WithTrackingName(StepNames.SchemaTexts)
                .Collect();

            var codeGeneratedModels = spec
                .Combine(schemaTexts)
                .Select(static (input, _) => ModelCodeGenerator.Generate(input.Left, input.Right))
                .WithTrackingName(StepNames.CodeGeneratedModels);
            var modelSource = codeGeneratedModels.Select(static (result, _) => result.Source).WithTrackingName(StepNames.ModelSource);
            var modelDiagnostics = codeGeneratedModels.Select(static (result, _) => result.Diagnostics).WithTrackingName(StepNames.ModelDiagnostics);

            var candidates = context.SyntaxProvider
                .ForAttributeWithMetadataName(ImplementationSyntax.AttributeName, ImplementationSyntax.IsCandidate, ImplementationSyntax.Describe)
                .WithTrackingName(StepNames.Implementations);

            // The registration reads location-free specs only: a class that moves within its file leaves it cached.
            var implementations = candidates
                .Select(static (candidate, _) => candidate?.Spec)
                .WithTrackingName(StepNames.ImplementationSpecs)
                .Collect();

            var registrations = spec
                .Combine(implementations)
                .Select(static (input, _) => RegistrationBinder.Bind(input.Left, input.Right))
                .WithTrackingName(StepNames.Registrations);

            // Its diagnostics come from a pipeline of their own (as System.Text.Json's generator does), the one
            // place where where-a-class-is matters; positions travel as plain data, never as a Roslyn Location.
            var registrationDiagnostics = spec
                .Combine(candidates.Collect())
                .Select(static (input, _) => RegistrationBinder.Diagnose(input.Left, input.Right))
                .WithTrackingName(StepNames.RegistrationDiagnostics);

            // The client is bound from the spec into data of its own: edits elsewhere in the schemas leave it cached.
            var client = spec.Select(static (spec, _) => ClientBinder.Bind(spec)).WithTrackingName(StepNames.ClientSpec);

            context.RegisterSourceOutput(spec, static (output, spec) => EmitSchemas(output, spec));
            context.RegisterSourceOutput(client, static (output, client) => EmitClient(output, client));
            context.RegisterSourceOutput(schemaDiagnostics, static (output, diagnostics) => Report(output, diagnostics));
            context.RegisterSourceOutput(modelSource, static (output, source) => EmitCodeGeneratedModels(output, source));
            context.RegisterSourceOutput(modelDiagnostics, static (output, diagnostics) => Report(output, diagnostics));
            context.RegisterSourceOutput(registrations, static (output, registration) => EmitRegistrations(output, registration));
            context.RegisterSourceOutput(registrationDiagnostics, static (output, diagnostics) => Report(output, diagnostics));
        }

        /// <summary>
        /// Rekor.Core's package lists its own schemas as AdditionalFiles with <c>RekorSchemaRole="Reference"</c>
        /// (buildTransitive/Rekor.Core.props): visible to $refs, never generated twice.
        /// </summary>
        private static bool IsReferenceSchema(AnalyzerConfigOptions options) =>
            options.TryGetValue("build_metadata.AdditionalFiles.RekorSchemaRole", out var role)
            && string.Equals(role, "Reference", System.StringComparison.OrdinalIgnoreCase);

        // Files arrive in the order MSBuild lists them; binding sorts, so the output never depends on that order.
        private static ImmutableArray<SchemaDocument> SortedByPath(ImmutableArray<SchemaDocument> documents) =>
            documents.OrderBy(d => d.RelativePath, System.StringComparer.Ordinal).ToImmutableArray();

        private static void EmitSchemas(SourceProductionContext output, GenerationSpec spec)
        {
            if (spec.Models.IsEmpty && spec.Kinds.IsEmpty && !spec.DefinesProposedEntry)
            {
                return;
            }

            output.AddSource("Rekor.Models.g.cs", ModelEmitter.Emit(spec));
            output.AddSource("Rekor.SchemaValidators.g.cs", ValidatorEmitter.Emit(spec));
            if (spec.DefinesProposedEntry)
            {
                output.AddSource("Rekor.ProposedEntry.g.cs", KindEmitter.EmitProposedEntry(spec));
            }

            foreach (var kind in spec.Kinds)
            {
                output.AddSource("Rekor.Kinds." + kind.ClassName + ".g.cs", KindEmitter.EmitKind(spec, kind));
            }

            if (!spec.Operations.IsEmpty)
            {
                output.AddSource("Rekor.ApiOperations.g.cs", KindEmitter.EmitOperations(spec));
            }
        }

        private static void EmitClient(SourceProductionContext output, ClientSpec client)
        {
            if (!client.Operations.IsEmpty)
            {
                output.AddSource("Rekor.Client.g.cs", ClientEmitter.Emit(client));
            }
        }

        private static void EmitCodeGeneratedModels(SourceProductionContext output, string source)
        {
            if (source.Length > 0)
            {
                output.AddSource("Rekor.SchemaModels.g.cs", source);
            }
        }

        private static void EmitRegistrations(SourceProductionContext output, RegistrationSpec registration)
        {
            if (registration.Kinds.IsEmpty && registration.Implementations.IsEmpty)
            {
                return;
            }

            output.AddSource("Rekor.EntryTypeRegistration.g.cs", RegistrationEmitter.EmitRegistration(registration));
            foreach (var bound in registration.Implementations)
            {
                var impl = bound.Implementation;
                output.AddSource("Rekor.EntryTypes." + (impl.Namespace.Length > 0 ? impl.Namespace + "." : string.Empty) + impl.ClassName + ".g.cs", RegistrationEmitter.EmitImplementation(registration, bound));
            }
        }

        private static void Report(SourceProductionContext output, EquatableArray<Diagnostics.DiagnosticInfo> diagnostics)
        {
            foreach (var diagnostic in diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        }
    }
}
