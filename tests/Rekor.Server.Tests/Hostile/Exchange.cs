namespace Rekor.Server.Tests.Hostile;

/// <summary>
/// A request and what came back: the status (null when no response arrived, with <see cref="Failure"/> saying why),
/// the response's media type, X-Request-Id and body.
/// </summary>
internal sealed record Exchange(HostileRequest Request, int? Status, string? MediaType, string? RequestId, byte[] ResponseBody, string? Failure = null)
{
    public static Exchange Unanswered(HostileRequest request, string failure) => new(request, null, null, null, [], failure);

    public override string ToString() =>
        $"{Request}\n      → {(Status is { } status ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no response: " + Failure)}"
        + $" {MediaType ?? "(no content type)"}: {Escaped.Bytes(ResponseBody, 300)}";
}

/// <summary>A rule an exchange broke, in words a failure message can list.</summary>
internal sealed record Violation(string Rule, string Detail);
