using Microsoft.CodeAnalysis;

namespace Rekor.Generators.Diagnostics
{
    /// <summary>
    /// Every diagnostic the schema generator reports. IDs are stable: once shipped, an ID keeps its meaning
    /// (see DiagnosticIds.md). A malformed schema is always reported here, never by throwing.
    /// </summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "Rekor.Schemas";

        public static readonly DiagnosticDescriptor MalformedDocument = new(
            "REKOR001",
            "Schema file cannot be parsed",
            "Couldn't parse schema file '{0}': {1}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor UnresolvedReference = new(
            "REKOR002",
            "Schema reference cannot be resolved",
            "Couldn't resolve $ref '{0}' in '{1}': {2}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor InvalidKeyword = new(
            "REKOR003",
            "Schema keyword has an invalid value",
            "Schema keyword '{0}' at '{1}' in '{2}' is invalid: {3}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor ImplementationWithoutSchema = new(
            "REKOR004",
            "Entry type implementation names a kind or version without a schema",
            "'{0}' implements kind '{1}' version '{2}', but no schema defines it; schemas define: {3}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor KindWithoutImplementation = new(
            "REKOR005",
            "Kind version has no implementation",
            "Kind '{0}' version '{1}' is defined by '{2}' but no partial class declares [EntryType(\"{0}\", \"{1}\")]",
            Category,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor VersionNotDetermined = new(
            "REKOR006",
            "Kind version cannot be determined",
            "The version schema '{0}' of kind '{1}' has no version: give it an $id ending in _v<major>_<minor>_<patch>_schema.json or place it in a folder named v<major>.<minor>.<patch>",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor DuplicateImplementation = new(
            "REKOR007",
            "Kind version has more than one implementation",
            "Kind '{0}' version '{1}' is implemented by both '{2}' and '{3}'",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor ImplementationNotPartial = new(
            "REKOR008",
            "Entry type implementation must be a partial class",
            "'{0}' declares [EntryType] but is not a non-nested partial class, so its generated half cannot be added",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor InvalidVersionRange = new(
            "REKOR009",
            "Entry type version range is invalid",
            "'{0}' declares the apiVersion range '{1}', which is not a valid range or does not include its own version '{2}'",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor InvalidKindDerivation = new(
            "REKOR010",
            "ProposedEntry derivation is malformed",
            "Definition '{0}' in '{1}' derives from ProposedEntry but {2}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor MissingGeneratorDependency = new(
            "REKOR011",
            "A DLL the schema generator needs is missing",
            "Couldn't read '{0}': the generator's bundled dependency {1} is missing; it must sit next to Rekor.Generators.dll",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor ModelGenerationFailed = new(
            "REKOR012",
            "NJsonSchema could not generate the models",
            "Couldn't generate the models of '{0}' with NJsonSchema.CodeGeneration.CSharp: {1}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);
    }
}
