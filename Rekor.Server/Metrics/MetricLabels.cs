namespace Rekor.Server.Metrics;

/// <summary>
/// Label values taken from requests, each mapped into a small closed set so that no client can create series:
/// a label's cardinality is fixed by this code and the route table, never by what a request says.
/// </summary>
public static class MetricLabels
{
    /// <summary>What a request with a method outside HTTP's registered ones is counted as (OpenTelemetry's convention).</summary>
    public const string OtherMethod = "_OTHER";

    private static readonly string[] KnownMethods =
        [HttpMethods.Get, HttpMethods.Head, HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete, HttpMethods.Patch, HttpMethods.Options, HttpMethods.Trace, HttpMethods.Connect];

    /// <summary>The method itself when it is one of HTTP's (compared case-sensitively, as HTTP does), else <see cref="OtherMethod"/>.</summary>
    public static string Method(string method)
    {
        foreach (var known in KnownMethods)
        {
            if (string.Equals(method, known, StringComparison.Ordinal))
            {
                return known;
            }
        }

        return OtherMethod;
    }

    /// <summary>The route pattern of the endpoint that answered, or <c>unmatched</c>.</summary>
    public static string Route(Endpoint? endpoint) => (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";

    /// <summary>A status code as set by this server or its host (100-599); anything else is counted as <c>other</c>.</summary>
    public static string Status(int status) =>
        status is >= 100 and <= 599 ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "other";
}
