using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using NJsonSchema;
using NJsonSchema.CodeGeneration;
using Rekor.Generators.Binding;
using Rekor.Generators.Model;

namespace Rekor.Generators.CodeGeneration
{
    /// <summary>
    /// The class and property names the binder chose (<see cref="ModelSpec"/>), by schema object: NJsonSchema names
    /// every class and property exactly as Rekor.Core and Rekor.Server use them. Filled by <see cref="ModelSchemaNormaliser"/>
    /// while it walks each document with the JSON pointers the binder used.
    /// </summary>
    internal sealed class ModelNames : ITypeNameGenerator, IPropertyNameGenerator
    {
        private readonly Dictionary<string, ModelSpec> _byLocation;
        private readonly Dictionary<JsonSchema, ModelSpec> _bySchema = new(ReferenceComparer.Instance);

        public ModelNames(IEnumerable<ModelSpec> models)
        {
            _byLocation = models.ToDictionary(m => m.SourcePath + m.Pointer, System.StringComparer.Ordinal);
        }

        public IEnumerable<JsonSchema> Schemas => _bySchema.Keys;

        /// <summary>Records the schema found at <paramref name="pointer"/> of <paramref name="relativePath"/>; true when it is a model.</summary>
        public bool Locate(JsonSchema schema, string relativePath, string pointer)
        {
            if (_byLocation.TryGetValue(relativePath + pointer, out var model))
            {
                _bySchema[schema] = model;
                return true;
            }

            return false;
        }

        public bool IsModel(JsonSchema schema) => _bySchema.ContainsKey(schema);

        public ModelSpec? ModelOf(JsonSchema schema) => _bySchema.TryGetValue(schema, out var model) ? model : null;

        public string Generate(JsonSchema schema, string? typeNameHint, IEnumerable<string> reservedTypeNames)
        {
            if ((ModelOf(schema) ?? ModelOf(schema.ActualSchema)) is { } model)
            {
                return model.ClassName;
            }

            // Not a model of the binder (it never names one that is not): a name that cannot clash.
            var name = Naming.Pascal(typeNameHint ?? "Anonymous");
            var reserved = new HashSet<string>(reservedTypeNames, System.StringComparer.Ordinal);
            var candidate = name;
            for (var i = 2; reserved.Contains(candidate); i++)
            {
                candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return candidate;
        }

        public string Generate(JsonSchemaProperty property)
        {
            var parent = property.ParentSchema;
            if (parent is not null && ModelOf(parent) is { } model)
            {
                foreach (var candidate in model.Properties)
                {
                    if (candidate.JsonName == property.Name)
                    {
                        return candidate.ClrName;
                    }
                }
            }

            return Naming.Pascal(property.Name);
        }

        private sealed class ReferenceComparer : IEqualityComparer<JsonSchema>
        {
            public static readonly ReferenceComparer Instance = new();

            public bool Equals(JsonSchema? x, JsonSchema? y) => ReferenceEquals(x, y);

            public int GetHashCode(JsonSchema obj) => RuntimeHelpers.GetHashCode(obj);
        }
    }
}
