namespace Rekor.Server.Tests.Hostile;

/// <summary>
/// The rules every answer to a well-framed HTTP request obeys, whatever its body:
/// <list type="bullet">
/// <item>there is an answer, and it is not a 5xx;</item>
/// <item>a 4xx to an <c>/api/</c> path carries Rekor's JSON error body, except (a) the empty 404 Rekor gives for a
/// missing entry, and (b) Kestrel's own rejection of a request it cannot parse (see <see cref="IsHostRejection"/>);</item>
/// <item>the request's own <see cref="HostileRequest.Expect"/>, if any.</item>
/// </list>
/// </summary>
internal static class ResponseRules
{
    public const string NoResponse = "every request gets a response";
    public const string NoServerError = "no 5xx";
    public const string JsonErrors = "an API 4xx has a JSON {code, message} body";

    public static IEnumerable<Violation> Check(Exchange exchange)
    {
        if (exchange.Status is not { } status)
        {
            yield return new Violation(NoResponse, exchange.Failure ?? "no response");
            yield break;
        }

        if (status >= 500)
        {
            // Grouped by what the request was expected to get, so a 5xx for a well-formed body stands apart from the rest.
            var group = exchange.Request.Expect is { } reason ? $"{NoServerError} (where {reason.Rule})" : NoServerError;
            yield return new Violation(group, $"got {status}");
        }

        if (status is >= 400 and < 500 && IsApiPath(exchange.Request.Target) && !IsHostRejection(exchange) && !IsEmptyMissingEntry(exchange)
            && ErrorBodyShape.Problem(exchange.MediaType, exchange.ResponseBody) is { } problem)
        {
            yield return new Violation(JsonErrors, problem);
        }

        if (exchange.Request.Expect is { } expected && !expected.Accepts(status))
        {
            yield return new Violation(expected.Rule, $"expected {expected.Wanted}, got {status}");
        }
    }

    public static bool IsApiPath(string target) => target.StartsWith("/api/", StringComparison.Ordinal);

    /// <summary>
    /// Kestrel answers a request it cannot parse (request line, header syntax or size, framing headers) itself, before
    /// any of our middleware runs: a bare 400, 414 or 431 with an empty body and none of the headers our conventions
    /// add to every answer of the app (X-Request-Id). Such a request never reached the API, so it owes no JSON body.
    /// </summary>
    public static bool IsHostRejection(Exchange exchange) =>
        exchange.Status is 400 or 414 or 431 && exchange.RequestId is null && exchange.ResponseBody.Length == 0;

    /// <summary>Rekor answers a lookup of an entry that does not exist with 404 and no body at all.</summary>
    private static bool IsEmptyMissingEntry(Exchange exchange) =>
        exchange.Status == 404 && exchange.Request.Method == "GET" && exchange.ResponseBody.Length == 0
        && exchange.Request.Target.StartsWith("/api/v1/log/entries", StringComparison.Ordinal);
}
