using Rekor.Generators.Infrastructure;

namespace Rekor.Generators.Model
{
    /// <summary>
    /// The typed client of a compilation's own API description: its namespace and one method per operation, with
    /// every C# type already resolved. Bound from <see cref="GenerationSpec"/> alone and structurally equal, so an
    /// edit that leaves the operations (and the names of the models they use) alone leaves the client cached.
    /// </summary>
    internal sealed record ClientSpec(string Namespace, string ModelNamespace, EquatableArray<ClientOperation> Operations)
    {
        public static readonly ClientSpec Empty = new(string.Empty, string.Empty, EquatableArray<ClientOperation>.Empty);
    }

    /// <summary>
    /// One client method. <see cref="PathSegments"/> alternates literal text and path-parameter identifiers
    /// (literals at even positions), with the leading '/' dropped so that a base address with a path keeps it.
    /// <see cref="ResultType"/> is null when the success response has no body.
    /// </summary>
    internal sealed record ClientOperation(
        string OperationId,
        string MethodName,
        string HttpMethod,
        string Path,
        EquatableArray<string> PathSegments,
        string? Summary,
        string? Description,
        bool Deprecated,
        EquatableArray<ClientParameter> Parameters,
        string? ResultType,
        bool ResultIsJson);

    /// <summary>
    /// A method parameter: the wire <see cref="Name"/> and <see cref="Location"/> (<c>path</c>, <c>query</c>,
    /// <c>header</c> or <c>body</c>), its C# <see cref="Identifier"/> and <see cref="ClrType"/> (nullable when
    /// optional). Required ones come first in the signature, in document order; then the optional ones.
    /// </summary>
    internal sealed record ClientParameter(
        string Name,
        string Identifier,
        string Location,
        string ClrType,
        bool Required,
        bool IsValueType,
        string? Description);
}
