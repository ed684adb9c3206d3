using System.Net;

namespace Rekor.Core.Client;

/// <summary>
/// The server answered an operation with something other than success: its status, and the <c>code</c> and
/// <c>message</c> of Rekor's JSON error body when it sent one. <see cref="Location"/> is the <c>Location</c> header,
/// which a 409 uses to name the entry that already exists.
/// </summary>
public sealed class RekorApiException : HttpRequestException
{
    /// <summary>Creates the exception for <paramref name="operationId"/> answered with <paramref name="status"/>.</summary>
    public RekorApiException(string operationId, HttpStatusCode status, string? serverMessage, Uri? location, TimeSpan? retryAfter)
        : base(Describe(operationId, status, serverMessage), null, status)
    {
        OperationId = operationId;
        ServerMessage = serverMessage;
        Location = location;
        RetryAfter = retryAfter;
    }

    /// <summary>The operation that failed, as the API description names it (e.g. <c>createLogEntry</c>).</summary>
    public string OperationId { get; }

    /// <summary>The <c>message</c> of the server's error body; null when it sent none.</summary>
    public string? ServerMessage { get; }

    /// <summary>The answer's <c>Location</c> header (absolute, or relative to the request), if any.</summary>
    public Uri? Location { get; }

    /// <summary>How long the server asked the client to wait (<c>Retry-After</c>), if it said.</summary>
    public TimeSpan? RetryAfter { get; }

    private static string Describe(string operationId, HttpStatusCode status, string? serverMessage) =>
        $"{operationId}: the server answered {(int)status} {status}" + (serverMessage is { Length: > 0 } ? ": " + serverMessage : string.Empty);
}
