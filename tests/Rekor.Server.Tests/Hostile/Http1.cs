namespace Rekor.Server.Tests.Hostile;

/// <summary>
/// HTTP/1.x requests written by hand, as Latin-1 strings (one char per byte, so any byte can be written). Every
/// request that should be well-formed carries <c>Host</c>; <c>Connection: close</c> is left to the cases that want it.
/// </summary>
internal static class Http1
{
    public const string Json = "Content-Type: application/json";

    public static string Get(string target, params string[] headers) => Request("GET", target, null, headers);

    public static string Request(string method, string target, string? body, params string[] headers) =>
        Head(method, target, "HTTP/1.1", ["Host: 127.0.0.1", .. headers, .. body is null ? Array.Empty<string>() : [$"Content-Length: {body.Length}"]]) + body;

    /// <summary>A POST whose body is sent chunked, the chunk framing (sizes, CRLFs, the last chunk) written by the caller.</summary>
    public static string Chunked(string path, string framing) => Head("POST", path, "HTTP/1.1", ["Host: 127.0.0.1", Json, "Transfer-Encoding: chunked"]) + framing;

    /// <summary>A request line, headers in order, and the blank line; no body.</summary>
    public static string Head(string method, string target, string version, IEnumerable<string> headers) =>
        $"{method} {target} {version}\r\n" + string.Concat(headers.Select(h => h + "\r\n")) + "\r\n";

    /// <summary>UTF-8 bytes of <paramref name="text"/> as a Latin-1 string, to put non-ASCII into a header as a client would.</summary>
    public static string Utf8(string text) => System.Text.Encoding.Latin1.GetString(System.Text.Encoding.UTF8.GetBytes(text));
}
