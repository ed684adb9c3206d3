using Rekor.Generators.Diagnostics;
using Rekor.Generators.Infrastructure;

namespace Rekor.Generators.Model
{
    /// <summary>
    /// Everything the emitters need, bound from all schema files of one compilation: immutable and
    /// structurally equal, so an edit that does not change it leaves every output cached.
    /// </summary>
    internal sealed record GenerationSpec(
        string ModelNamespace,
        bool DefinesProposedEntry,
        string ProposedEntryType,
        EquatableArray<ModelSpec> Models,
        EquatableArray<KindSpec> Kinds,
        EquatableArray<ValidatorSpec> Validators,
        EquatableArray<ApiOperation> Operations);

    /// <summary>The result of binding: the spec to emit and, separately, what to report.</summary>
    internal sealed record BindResult(GenerationSpec Spec, EquatableArray<DiagnosticInfo> Diagnostics);

    /// <summary>
    /// A C# class generated for one object schema (or a dictionary class for a map schema), found at
    /// <see cref="Pointer"/> in <see cref="SourcePath"/>. When <see cref="ByCodeGenerator"/> (every model of a JSON
    /// Schema file), NJsonSchema.CodeGeneration.CSharp emits its properties under this class name and these property
    /// names; our emitter adds only the base type and <c>Validate</c>.
    /// </summary>
    internal sealed record ModelSpec(
        string ClassName,
        string? Description,
        string SourcePath,
        string Pointer,
        bool ByCodeGenerator,
        string? BaseType,
        string? MapValueType,
        EquatableArray<PropertySpec> Properties,
        string ValidatorMethod);

    internal sealed record PropertySpec(
        string JsonName,
        string ClrName,
        string ClrType,
        bool IsRequired,
        bool IsValueType,
        string? Description);

    /// <summary>One pluggable entry kind: its discriminator value, wrapper class and versions.</summary>
    internal sealed record KindSpec(
        string Name,
        string ClassName,
        string SourcePath,
        string WrapperValidatorMethod,
        EquatableArray<KindVersionSpec> Versions);

    internal sealed record KindVersionSpec(string Version, string ModelClass, string SourcePath, string FilePath);

    /// <summary>
    /// One generated validation method: the constraints of a single schema node, with every sub-schema
    /// referred to by the name of its own method.
    /// </summary>
    internal sealed record ValidatorSpec
    {
        public string MethodName { get; init; } = "";

        public EquatableArray<string> Types { get; init; } = EquatableArray<string>.Empty;

        public EquatableArray<string> Required { get; init; } = EquatableArray<string>.Empty;

        public EquatableArray<PropertyValidator> Properties { get; init; } = EquatableArray<PropertyValidator>.Empty;

        public bool AdditionalPropertiesAllowed { get; init; } = true;

        public string? AdditionalPropertiesMethod { get; init; }

        public string? ItemsMethod { get; init; }

        public string? RefMethod { get; init; }

        public EquatableArray<string> OneOf { get; init; } = EquatableArray<string>.Empty;

        public EquatableArray<string> AnyOf { get; init; } = EquatableArray<string>.Empty;

        public EquatableArray<string> AllOf { get; init; } = EquatableArray<string>.Empty;

        public EquatableArray<EnumValue> Enum { get; init; } = EquatableArray<EnumValue>.Empty;

        public string? Pattern { get; init; }

        public string? Format { get; init; }

        public long? MinLength { get; init; }

        public long? MaxLength { get; init; }

        public long? MinItems { get; init; }

        public long? MaxItems { get; init; }

        public string? Minimum { get; init; }

        public string? Maximum { get; init; }
    }

    internal sealed record PropertyValidator(string Name, string Method);

    /// <summary>The text of one JSON Schema file of the compilation, as the model code generator reads it.</summary>
    internal sealed record SchemaText(string RelativePath, string FilePath, string Text, bool IsReference);

    /// <summary>The models NJsonSchema.CodeGeneration.CSharp emitted (empty when none), or why it could not.</summary>
    internal sealed record ModelSource(string Source, EquatableArray<DiagnosticInfo> Diagnostics)
    {
        public static readonly ModelSource Empty = new(string.Empty, EquatableArray<DiagnosticInfo>.Empty);
    }
}
