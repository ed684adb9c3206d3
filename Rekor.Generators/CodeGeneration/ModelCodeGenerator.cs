using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using NJsonSchema.CodeGeneration.CSharp;
using Rekor.Generators.Diagnostics;
using Rekor.Generators.Emit;
using Rekor.Generators.Infrastructure;
using Rekor.Generators.Model;

namespace Rekor.Generators.CodeGeneration
{
    /// <summary>
    /// Emits the models of the JSON Schema files (every kind version) with the design card's packages: NJsonSchema
    /// 11.6.2 reads and resolves the schemas from the AdditionalFiles texts, <see cref="ModelSchemaNormaliser"/> makes
    /// them wire-exact, NJsonSchema.CodeGeneration.CSharp 11.6.2 writes the classes through <see cref="ModelTemplates"/>,
    /// named as the binder named them (<see cref="ModelNames"/>). Runs on strings and returns strings: no NJsonSchema
    /// object outlives a call. Never throws: a missing bundled DLL is REKOR011, anything else the package refuses REKOR012.
    /// </summary>
    internal static class ModelCodeGenerator
    {
        public static ModelSource Generate(GenerationSpec spec, ImmutableArray<SchemaText> files)
        {
            var models = spec.Models.Where(m => m.ByCodeGenerator).ToList();
            if (models.Count == 0)
            {
                return ModelSource.Empty;
            }

            // A compilation's own file wins a relative path a referenced package's file also claims (as in binding).
            var byPath = new Dictionary<string, SchemaText>(StringComparer.Ordinal);
            foreach (var file in files.OrderBy(f => f.IsReference ? 0 : 1).ThenBy(f => f.RelativePath, StringComparer.Ordinal))
            {
                byPath[file.RelativePath] = file;
            }

            var first = models.Select(m => m.SourcePath).OrderBy(p => p, StringComparer.Ordinal).First();
            var firstFile = byPath.TryGetValue(first, out var text) ? text.FilePath : first;
            try
            {
                return new ModelSource(Run(spec.ModelNamespace, models, byPath), EquatableArray<DiagnosticInfo>.Empty);
            }
            catch (Exception e) when (e is System.IO.FileNotFoundException or System.IO.FileLoadException or TypeLoadException)
            {
                // The DLLs travel next to the generator (Rekor.Generators.csproj); a copy without them lands here, in
                // a method that names none of their types, so that the JIT can still run it.
                return Failed(DiagnosticDescriptors.MissingGeneratorDependency, firstFile, first, (e as System.IO.FileNotFoundException)?.FileName ?? e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return Failed(DiagnosticDescriptors.ModelGenerationFailed, firstFile, first, e.GetBaseException().Message);
            }
        }

        private static ModelSource Failed(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, string filePath, string relativePath, string detail) =>
            new(string.Empty, new[] { DiagnosticInfo.AtFile(descriptor, filePath, 0, 0, relativePath, detail) }.ToEquatableArray());

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static string Run(string modelNamespace, List<ModelSpec> models, Dictionary<string, SchemaText> byPath)
        {
            var texts = new SchemaTextSet(byPath.ToDictionary(p => p.Key, p => p.Value.Text, StringComparer.Ordinal));
            foreach (var path in models.Select(m => m.SourcePath).Distinct().OrderBy(p => p, StringComparer.Ordinal))
            {
                texts.Load(path);
            }

            var names = new ModelNames(models);
            ModelSchemaNormaliser.Normalise(texts.Loaded, names);

            var settings = new CSharpGeneratorSettings
            {
                Namespace = modelNamespace,
                JsonLibrary = CSharpJsonLibrary.SystemTextJson,
                ClassStyle = CSharpClassStyle.Poco,
                GenerateNullableReferenceTypes = true,
                GenerateOptionalPropertiesAsNullable = true,
                GenerateDataAnnotations = false,
                GenerateDefaultValues = false,
                GenerateJsonMethods = false,
                ArrayType = "global::System.Collections.Generic.IReadOnlyList",
                ArrayInstanceType = "global::System.Collections.Generic.List",
                DictionaryType = "global::System.Collections.Generic.IReadOnlyDictionary",
                DictionaryInstanceType = "global::System.Collections.Generic.Dictionary",
                AnyType = "global::System.Text.Json.JsonElement",
                TypeNameGenerator = names,
                PropertyNameGenerator = names,
            };
            settings.TemplateFactory = new ModelTemplates(settings);

            // Every model is resolved (and so registered as a type to generate), reachable from a root or not.
            var resolver = new CSharpTypeResolver(settings);
            var schemas = names.Schemas.OrderBy(s => names.ModelOf(s)!.ClassName, StringComparer.Ordinal).ToList();
            foreach (var schema in schemas)
            {
                resolver.Resolve(schema, false, names.ModelOf(schema)!.ClassName);
            }

            var generator = new CSharpGenerator(schemas[0], settings, resolver);
            using var writer = new SourceWriter();
            writer.Open("namespace " + modelNamespace);
            var separate = false;
            foreach (var artifact in generator.GenerateTypes().OrderBy(a => a.TypeName, StringComparer.Ordinal))
            {
                if (separate)
                {
                    writer.Line();
                }

                separate = true;
                foreach (var line in artifact.Code.Replace("\r", string.Empty).Split('\n'))
                {
                    if (line.Trim() == "__BLANK__")
                    {
                        writer.Line();
                    }
                    else if (line.Trim().Length > 0)
                    {
                        writer.Line(line.TrimEnd());
                    }
                }
            }

            writer.Close();
            return writer.ToString();
        }
    }
}
