using System.Collections.Generic;
using System.Linq;
using NJsonSchema;

namespace Rekor.Generators.CodeGeneration
{
    /// <summary>
    /// Rewrites loaded schemas, in place, into the shape NJsonSchema.CodeGeneration.CSharp turns into Rekor's wire
    /// models. Its defaults are not wire-correct for Rekor's schemas; after this pass they are:
    /// <list type="bullet">
    /// <item><c>allOf</c> members give their properties to the schema (see <see cref="Flatten"/>);</item>
    /// <item><c>oneOf</c>/<c>anyOf</c> branches that are not models themselves give their properties to the parent, as
    /// optional properties, and are dropped (a <c>oneOf</c> of required-only branches no longer turns the object into
    /// <c>object</c>; a <c>oneOf</c> of two objects no longer keeps only the first);</item>
    /// <item><c>enum</c>s are dropped: the models keep strings (no <c>"Pgp"</c> for <c>"pgp"</c>);</item>
    /// <item>integers are <c>long</c>, numbers <c>double</c>, and only <c>format: byte</c> changes a string's type (<c>byte[]</c>);</item>
    /// <item>what the binder gives no class (an object without properties and without an <c>additionalProperties</c>
    /// schema, a union of types) is any JSON value (<c>JsonElement</c>).</item>
    /// </list>
    /// The rules dropped here are not lost: the generated validators check every body against the original schemas.
    /// </summary>
    internal static class ModelSchemaNormaliser
    {
        public static void Normalise(IReadOnlyDictionary<string, JsonSchema> documents, ModelNames names)
        {
            // Locate every model first (the binder's pointers are into the schemas as written), then rewrite.
            var visited = new HashSet<JsonSchema>();
            var all = new List<JsonSchema>();
            foreach (var document in documents.OrderBy(d => d.Key, System.StringComparer.Ordinal))
            {
                Locate(document.Value, document.Key, "#", names, visited, all);
            }

            var flattened = new HashSet<JsonSchema>();
            foreach (var schema in all)
            {
                Flatten(schema, flattened);
            }

            foreach (var schema in all)
            {
                Rewrite(schema, names);
            }
        }

        /// <summary>
        /// Gives a schema the properties of everything it combines with <c>allOf</c>, as the binder does: the members'
        /// first, in order, then its own (which win a name both declare); required is the union. Without it NJsonSchema
        /// makes a member a base class, which our template (a version model derives from <c>EntrySpec</c>) does not
        /// write: the members' properties would be lost. A member may be
        /// a model of its own elsewhere, so its properties are referred to, not moved.
        /// </summary>
        private static void Flatten(JsonSchema schema, HashSet<JsonSchema> flattened)
        {
            if (schema.AllOf.Count == 0 || !flattened.Add(schema))
            {
                return;
            }

            var properties = new List<KeyValuePair<string, JsonSchemaProperty>>();
            foreach (var member in schema.AllOf.Select(m => m.ActualSchema))
            {
                Flatten(member, flattened);
                foreach (var property in member.Properties)
                {
                    properties.RemoveAll(p => p.Key == property.Key);
                    properties.Add(new KeyValuePair<string, JsonSchemaProperty>(property.Key, new JsonSchemaProperty { Reference = property.Value, Description = property.Value.Description }));
                }

                foreach (var required in member.RequiredProperties.Where(r => !schema.RequiredProperties.Contains(r)).ToList())
                {
                    schema.RequiredProperties.Add(required);
                }
            }

            foreach (var property in schema.Properties)
            {
                properties.RemoveAll(p => p.Key == property.Key);
                properties.Add(property);
            }

            schema.Properties.Clear();
            foreach (var property in properties)
            {
                schema.Properties[property.Key] = property.Value;
            }

            schema.AllOf.Clear();
        }

        private static void Locate(JsonSchema schema, string relativePath, string pointer, ModelNames names, HashSet<JsonSchema> visited, List<JsonSchema> all)
        {
            if (!visited.Add(schema))
            {
                return;
            }

            all.Add(schema);
            names.Locate(schema, relativePath, pointer);

            foreach (var property in schema.Properties)
            {
                Locate(property.Value, relativePath, pointer + "/properties/" + Escape(property.Key), names, visited, all);
            }

            foreach (var definition in schema.Definitions)
            {
                Locate(definition.Value, relativePath, pointer + "/definitions/" + Escape(definition.Key), names, visited, all);
            }

            Children(schema.AllOf, "/allOf/");
            Children(schema.OneOf, "/oneOf/");
            Children(schema.AnyOf, "/anyOf/");
            if (schema.Item is { } item)
            {
                Locate(item, relativePath, pointer + "/items", names, visited, all);
            }

            if (schema.AdditionalPropertiesSchema is { } additional)
            {
                Locate(additional, relativePath, pointer + "/additionalProperties", names, visited, all);
            }

            void Children(ICollection<JsonSchema> members, string segment)
            {
                var i = 0;
                foreach (var member in members)
                {
                    Locate(member, relativePath, pointer + segment + i.ToString(System.Globalization.CultureInfo.InvariantCulture), names, visited, all);
                    i++;
                }
            }
        }

        private static void Rewrite(JsonSchema schema, ModelNames names)
        {
            var branches = schema.OneOf.Concat(schema.AnyOf).ToList();
            if (branches.Count > 0 && !branches.Any(b => names.IsModel(b) || names.IsModel(b.ActualSchema)))
            {
                foreach (var branch in branches.Select(b => b.ActualSchema))
                {
                    foreach (var property in branch.Properties.ToList())
                    {
                        if (!schema.Properties.ContainsKey(property.Key))
                        {
                            branch.Properties.Remove(property.Key);
                            schema.Properties[property.Key] = property.Value;
                        }
                    }
                }

                schema.OneOf.Clear();
                schema.AnyOf.Clear();
            }

            schema.Enumeration.Clear();
            schema.EnumerationNames.Clear();
            var type = schema.Type & ~JsonObjectType.Null;
            if (schema.Type != JsonObjectType.None && ((int)schema.Type & ((int)schema.Type - 1)) != 0)
            {
                schema.Type = JsonObjectType.None; // a union of types, nullable ones too: any JSON value
            }
            else if (type == JsonObjectType.Integer)
            {
                schema.Format = "int64";
            }
            else if (type == JsonObjectType.Number)
            {
                schema.Format = null;
            }
            else if (type == JsonObjectType.String && schema.Format != JsonFormatStrings.Byte)
            {
                schema.Format = null;
            }
            else if (type == JsonObjectType.Object && schema.Properties.Count == 0 && schema.AdditionalPropertiesSchema is null && !names.IsModel(schema))
            {
                schema.Type = JsonObjectType.None;
            }
        }

        private static string Escape(string name) => name.Replace("~", "~0").Replace("/", "~1");
    }
}
