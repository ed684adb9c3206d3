using Rekor.Generators.Infrastructure;

namespace Rekor.Generators.Model
{
    /// <summary>
    /// One operation of the REST API as declared under <c>paths</c>: its parameters (path-level ones merged in, a
    /// Swagger 2.0 body parameter among them) and its first success response. Plain data, so it caches.
    /// </summary>
    internal sealed record ApiOperation(
        string Path,
        string Method,
        string OperationId,
        string? Summary,
        string? Description,
        bool Deprecated,
        EquatableArray<ApiParameter> Parameters,
        ApiResult? Success);

    /// <summary>
    /// A parameter of an operation. <see cref="Location"/> is <c>path</c>, <c>query</c>, <c>header</c> or <c>body</c>;
    /// <see cref="Shape"/> is its schema reduced to what a client method's signature needs.
    /// </summary>
    internal sealed record ApiParameter(string Name, string Location, bool Required, ApiValueShape Shape, string? Description);

    /// <summary>
    /// A value's schema as a client sees it: <see cref="Kind"/> is <c>string</c>, <c>integer</c>, <c>number</c>,
    /// <c>boolean</c>, <c>array</c> (of <see cref="Items"/>), <c>model</c> (the definition <see cref="ModelName"/>)
    /// or <c>any</c> (a schema the client passes through as JSON).
    /// </summary>
    internal sealed record ApiValueShape(string Kind, string? Format, string? ModelName, ApiValueShape? Items);

    /// <summary>
    /// The response an operation answers with when it succeeds: its status code, its body's shape (none when the
    /// response has no schema) and whether that body is JSON (else text, e.g. <c>application/x-pem-file</c>).
    /// </summary>
    internal sealed record ApiResult(int StatusCode, ApiValueShape? Shape, bool IsJson);
}
