using System.Reflection;
using NJsonSchema.CodeGeneration;
using NJsonSchema.CodeGeneration.CSharp;

namespace Rekor.Generators.CodeGeneration
{
    /// <summary>
    /// NJsonSchema's template factory with our own <c>Class</c> template, held in this assembly (no template directory,
    /// no file I/O). It writes the wire model Rekor needs: immutable (<c>init</c>), JSON names exactly as in the schema,
    /// optional members nullable and left out when null, required reference members non-nullable. The class's summary,
    /// base type and <c>Validate</c> come from our other half of the partial class (NJsonSchema gives no description
    /// to a class declared inline in a property).
    /// </summary>
    internal sealed class ModelTemplates : DefaultTemplateFactory
    {
        // Value types need no "= default!"; everything else that is required does (it is set by deserialisation).
        // In NJsonSchema's C# property model, Name is the JSON name and PropertyName the C# one. Fluid here trims
        // whitespace lazily, so lines left empty by tags are dropped afterwards and __BLANK__ marks a wanted blank line.
        private const string Class = """
            public sealed partial class {{ ClassName }}
            {
            {%- for property in Properties %}
            {%- assign type = property.Type | rtrimquestionmark %}
            {%- if property.HasDescription %}
                /// <summary>
                /// {{ property.Description | csharpdocs }}
                /// </summary>
            {%- endif %}
                [global::System.Text.Json.Serialization.JsonPropertyName({{ property.Name | literal }})]
            {%- if property.IsRequired %}
            {%- if type == "long" or type == "double" or type == "bool" or type == "global::System.Text.Json.JsonElement" %}
                public {{ type }} {{ property.PropertyName }} { get; init; }
            {%- else %}
                public {{ type }} {{ property.PropertyName }} { get; init; } = default!;
            {%- endif %}
            {%- else %}
                [global::System.Text.Json.Serialization.JsonIgnore(Condition = global::System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
                public {{ type }}? {{ property.PropertyName }} { get; init; }
            {%- endif %}
            {%- unless forloop.last %}
            __BLANK__
            {%- endunless %}
            {%- endfor %}
            }
            """;

        public ModelTemplates(CSharpGeneratorSettings settings)
            : base(settings, new[] { typeof(CSharpGeneratorSettings).GetTypeInfo().Assembly })
        {
        }

        protected override string GetEmbeddedLiquidTemplate(string language, string template) =>
            language == "CSharp" && template == "Class" ? Class : base.GetEmbeddedLiquidTemplate(language, template);
    }
}
