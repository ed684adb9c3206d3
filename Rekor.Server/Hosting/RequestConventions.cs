namespace Rekor.Server.Hosting;

/// <summary>
/// What Rekor's Go framework does around every request: cleans the path (so <c>/retrieve/</c> routes like
/// <c>/retrieve</c>), echoes <c>X-Request-Id</c> when it is a plain token (see <see cref="RequestId"/>) or assigns one, marks API reads as uncacheable, and answers unknown
/// paths (404) and wrong methods (405, with <c>Allow</c>) with Rekor's JSON error body.
/// </summary>
public static class RequestConventions
{
    private const string RequestIdHeader = "X-Request-Id";

    /// <summary>Runs before routing.</summary>
    public static IApplicationBuilder UseRekorRequestConventions(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.Length > 1 && (path.EndsWith('/') || path.Contains("//", StringComparison.Ordinal)))
        {
            var cleaned = "/" + string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries));
            context.Request.Path = cleaned;
        }

        var requestId = context.Request.Headers[RequestIdHeader].ToString();
        context.Response.Headers[RequestIdHeader] = RequestId.IsAcceptable(requestId) ? requestId : RequestId.New();
        if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            context.Response.Headers.CacheControl = "no-cache, no-store, no-transform, must-revalidate, private, max-age=0";
            context.Response.Headers.Expires = "Thu, 01 Jan 1970 00:00:00 UTC";
            context.Response.Headers.Pragma = "no-cache";
            context.Response.Headers["X-Accel-Expires"] = "0";
        }

        await next(context);
    });

    /// <summary>Runs after routing: only requests that matched no endpoint get these bodies.</summary>
    public static IApplicationBuilder UseRekorNotFoundAndMethodNotAllowed(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is not null && endpoint.DisplayName?.StartsWith("405", StringComparison.Ordinal) != true)
        {
            await next(context);
            return;
        }

        if (endpoint is null)
        {
            await Api.ApiResults.WriteErrorAsync(context, 404, $"path {Uri.EscapeDataString(context.Request.Path.Value ?? "/").Replace("%2F", "/", StringComparison.Ordinal)} was not found");
            return;
        }

        // Routing's own 405 endpoint sets the status and the Allow header; the body is Rekor's.
        await next(context);
        if (!context.Response.HasStarted)
        {
            var allowed = context.Response.Headers.Allow.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            await Api.ApiResults.WriteErrorAsync(context, 405, $"method {context.Request.Method} is not allowed, but [{string.Join(",", allowed)}] are");
        }
    });
}
