namespace Rekor.Core.Schemas;

/// <summary>
/// One way a JSON document breaks its schema: where (a JSON path such as <c>$.spec.signature.content</c>),
/// which keyword (<c>required</c>, <c>pattern</c>, <c>oneOf</c>, …) and what was expected.
/// </summary>
public sealed record SchemaViolation(string Path, string Keyword, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
