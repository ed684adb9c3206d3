using System.Text;

namespace Rekor.Server.Tests.Hostile;

/// <summary>
/// Who answers a raw request. Kestrel rejects what it cannot parse as HTTP/1.1 before any of our middleware runs:
/// the request line (method token, target, version), header syntax and size, and framing headers it cannot honour
/// (a non-numeric, negative, overflowing or repeated Content-Length; a Transfer-Encoding other than chunked last).
/// Those answers are the host's: a bare 4xx (400, 405 for an authority-form target, 414, 431) with an empty body,
/// <c>Connection: close</c> and no X-Request-Id; they never reached the API, so they owe no JSON body, but they are
/// never a 5xx. The one exception is 505, Kestrel's answer to an HTTP version it does not speak (RFC 9110 §15.6.6
/// defines it for exactly that); it is accepted only where a case says so, for a request line with such a version.
/// Everything Kestrel parses as a request reaches the app, including a body whose chunked framing is broken or
/// which trickles in too slowly, because Kestrel decodes and times the body only as the app reads it; those answers
/// are the app's, and an app 4xx to an API path must carry Rekor's JSON error body.
/// </summary>
internal enum Reach
{
    Host,
    App,
}

/// <summary>
/// What one response of a raw case must be: who gives it, and its status when the case knows it. In a pipeline,
/// <see cref="Request"/> is the one request this answers, for reports (otherwise the case's bytes are shown).
/// </summary>
internal sealed record RawAnswer(Reach Reach, int? Status = null, string? Request = null);

/// <summary>Bytes to write, then how long to wait before the next write (a trickle), cut short once the server answers.</summary>
internal sealed record RawStep(byte[] Bytes, TimeSpan PauseAfter);

/// <summary>
/// One raw-socket abuse: the bytes to write (in steps), and the responses expected, in order. <see cref="Family"/>
/// groups cases in the status table; <see cref="ApiPath"/> says whether the app's 4xx must be JSON.
/// </summary>
internal sealed record RawCase(string Family, string Name, IReadOnlyList<RawStep> Steps, IReadOnlyList<RawAnswer> Answers)
{
    /// <summary>Write to the metrics port instead of the API port.</summary>
    public bool ToMetricsPort { get; init; }

    public bool ApiPath { get; init; } = true;

    /// <summary>After the steps, shut down the sending side (FIN): the server sees the client abandon its request.</summary>
    public bool HalfClose { get; init; }

    /// <summary>The client gave up on its request (half-close), so no answer is owed; any answer still obeys the rules.</summary>
    public bool AnswerOptional { get; init; }

    /// <summary>The bytes are not HTTP/1 (an HTTP/2 preface): only the server's survival is checked.</summary>
    public bool NotHttp1 { get; init; }

    /// <summary>A 505 is Kestrel's correct answer: the request line names an HTTP version other than 1.0 and 1.1.</summary>
    public bool UnsupportedVersion { get; init; }

    /// <summary>The X-Request-Id the request sent, when the case checks what the answer carries back.</summary>
    public string? RequestIdSent { get; init; }

    /// <summary>A header the request tried to inject into the response by splitting its own header lines.</summary>
    public string? InjectedHeader { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    public byte[] AllBytes => [.. Steps.SelectMany(s => s.Bytes)];

    public static RawCase Of(string family, string name, string request, params RawAnswer[] answers) => Of(family, name, Encoding.Latin1.GetBytes(request), answers);

    public static RawCase Of(string family, string name, byte[] request, params RawAnswer[] answers) =>
        new(family, name, [new RawStep(request, TimeSpan.Zero)], answers);

    public static RawAnswer App(int? status = null) => new(Reach.App, status);

    public static RawAnswer Host(int status) => new(Reach.Host, status);
}
