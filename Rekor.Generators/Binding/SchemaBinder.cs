using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using Rekor.Generators.Diagnostics;
using Rekor.Generators.Infrastructure;
using Rekor.Generators.Model;

namespace Rekor.Generators.Binding
{
    /// <summary>
    /// Binds all parsed schema files of a compilation into one <see cref="GenerationSpec"/>: resolves references,
    /// finds <c>ProposedEntry</c> and the kinds derived from it, finds each kind's versions, names every model
    /// class and every validator method. Single-use: create, call <see cref="Bind"/> once.
    /// </summary>
    internal sealed class SchemaBinder
    {
        public const string EntrySpecBase = "global::Rekor.Core.Types.EntrySpec";
        public const string CoreProposedEntry = "global::Rekor.Core.Models.ProposedEntry";

        /// <summary>Rekor's semantic-version pattern for <c>apiVersion</c>, used when no API description supplies one.</summary>
        public const string DefaultApiVersionPattern =
            @"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$";

        private static readonly Regex VersionFromId = new(@"_v(\d+)_(\d+)_(\d+)_schema\.json$", RegexOptions.CultureInvariant);
        private static readonly Regex VersionFolder = new(@"(^|/)v(\d+\.\d+\.\d+)/[^/]*$", RegexOptions.CultureInvariant);
        private static readonly Regex KindFromId = new(@"([^/]+)_schema\.json$", RegexOptions.CultureInvariant);

        private static readonly EquatableArray<string> StringType = new[] { "string" }.ToEquatableArray();
        private static readonly EquatableArray<string> ObjectType = new[] { "object" }.ToEquatableArray();
        private static readonly EquatableArray<string> EnvelopeMembers = new[] { "kind", "apiVersion", "spec" }.ToEquatableArray();

        private readonly Dictionary<string, SchemaDocument> _documents;
        private readonly List<DiagnosticInfo> _diagnostics = new();
        private readonly ReferenceResolver _resolver;
        private readonly Dictionary<string, string> _modelByNode = new(StringComparer.Ordinal);
        private readonly HashSet<string> _classNames = new(StringComparer.Ordinal);
        private readonly List<ModelSpec> _models = new();
        private readonly Dictionary<string, ValidatorSpec?> _validators = new(StringComparer.Ordinal);
        private readonly List<KindSpec> _kinds = new();
        private string _proposedEntryType = CoreProposedEntry;

        private SchemaBinder(ImmutableArray<SchemaDocument> documents)
        {
            _documents = new Dictionary<string, SchemaDocument>(StringComparer.Ordinal);
            // Reference documents first, so that a compilation's own file wins a path both claim.
            foreach (var document in documents.OrderBy(d => d.IsReference ? 0 : 1).ThenBy(d => d.RelativePath, StringComparer.Ordinal))
            {
                _diagnostics.AddRange(document.Diagnostics);
                _documents[document.RelativePath] = document;
            }

            _resolver = new ReferenceResolver(_documents, _diagnostics);
        }

        public static BindResult Bind(ImmutableArray<SchemaDocument> documents, string rootNamespace) =>
            new SchemaBinder(documents).Run(rootNamespace);

        private BindResult Run(string rootNamespace)
        {
            var derivations = new Dictionary<string, KindDerivation>(StringComparer.Ordinal);
            var operations = new List<ApiOperation>();
            var definesProposedEntry = _documents.Values.Any(d => d.IsOpenApi && !d.IsReference && d.Root is not null && d.Root.Definitions.Any(IsProposedEntry));
            if (definesProposedEntry)
            {
                _proposedEntryType = "global::" + rootNamespace + ".Models.ProposedEntry";
            }

            foreach (var document in _documents.Values.Where(d => d.IsOpenApi && !d.IsReference && d.Root is not null))
            {
                operations.AddRange(document.Operations);
                foreach (var reference in document.ApiReferences.Where(r => !r.Anchor))
                {
                    _resolver.Resolve(document, new SchemaNode { Pointer = "#/paths", Line = reference.Line, Column = reference.Column }, reference.Reference);
                }

                foreach (var definition in document.Root!.Definitions)
                {
                    if (IsProposedEntry(definition))
                    {
                        continue;
                    }

                    if (IsKindDerivation(definition.Schema))
                    {
                        BindDerivation(document, definition, derivations);
                    }
                    else if (IsMap(definition.Schema))
                    {
                        MapModel(document, definition.Schema, Naming.Pascal(definition.Name));
                    }
                    else
                    {
                        ModelType(document, definition.Schema, Naming.Pascal(definition.Name), null);
                    }
                }
            }

            foreach (var document in _documents.Values.Where(d => !d.IsOpenApi && !d.IsReference && d.Root is not null && IsKindDocument(d.Root!)))
            {
                derivations.TryGetValue(document.RelativePath, out var derivation);
                BindKind(document, derivation);
            }

            foreach (var missing in derivations.Values.Where(d => !d.Bound))
            {
                _diagnostics.Add(DiagnosticInfo.AtFile(
                    DiagnosticDescriptors.InvalidKindDerivation, missing.Document.FilePath, missing.Node.Line, missing.Node.Column,
                    missing.Kind, missing.Document.RelativePath, $"its spec schema '{missing.KindDocument}' is not a kind schema (a oneOf over version schemas)"));
            }

            var spec = new GenerationSpec(
                rootNamespace + ".Models",
                definesProposedEntry,
                _proposedEntryType,
                _models.OrderBy(m => m.ClassName, StringComparer.Ordinal).ToEquatableArray(),
                _kinds.OrderBy(k => k.Name, StringComparer.Ordinal).ToEquatableArray(),
                _validators.Values.Where(v => v is not null).Select(v => v!).OrderBy(v => v.MethodName, StringComparer.Ordinal).ToEquatableArray(),
                operations.ToEquatableArray());
            return new BindResult(spec, _diagnostics.ToEquatableArray());
        }

        private static bool IsProposedEntry(NamedSchema definition) =>
            definition.Name == "ProposedEntry" && definition.Schema.Discriminator is not null;

        private static bool IsKindDerivation(SchemaNode schema) =>
            schema.AllOf.Any(member => member.Ref == "#/definitions/ProposedEntry");

        private static bool IsKindDocument(SchemaNode root) =>
            !root.OneOf.IsEmpty && root.OneOf.All(member => (member.Ref is { } r && !r.StartsWith("#", StringComparison.Ordinal)) || member.Id is not null);

        private void BindDerivation(SchemaDocument document, NamedSchema definition, Dictionary<string, KindDerivation> derivations)
        {
            var body = definition.Schema.AllOf.FirstOrDefault(member => member.Ref != "#/definitions/ProposedEntry" && member.Properties.Any(p => p.Name == "spec"));
            var spec = body?.Properties.First(p => p.Name == "spec").Schema;
            if (body is null || spec?.Ref is null)
            {
                _diagnostics.Add(DiagnosticInfo.AtFile(
                    DiagnosticDescriptors.InvalidKindDerivation, document.FilePath, definition.Schema.Line, definition.Schema.Column,
                    definition.Name, document.RelativePath, "it has no 'spec' property with a $ref to the kind's schema"));
                return;
            }

            if (_resolver.Resolve(document, spec, spec.Ref) is not { } target)
            {
                return;
            }

            var apiVersion = body.Properties.FirstOrDefault(p => p.Name == "apiVersion")?.Schema;
            derivations[target.Document.RelativePath] = new KindDerivation(definition.Name, document, definition.Schema, target.Document.RelativePath, apiVersion, body.AdditionalPropertiesAllowed);
        }

        private void BindKind(SchemaDocument kindDocument, KindDerivation? derivation)
        {
            var root = kindDocument.Root!;
            var kindName = derivation?.Kind ?? KindNameOf(kindDocument);
            var kindClass = Naming.Pascal(kindName);
            if (derivation is not null)
            {
                derivation.Bound = true;
            }

            var versions = new List<KindVersionSpec>();
            foreach (var member in root.OneOf)
            {
                var (versionDocument, versionNode) = member.Ref is { } reference
                    ? _resolver.Resolve(kindDocument, member, reference) ?? default
                    : (kindDocument, member);
                if (versionDocument is null)
                {
                    continue;
                }

                var version = VersionOf(versionDocument, versionNode);
                if (version is null)
                {
                    _diagnostics.Add(DiagnosticInfo.AtFile(
                        DiagnosticDescriptors.VersionNotDetermined, kindDocument.FilePath, member.Line, member.Column, versionDocument.RelativePath + versionNode.Pointer.TrimStart('#'), kindName));
                    continue;
                }

                var modelClass = ModelType(versionDocument, versionNode, kindClass + Naming.VersionSuffix(version) + "Schema", EntrySpecBase, forceClass: true);
                versions.Add(new KindVersionSpec(version, modelClass, versionDocument.RelativePath, versionDocument.FilePath));
            }

            var wrapper = WrapperSchema(derivation);
            var wrapperMethod = Validator(kindDocument, wrapper);
            _kinds.Add(new KindSpec(kindName, kindClass, kindDocument.RelativePath, wrapperMethod, versions.OrderBy(v => v.Version, StringComparer.Ordinal).ToEquatableArray()));
        }

        /// <summary>
        /// The envelope every proposed entry of a kind must have: <c>kind</c>, <c>apiVersion</c> and <c>spec</c>.
        /// Rekor's API description states it as allOf(ProposedEntry, {apiVersion, spec}); read literally, the
        /// second member's <c>additionalProperties: false</c> would forbid <c>kind</c> itself, so the envelope is
        /// built here as the union that is meant. <c>spec</c> is checked against the version chosen by apiVersion
        /// at run time, not against the kind's oneOf (whose versions may overlap).
        /// </summary>
        private static SchemaNode WrapperSchema(KindDerivation? derivation)
        {
            const string pointer = "#/$entry";
            var apiVersion = derivation?.ApiVersion ?? new SchemaNode { Types = StringType, Pattern = DefaultApiVersionPattern };
            return new SchemaNode
            {
                Pointer = pointer,
                Types = ObjectType,
                Required = EnvelopeMembers,
                Properties = new[]
                {
                    new NamedSchema("kind", new SchemaNode { Pointer = pointer + "/properties/kind", Types = StringType }),
                    new NamedSchema("apiVersion", apiVersion with { Pointer = pointer + "/properties/apiVersion" }),
                    new NamedSchema("spec", new SchemaNode { Pointer = pointer + "/properties/spec", Types = ObjectType }),
                }.ToEquatableArray(),
                AdditionalPropertiesAllowed = derivation?.AdditionalPropertiesAllowed ?? false,
            };
        }

        private static string KindNameOf(SchemaDocument document)
        {
            var match = KindFromId.Match(document.Root!.Id ?? document.RelativePath);
            return match.Success ? match.Groups[1].Value : document.RelativePath;
        }

        private static string? VersionOf(SchemaDocument document, SchemaNode node)
        {
            if (node.Id is { } id && VersionFromId.Match(id) is { Success: true } fromId)
            {
                return fromId.Groups[1].Value + "." + fromId.Groups[2].Value + "." + fromId.Groups[3].Value;
            }

            return node.Pointer == "#" && VersionFolder.Match(document.RelativePath) is { Success: true } fromFolder ? fromFolder.Groups[2].Value : null;
        }

        /// <summary>
        /// The C# type for a schema: a generated class for object schemas with properties, a dictionary for maps,
        /// a primitive for scalars, and <c>JsonElement</c> wherever the shape is open or a union of types.
        /// </summary>
        private string ModelType(SchemaDocument document, SchemaNode node, string suggestedName, string? baseType, bool forceClass = false)
        {
            if (node.Ref is { } reference)
            {
                if (_resolver.Resolve(document, node, reference) is not { } target)
                {
                    return "global::System.Text.Json.JsonElement";
                }

                if (target.Document.IsOpenApi && target.Node.Pointer == "#/definitions/ProposedEntry" && target.Node.Discriminator is not null)
                {
                    return _proposedEntryType;
                }

                return ModelType(target.Document, target.Node, NameForTarget(target.Document, target.Node, suggestedName), baseType, forceClass);
            }

            var properties = new List<(SchemaDocument Document, NamedSchema Property)>();
            var required = new List<string>();
            CollectProperties(document, node, properties, required, new HashSet<string>(StringComparer.Ordinal));

            if (forceClass || properties.Count > 0)
            {
                return ObjectModel(document, node, suggestedName, baseType, properties, required);
            }

            if (node.Types.Count != 1)
            {
                return node.AdditionalProperties is not null && node.Types.IsEmpty && node.OneOf.IsEmpty ? MapType(document, node, suggestedName) : "global::System.Text.Json.JsonElement";
            }

            switch (node.Types[0])
            {
                case "string":
                    return node.Format == "byte" ? "byte[]" : "string";
                case "integer":
                    return "long";
                case "number":
                    return "double";
                case "boolean":
                    return "bool";
                case "array":
                    var item = node.Items is null ? "global::System.Text.Json.JsonElement" : ModelType(document, node.Items, suggestedName + "Item", null);
                    return "global::System.Collections.Generic.IReadOnlyList<" + item + ">";
                case "object" when node.AdditionalProperties is not null:
                    return MapType(document, node, suggestedName);
                default:
                    return "global::System.Text.Json.JsonElement";
            }
        }

        private static bool IsMap(SchemaNode node) =>
            node.Ref is null && node.Properties.IsEmpty && node.AllOf.IsEmpty && node.AdditionalProperties is not null;

        /// <summary>A named map definition (e.g. LogEntry: entry ID → entry) becomes a dictionary class of its own name.</summary>
        private void MapModel(SchemaDocument document, SchemaNode node, string className)
        {
            if (!_classNames.Add(className))
            {
                return;
            }

            _modelByNode[document.RelativePath + node.Pointer] = className;
            var valueType = ModelType(document, node.AdditionalProperties!, className + "Value", null);
            _models.Add(new ModelSpec(className, Describe(node), document.RelativePath, node.Pointer, !document.IsOpenApi, null, valueType, EquatableArray<PropertySpec>.Empty, Validator(document, node)));
        }

        private string MapType(SchemaDocument document, SchemaNode node, string suggestedName) =>
            "global::System.Collections.Generic.IReadOnlyDictionary<string, " + ModelType(document, node.AdditionalProperties!, suggestedName + "Value", null) + ">";

        private static string NameForTarget(SchemaDocument document, SchemaNode node, string suggestedName)
        {
            const string definitions = "#/definitions/";
            if (node.Pointer.StartsWith(definitions, StringComparison.Ordinal) && node.Pointer.IndexOf('/', definitions.Length) < 0)
            {
                return Naming.Pascal(node.Pointer.Substring(definitions.Length).Replace("~1", "/").Replace("~0", "~"));
            }

            return suggestedName;
        }

        /// <summary>The properties of an object schema and of everything it combines with allOf, each with the document it was declared in.</summary>
        private void CollectProperties(SchemaDocument document, SchemaNode node, List<(SchemaDocument Document, NamedSchema Property)> properties, List<string> required, HashSet<string> visited)
        {
            if (!visited.Add(document.RelativePath + node.Pointer))
            {
                return;
            }

            foreach (var member in node.AllOf)
            {
                var (memberDocument, memberNode) = member.Ref is { } reference ? _resolver.Resolve(document, member, reference) ?? default : (document, member);
                if (memberDocument is not null)
                {
                    CollectProperties(memberDocument, memberNode, properties, required, visited);
                }
            }

            foreach (var property in node.Properties)
            {
                properties.RemoveAll(p => p.Property.Name == property.Name);
                properties.Add((document, property));
            }

            required.AddRange(node.Required.Where(r => !required.Contains(r)));
        }

        private string ObjectModel(SchemaDocument document, SchemaNode node, string suggestedName, string? baseType, List<(SchemaDocument Document, NamedSchema Property)> properties, List<string> required)
        {
            var key = document.RelativePath + node.Pointer;
            if (_modelByNode.TryGetValue(key, out var existing))
            {
                return existing;
            }

            var className = suggestedName;
            for (var i = 2; !_classNames.Add(className); i++)
            {
                className = suggestedName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            _modelByNode[key] = className;
            var propertySpecs = new List<PropertySpec>();
            var clrNames = new HashSet<string>(StringComparer.Ordinal) { className };
            foreach (var (declaringDocument, property) in properties)
            {
                var clrName = Naming.Pascal(property.Name);
                while (!clrNames.Add(clrName))
                {
                    clrName += "Value";
                }

                var clrType = ModelType(declaringDocument, property.Schema, className + Naming.Pascal(property.Name), null);
                var isValueType = clrType is "long" or "double" or "bool" or "global::System.Text.Json.JsonElement";
                propertySpecs.Add(new PropertySpec(property.Name, clrName, clrType, required.Contains(property.Name), isValueType, Describe(property.Schema)));
            }

            _models.Add(new ModelSpec(className, Describe(node), document.RelativePath, node.Pointer, !document.IsOpenApi, baseType, null, propertySpecs.ToEquatableArray(), Validator(document, node)));
            return className;
        }

        private static string? Describe(SchemaNode node) => node.Description ?? node.Title;

        /// <summary>Names (and on first sight builds) the validation method for one schema node.</summary>
        private string Validator(SchemaDocument document, SchemaNode node)
        {
            var name = Naming.ValidatorMethod(document.RelativePath, node.Pointer);
            if (_validators.ContainsKey(name))
            {
                return name;
            }

            _validators[name] = null; // reserve first: schemas may refer to themselves
            string? refMethod = null;
            if (node.Ref is { } reference && _resolver.Resolve(document, node, reference) is { } target)
            {
                refMethod = Validator(target.Document, target.Node);
            }

            _validators[name] = new ValidatorSpec
            {
                MethodName = name,
                Types = node.Types,
                Required = node.Required,
                Properties = node.Properties.Select(p => new PropertyValidator(p.Name, Validator(document, p.Schema))).ToEquatableArray(),
                AdditionalPropertiesAllowed = node.AdditionalPropertiesAllowed,
                AdditionalPropertiesMethod = node.AdditionalProperties is null ? null : Validator(document, node.AdditionalProperties),
                ItemsMethod = node.Items is null ? null : Validator(document, node.Items),
                RefMethod = refMethod,
                OneOf = node.OneOf.Select(s => Validator(document, s)).ToEquatableArray(),
                AnyOf = node.AnyOf.Select(s => Validator(document, s)).ToEquatableArray(),
                AllOf = node.AllOf.Select(s => Validator(document, s)).ToEquatableArray(),
                Enum = node.Enum,
                Pattern = node.Pattern,
                Format = node.Format,
                MinLength = node.MinLength,
                MaxLength = node.MaxLength,
                MinItems = node.MinItems,
                MaxItems = node.MaxItems,
                Minimum = node.Minimum,
                Maximum = node.Maximum,
            };
            return name;
        }

        /// <summary>A definition in the API description that derives a kind from ProposedEntry.</summary>
        private sealed class KindDerivation
        {
            public KindDerivation(string kind, SchemaDocument document, SchemaNode node, string kindDocument, SchemaNode? apiVersion, bool additionalPropertiesAllowed)
            {
                Kind = kind;
                Document = document;
                Node = node;
                KindDocument = kindDocument;
                ApiVersion = apiVersion;
                AdditionalPropertiesAllowed = additionalPropertiesAllowed;
            }

            public string Kind { get; }

            public SchemaDocument Document { get; }

            public SchemaNode Node { get; }

            public string KindDocument { get; }

            public SchemaNode? ApiVersion { get; }

            public bool AdditionalPropertiesAllowed { get; }

            public bool Bound { get; set; }
        }
    }
}
