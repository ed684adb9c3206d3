using System.Text;
using Rekor.Server.Configuration;

namespace Rekor.Server.Api;

/// <summary>
/// <c>enabled_api_endpoints</c>: Rekor's eight API operations by their openapi.yaml operation IDs, and the answer of
/// one that is not enabled (<see cref="RekorServerOptions.EnabledOperations"/>), which is Rekor's: 501 with its
/// handler's message, except <c>getLogInfo</c>, which Rekor leaves to its framework's placeholder (a bare JSON
/// string), and <c>getPublicKey</c>, whose error body goes out as <c>application/x-pem-file</c>, the one type that
/// operation produces. A disabled read is not marked uncacheable (Rekor adds that header only to enabled ones).
/// Unlike Rekor, which validates a request's parameters and body before it calls the handler that refuses it, a
/// disabled operation here answers 501 without looking at the request.
/// </summary>
public static class ApiEndpoints
{
    public const string SearchIndex = "searchIndex";
    public const string GetLogInfo = "getLogInfo";
    public const string GetPublicKey = "getPublicKey";
    public const string GetLogProof = "getLogProof";
    public const string CreateLogEntry = "createLogEntry";
    public const string GetLogEntryByIndex = "getLogEntryByIndex";
    public const string GetLogEntryByUuid = "getLogEntryByUUID";
    public const string SearchLogQuery = "searchLogQuery";

    /// <summary>Every operation ID, in Rekor's order (the default of <c>enabled_api_endpoints</c>).</summary>
    public static readonly IReadOnlyList<string> OperationIds =
        [SearchIndex, GetLogInfo, GetPublicKey, GetLogProof, CreateLogEntry, GetLogEntryByIndex, GetLogEntryByUuid, SearchLogQuery];

    private static readonly Dictionary<string, string> DisabledMessages = new(StringComparer.Ordinal)
    {
        [SearchIndex] = "Search Index API not enabled in this Rekor instance",
        [GetPublicKey] = "Get Public Key API not enabled in this Rekor instance",
        [GetLogProof] = "Get Log Proof API not enabled in this Rekor instance",
        [CreateLogEntry] = "Create Entry API not enabled in this Rekor instance",
        [GetLogEntryByIndex] = "Get Log Entry by Index API not enabled in this Rekor instance",
        [GetLogEntryByUuid] = "Get Log Entry by UUID API not enabled in this Rekor instance",
        [SearchLogQuery] = "Search Log Query API not enabled in this Rekor instance",
    };

    /// <summary>
    /// Marks <paramref name="route"/> as the operation <paramref name="operationId"/>: when the options leave it out,
    /// its handler is replaced (once, when the endpoint is built) by the 501 answer; when enabled, nothing is added.
    /// </summary>
    public static RouteHandlerBuilder IsOperation(this RouteHandlerBuilder route, string operationId)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (!OperationIds.Contains(operationId, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{operationId}' is not one of Rekor's operation IDs", nameof(operationId));
        }

        return route.AddEndpointFilterFactory((factory, next) =>
            factory.ApplicationServices.GetRequiredService<RekorServerOptions>().EnabledOperations.Contains(operationId)
                ? next
                : invocation => ValueTask.FromResult<object?>(Disabled(operationId)));
    }

    /// <summary>What Rekor answers for the operation when it is not enabled.</summary>
    public static IResult Disabled(string operationId) => new DisabledAnswer(operationId);

    private sealed class DisabledAnswer(string operationId) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var headers = httpContext.Response.Headers;
            headers.Remove("Cache-Control");
            headers.Remove("Expires");
            headers.Remove("Pragma");
            headers.Remove("X-Accel-Expires");
            switch (operationId)
            {
                case GetLogInfo:
                    // go-openapi's NotImplemented responder: the message itself, as a JSON string, newline-terminated.
                    await Write(httpContext, "application/json", "\"operation tlog.GetLogInfo has not yet been implemented\"\n");
                    break;
                case GetPublicKey:
                    // The error model through the text producer: compact JSON, no trailing newline.
                    await Write(httpContext, "application/x-pem-file", $"{{\"code\":501,\"message\":\"{DisabledMessages[GetPublicKey]}\"}}");
                    break;
                default:
                    await ApiResults.Error(StatusCodes.Status501NotImplemented, DisabledMessages[operationId]).ExecuteAsync(httpContext);
                    break;
            }
        }

        private static async Task Write(HttpContext httpContext, string contentType, string body)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            httpContext.Response.StatusCode = StatusCodes.Status501NotImplemented;
            httpContext.Response.ContentType = contentType;
            httpContext.Response.ContentLength = bytes.Length;
            await httpContext.Response.Body.WriteAsync(bytes);
        }
    }
}
