using Rekor.Generators.Diagnostics;
using Rekor.Generators.Infrastructure;

namespace Rekor.Generators.Model
{
    /// <summary>
    /// One parsed file from schemas/: either a JSON Schema (<see cref="Root"/>) or the Swagger 2.0 API description
    /// (<see cref="IsOpenApi"/>, with its <see cref="Root"/> holding only the definitions). Parse problems are carried
    /// as diagnostics; a document that failed to parse has no root. A <see cref="IsReference"/> document came with a
    /// referenced package (Rekor.Core's own schemas in a consumer): $refs may point into it, but its kinds, models
    /// and API description belong to that package and are not generated again.
    /// </summary>
    internal sealed record SchemaDocument(
        string RelativePath,
        string FilePath,
        bool IsOpenApi,
        bool IsReference,
        SchemaNode? Root,
        EquatableArray<ApiOperation> Operations,
        EquatableArray<ApiReference> ApiReferences,
        EquatableArray<DiagnosticInfo> Diagnostics);

    /// <summary>
    /// A <c>$ref</c> outside the definitions of an API description (in paths or shared responses), kept so
    /// binding can check that it resolves. <see cref="Anchor"/> is true for refs to shared responses or
    /// parameters that the document itself declares.
    /// </summary>
    internal sealed record ApiReference(string Reference, int Line, int Column, bool Anchor);
}
