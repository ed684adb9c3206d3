using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rekor.Server.Api;

/// <summary>
/// Responses as Rekor's Go server writes them: JSON without HTML escaping and with a trailing newline, and errors as
/// <c>{"code", "message"}</c> (not ProblemDetails), because clients parse those fields.
/// </summary>
public static class ApiResults
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static IResult Ok<T>(T value, int status = StatusCodes.Status200OK) => new JsonBody(JsonSerializer.SerializeToUtf8Bytes(value, Json), status);

    /// <summary>Longest error message sent, in characters; messages quote parts of requests, and a request can be 32 MiB.</summary>
    public const int MaxMessageLength = 4096;

    /// <summary>
    /// Rekor's error body. <paramref name="code"/> defaults to the HTTP status (go-openapi's validation errors carry
    /// their own codes). A message longer than <see cref="MaxMessageLength"/> is cut there and marked as cut.
    /// </summary>
    public static IResult Error(int status, string message, int? code = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var bounded = message.Length <= MaxMessageLength ? message : message[..MaxMessageLength] + "... (cut)";
        return new JsonBody(JsonSerializer.SerializeToUtf8Bytes(new ErrorBody(code ?? status, bounded), Json), status);
    }

    /// <summary>404 with no body and no content type, as Rekor answers a missing entry.</summary>
    public static IResult EmptyNotFound() => Results.StatusCode(StatusCodes.Status404NotFound);

    public static Task WriteErrorAsync(HttpContext context, int status, string message, int? code = null) =>
        Error(status, message, code).ExecuteAsync(context);

    private sealed record ErrorBody([property: JsonPropertyName("code")] int Code, [property: JsonPropertyName("message")] string Message);

    private sealed class JsonBody(byte[] utf8, int status) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "application/json";
            httpContext.Response.ContentLength = utf8.Length + 1;
            await httpContext.Response.Body.WriteAsync(utf8);
            await httpContext.Response.Body.WriteAsync("\n"u8.ToArray());
        }
    }
}
