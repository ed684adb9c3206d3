using Rekor.Generators.Infrastructure;

namespace Rekor.Generators.Model
{
    /// <summary>
    /// One JSON Schema (or Swagger 2.0 schema object) as read from a file: only the keywords the generator
    /// understands, as plain equatable data. References are kept as written; binding resolves them later.
    /// </summary>
    internal sealed record SchemaNode
    {
        /// <summary>JSON pointer of this schema inside its document, e.g. <c>#/properties/spec</c>.</summary>
        public string Pointer { get; init; } = "#";

        public int Line { get; init; }

        public int Column { get; init; }

        public string? Ref { get; init; }

        public EquatableArray<string> Types { get; init; } = EquatableArray<string>.Empty;

        public string? Format { get; init; }

        public string? Pattern { get; init; }

        public string? Title { get; init; }

        public string? Description { get; init; }

        public string? Id { get; init; }

        public string? Discriminator { get; init; }

        public EquatableArray<string> Required { get; init; } = EquatableArray<string>.Empty;

        public EquatableArray<NamedSchema> Properties { get; init; } = EquatableArray<NamedSchema>.Empty;

        public SchemaNode? Items { get; init; }

        /// <summary>False when <c>additionalProperties: false</c>; true when absent, true, or a schema.</summary>
        public bool AdditionalPropertiesAllowed { get; init; } = true;

        public SchemaNode? AdditionalProperties { get; init; }

        public EquatableArray<SchemaNode> OneOf { get; init; } = EquatableArray<SchemaNode>.Empty;

        public EquatableArray<SchemaNode> AnyOf { get; init; } = EquatableArray<SchemaNode>.Empty;

        public EquatableArray<SchemaNode> AllOf { get; init; } = EquatableArray<SchemaNode>.Empty;

        public EquatableArray<EnumValue> Enum { get; init; } = EquatableArray<EnumValue>.Empty;

        public long? MinLength { get; init; }

        public long? MaxLength { get; init; }

        public long? MinItems { get; init; }

        public long? MaxItems { get; init; }

        /// <summary>Numeric bounds as their literal text (invariant culture), so no precision is lost.</summary>
        public string? Minimum { get; init; }

        public string? Maximum { get; init; }

        public bool ReadOnly { get; init; }

        public bool WriteOnly { get; init; }

        public EquatableArray<NamedSchema> Definitions { get; init; } = EquatableArray<NamedSchema>.Empty;

        /// <summary>True when the schema constrains nothing but <c>required</c> (a "one of these fields" branch).</summary>
        public bool IsRequiredOnly =>
            Ref is null && Types.IsEmpty && Properties.IsEmpty && Items is null && OneOf.IsEmpty && AnyOf.IsEmpty
            && AllOf.IsEmpty && Enum.IsEmpty && Format is null && Pattern is null;
    }

    /// <summary>A schema under a name: an object property, or a definition.</summary>
    internal sealed record NamedSchema(string Name, SchemaNode Schema);

    /// <summary>One allowed <c>enum</c> value: its JSON kind and its text (the string, or the literal).</summary>
    internal sealed record EnumValue(string Kind, string Text);
}
