using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Connections;

namespace Rekor.Server.Hosting;

/// <summary>
/// The answer to an exception no handler caught, in Rekor's error body. The host's own verdicts on a request keep
/// their status (a malformed or too slow request is the client's fault: 4xx, not 500), a store that cannot be reached
/// now is a 503 with Retry-After, a request its client abandoned gets 499 as Rekor logs it (nobody reads it), and only
/// what is left is a 500, without details.
/// </summary>
public static class UnhandledErrors
{
    /// <summary>nginx's and Rekor's status for a request whose client closed the connection first.</summary>
    public const int ClientClosedRequest = 499;

    public static Task WriteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (error is BadHttpRequestException bad)
        {
            return Api.ApiResults.WriteErrorAsync(context, bad.StatusCode, "bad request: " + bad.Message);
        }

        // A database or index that cannot be reached now (a restart): nothing was acknowledged; the client retries.
        if (error is Storage.StorageUnavailableException)
        {
            context.Response.Headers.RetryAfter = "1";
            return Api.ApiResults.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "the log's storage is unavailable; retry later");
        }

        if (context.RequestAborted.IsCancellationRequested && error is OperationCanceledException or IOException or ConnectionAbortedException)
        {
            context.Response.StatusCode = ClientClosedRequest;
            return Task.CompletedTask;
        }

        return Api.ApiResults.WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "internal server error");
    }
}
