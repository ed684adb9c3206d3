namespace Rekor.Server.Tests.Hostile;

/// <summary>
/// One generated request. <see cref="Target"/> is the path and query as sent; <see cref="Endpoint"/> is the route it
/// aims at, for counting; <see cref="Mutation"/> says how it was made, so a failure names its recipe.
/// A null <see cref="ContentType"/> sends no Content-Type; <see cref="Chunked"/> sends the body without Content-Length.
/// <see cref="Expect"/> is the status the request must get beyond the rules every request obeys (no 5xx, JSON errors).
/// </summary>
internal sealed record HostileRequest(
    string Method, string Target, byte[] Body, string? ContentType, string Endpoint, string Mutation, StatusExpectation? Expect = null, bool Chunked = false)
{
    public static HostileRequest Get(string target, string endpoint, string mutation, StatusExpectation? expect = null) =>
        new("GET", target, [], null, "GET " + endpoint, mutation, expect);

    /// <summary>A JSON POST whose expectation follows from its bytes (see <see cref="JsonBodyExpectation"/>).</summary>
    public static HostileRequest PostJson(string path, byte[] body, string mutation) =>
        new("POST", path, body, "application/json", "POST " + path, mutation, JsonBodyExpectation.For(path, body));

    public override string ToString() => $"{Method} {Escaped.Text(Target)} [{Escaped.Text(Mutation, 400)}] body: {Escaped.Bytes(Body)}";
}
