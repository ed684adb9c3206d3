using System.Globalization;

namespace Rekor.Server.Tests.Hostile;

/// <summary>
/// Checks what a raw case got against what it expects (see <see cref="Reach"/> for whose answer is whose):
/// every expected response arrives; none is a 5xx (save a declared 505); a declared status is the status; the app's
/// 4xx to an API path is Rekor's JSON error; an X-Request-Id is echoed only when it is at most 128 visible ASCII
/// characters of <c>[A-Za-z0-9._:-]</c>, and otherwise replaced by one the server assigns; no header the request
/// tried to inject by splitting its own header lines appears in the response.
/// </summary>
internal static class RawAnswerRules
{
    public const int MaxEchoedRequestIdLength = 128;

    public static IEnumerable<Violation> Check(RawCase rawCase, RawAnswer expected, RawResponse? response, RawOutcome outcome)
    {
        if (response is null)
        {
            if (!rawCase.AnswerOptional && !rawCase.NotHttp1)
            {
                yield return new Violation(ResponseRules.NoResponse, outcome.TimedOut
                    ? $"no response within {rawCase.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s{(outcome.SendError is { } e ? "; writing failed: " + e : string.Empty)}"
                    : "the server closed the connection without a response" + (outcome.SendError is { } error ? "; writing failed: " + error : string.Empty));
            }

            yield break;
        }

        if (rawCase.NotHttp1)
        {
            yield break;
        }

        if (response.Status == RawResponse.Unparseable)
        {
            yield return new Violation("a response is HTTP/1.x", "got bytes that are not a response");
            yield break;
        }

        var hostVersionAnswer = rawCase.UnsupportedVersion && response.Status == 505 && response.Body.Length == 0;
        if (response.Status >= 500 && !hostVersionAnswer)
        {
            yield return new Violation(ResponseRules.NoServerError, $"got {response.Status}");
        }

        if (expected.Status is { } status && status != response.Status && !hostVersionAnswer)
        {
            yield return new Violation($"{rawCase.Family}: the expected status", $"expected {status}, got {response.Status}");
        }

        if (expected.Reach == Reach.App && rawCase.ApiPath && response.Status is >= 400 and < 500
            && ErrorBodyShape.Problem(response.MediaType, response.Body) is { } problem)
        {
            yield return new Violation(ResponseRules.JsonErrors, problem);
        }

        if (rawCase.RequestIdSent is { } sent && expected.Reach == Reach.App && RequestIdProblem(sent, response.Header("X-Request-Id")) is { } idProblem)
        {
            yield return new Violation("X-Request-Id is echoed only when short and plain", idProblem);
        }

        if (rawCase.InjectedHeader is { } injected && response.Header(injected) is not null)
        {
            yield return new Violation("a request cannot inject response headers", $"the response carries {injected}: {response.Header(injected)}");
        }
    }

    public static bool IsEchoable(string requestId) =>
        requestId.Length is > 0 and <= MaxEchoedRequestIdLength && requestId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-');

    private static string? RequestIdProblem(string sent, string? answered)
    {
        if (answered is null)
        {
            return "the response has no X-Request-Id";
        }

        if (IsEchoable(sent))
        {
            return answered == sent ? null : $"a plain X-Request-Id was not echoed: got {Escaped.Text(answered, 80)}";
        }

        if (answered == sent)
        {
            return $"echoed an X-Request-Id of {sent.Length} characters that is not plain: {Escaped.Text(answered, 80)}";
        }

        return IsEchoable(answered) ? null : $"the X-Request-Id the server assigned is not plain itself: {Escaped.Text(answered, 80)}";
    }
}
