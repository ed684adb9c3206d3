namespace Rekor.Core.Schemas;

/// <summary>
/// One way a JSON document breaks its schema: where (a JSON path such as <c>$.spec.signature.content</c>),
/// which keyword (<c>required</c>, <c>pattern</c>, <c>oneOf</c>, …) and what was expected.
/// </summary>
/// <remarks>
/// Three keywords also name what no schema states but every reader needs: <c>type</c> with <c>must be valid Unicode
/// text</c> for a string whose text is not (invalid UTF-8, or a lone surrogate escape), <c>propertyNames</c> for a
/// property name that is not, and <c>depth</c> for a document nested too deeply to validate.
/// </remarks>
public sealed record SchemaViolation(string Path, string Keyword, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
